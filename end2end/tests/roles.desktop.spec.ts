import { test, expect } from "@playwright/test";
import { formReady, hydrated, login } from "./helpers";

const STAFF_PASS = "staff1234";

test("the warehouse starts on its shipping queue and sees only what it may open", async ({ page }) => {
  await login(page, "cangku", STAFF_PASS, "/ship");
  await expect(page.getByRole("heading", { name: "待发货" })).toBeVisible();
  const nav = page.locator("nav.nav");
  await expect(nav.getByRole("link", { name: "发货" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "首页" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "团队" })).toHaveCount(0);
  // The home page sends it back to its own home instead of an error box.
  await page.goto("/");
  await expect(page).toHaveURL(/\/ship$/);
  await expect(page.locator(".error-box")).toHaveCount(0);
  // Ship the oldest order on the first page.
  const first = page.locator("table.ship tbody tr").first();
  const no = await first.locator("td").first().innerText();
  page.once("dialog", (d) => d.accept());
  await first.getByRole("button", { name: "发货" }).click();
  await expect(page.locator(".toast", { hasText: "订单状态已更新" })).toBeVisible();
  await expect(page.locator("table.ship tbody tr", { hasText: no })).toHaveCount(0);
});

test("finance starts on the figures and can open orders but not the team", async ({ page }) => {
  await login(page, "caiwu", STAFF_PASS);
  await expect(page.getByTestId("kpi-sales")).toContainText("¥");
  const nav = page.locator("nav.nav");
  await expect(nav.getByRole("link", { name: "订单" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "团队" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "发货" })).toHaveCount(0);
});

test("demo mode says so on the sign-in page and in the app", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByTestId("demo-warning")).toContainText("演示模式");
});

test("a user sees their signed-in devices and signs one out", async ({ page, browser, baseURL }) => {
  const other = await browser.newContext({ baseURL });
  const phone = await other.newPage();
  await login(phone, "a14", "agent1234");
  await login(page, "a14", "agent1234");
  await page.goto("/account");
  await hydrated(page);
  await expect(page.locator('li.session[data-current="true"]')).toHaveCount(1);
  await expect(page.locator('li.session[data-current="true"]')).toContainText("本设备");
  const others = page.locator('li.session[data-current="false"]');
  await expect(others.first()).toBeVisible();
  while ((await others.count()) > 0) {
    const n = await others.count();
    await others.first().getByRole("button", { name: "退出该设备" }).click();
    await expect(others).toHaveCount(n - 1);
  }
  await phone.goto("/orders");
  await expect(phone).toHaveURL(/\/login$/);
  await other.close();
});
