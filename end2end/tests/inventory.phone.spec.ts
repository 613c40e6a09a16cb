import { test, expect } from "@playwright/test";
import { BOSS, hydrated, login } from "./helpers";

test("the boss opens purchase suggestions on a phone and makes a purchase order", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/inventory/suggestions");
  await hydrated(page);
  await expect(page.getByTestId("beat-naive")).toBeVisible();
  const group = page.locator(".suggestion-group[data-supplier]:not([data-supplier=''])").first();
  await expect(group).toBeVisible();
  const qty = Number(await group.getByTestId("suggested-qty").first().innerText());
  expect(qty).toBeGreaterThan(0);
  const code = (await group.locator("tbody tr").first().getAttribute("data-sku")) as string;
  await group.getByRole("button", { name: "一键生成采购单" }).click();
  const open = group.getByRole("link", { name: /查看采购单/ });
  await expect(open).toBeVisible();
  await open.click();
  await hydrated(page);
  await expect(page.locator("body")).toContainText(code);
  // Nothing overflows the phone's width.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
