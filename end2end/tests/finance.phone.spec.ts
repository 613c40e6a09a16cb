import { test, expect } from "@playwright/test";
import { AGENT_PASS, hydrated, login, rpc } from "./helpers";

test("finance on a phone: the payments to handle and the month's P&L", async ({ page }) => {
  await login(page, "caiwu", "staff1234");
  await page.locator("nav.nav").getByRole("link", { name: "财务" }).click();
  await page.waitForURL(/\/finance$/);
  await hydrated(page);
  await expect(page.locator("table.payments tbody tr").first()).toBeVisible();
  await page.getByTestId("payment-views").getByRole("link", { name: "待处理" }).click();
  await page.waitForURL(/view=open/);
  await expect(page.locator('table.payments tbody tr[data-state="ambiguous"]').first()).toBeVisible();
  await page.locator(".finance-tabs").getByRole("link", { name: "利润表" }).click();
  await page.waitForURL(/\/finance\/pnl/);
  await expect(page.getByTestId("kpi-net")).toContainText("¥");
  // Nothing wider than the phone.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(390);
});

test("an agent sees its order's payments but no finance pages", async ({ page }) => {
  await login(page, "a01", AGENT_PASS);
  const list = await (await rpc(page.request, "list_orders", { "filter[status]": "completed" })).json();
  const order = list.rows[0];
  await page.goto(`/orders/${order.id}`);
  await hydrated(page);
  const card = page.getByTestId("order-payments");
  await expect(card).toBeVisible();
  await expect(card.getByTestId("order-paid")).toContainText("¥");
  await expect(page.locator("nav.nav").getByRole("link", { name: "财务" })).toHaveCount(0);
  await page.goto("/finance/pnl");
  await expect(page.locator(".error-box")).toHaveAttribute("data-code", "403");
});
