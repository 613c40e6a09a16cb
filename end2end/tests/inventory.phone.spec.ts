import { test, expect } from "@playwright/test";
import { BOSS, formReady, hydrated, login } from "./helpers";

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

test("the warehouse clerk checks a product sheet on a phone", async ({ page }) => {
  await login(page, "cangku", "staff1234", "/ship");
  await page.goto("/inventory/sheets");
  await formReady(page);
  const sheet = "商品名称,分类,SKU编码,颜色,尺码,售价\n手机壳,配件,,透明,iPhone 16,19.9\n手机壳,配件,,黑色,iPhone 16,19.9\n手机壳,配件,P01-0101,,,1\n";
  await page.locator('input[type="file"]').setInputFiles({ name: "手机壳.csv", mimeType: "text/csv", buffer: Buffer.from(sheet) });
  await page.getByRole("button", { name: "检查表格" }).click();
  const preview = page.getByTestId("sheet-preview");
  await expect(preview.locator('[data-figure="new-skus"] .kpi-value')).toHaveText("2");
  // P01-0101 is another product's code.
  await expect(page.getByTestId("row-errors").locator("li")).toHaveText([/^第 4 行「商品名称」：这个编码属于商品「.+」，与本行商品名称不符$/]);
  await expect(preview.locator('tr[data-action="invalid"]')).toHaveCount(1);
  await expect(page.getByTestId("import-sheet")).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
