import { test, expect, Page } from "@playwright/test";
import { readFileSync } from "fs";
import { BOSS, formReady, hydrated, login } from "./helpers";

const STAFF = { user: "cangku", pass: "staff1234" };

/** On-hand and available of a SKU in one warehouse, from the stock board. */
async function stockOf(page: Page, code: string, warehouse: number) {
  await page.goto(`/inventory?q=${encodeURIComponent(code)}&w=${warehouse}`);
  await hydrated(page);
  const row = page.locator(`tr[data-sku="${code}"]`);
  await expect(row).toHaveCount(1);
  return { onHand: Number(await row.getByTestId("on-hand").innerText()), available: Number(await row.getByTestId("available").innerText()) };
}

async function warehouseId(page: Page, name: string) {
  const option = page.locator("select[name='input[from_warehouse_id]'] option", { hasText: name });
  return Number(await option.getAttribute("value"));
}

test("the warehouse receives stock, transfers to the branch and ships an order", async ({ page }) => {
  await login(page, STAFF.user, STAFF.pass, "/ship");
  const code = "P01-0104";
  const before = await stockOf(page, code, 1);

  // Receive 7 through the SKU picker (typing the code and Enter, as a scanner does).
  await page.getByText("+ 入库").click();
  const form = page.getByTestId("receive-form");
  await form.getByRole("searchbox").fill(code);
  await expect(form.locator(".picker-results button").first()).toContainText(code);
  await form.getByRole("searchbox").press("Enter");
  await expect(form.getByTestId("picked-sku")).toContainText(code);
  await form.getByLabel("数量").fill("7");
  await form.getByRole("button", { name: "入库" }).click();
  await expect(page.locator(".toast", { hasText: "入库成功" })).toBeVisible();
  await expect(page.locator(`tr[data-sku="${code}"]`).getByTestId("on-hand")).toHaveText(String(before.onHand + 7));

  // Transfer 3 to 华南仓: in transit (out of 总仓, not yet in the branch), then arrived.
  await page.goto("/inventory/transfers");
  await formReady(page);
  const branch = await warehouseId(page, "华南仓");
  await page.getByLabel("调出仓库").selectOption({ label: "总仓" });
  await page.getByLabel("调入仓库").selectOption({ label: "华南仓" });
  await page.getByRole("searchbox").fill(code);
  await page.locator(".picker-results button").first().click();
  const line = page.locator(".doc-line", { hasText: code });
  await line.getByLabel("数量").fill("3");
  await page.getByRole("button", { name: "确认调出" }).click();
  await expect(page.locator(".toast", { hasText: "已调出，在途中" })).toBeVisible();
  const transfer = page.locator("li[data-transfer]").first();
  await expect(transfer).toContainText("在途");
  await expect(transfer).toContainText("× 3");
  const branchBefore = await stockOf(page, code, branch).catch(() => ({ onHand: 0, available: 0 }));
  expect((await stockOf(page, code, 1)).onHand).toBe(before.onHand + 4);
  await page.goto("/inventory/transfers");
  await hydrated(page);
  await page.locator("li[data-transfer]").first().getByRole("button", { name: "确认到货" }).click();
  await expect(page.locator("li[data-transfer]").first()).toContainText("已到货");
  expect((await stockOf(page, code, branch)).onHand).toBe(branchBefore.onHand + 3);

  // Ship the oldest order waiting on the shipping queue: it leaves 待发货.
  await page.goto("/ship");
  await hydrated(page);
  const first = page.locator("table.ship tbody tr").first();
  const no = (await first.getByRole("link").innerText()).trim();
  page.once("dialog", (d) => d.accept());
  await first.getByRole("button", { name: "发货" }).click();
  await expect(page.locator("table.ship tbody tr", { hasText: no })).toHaveCount(0);
});

test("the boss sees the alert badge and the open alerts", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  const badge = page.getByTestId("alert-badge");
  await expect(badge).toBeVisible();
  const n = Number(await badge.innerText());
  expect(n).toBeGreaterThan(0);
  await page.goto("/inventory/alerts");
  await hydrated(page);
  await expect(page.locator("tr[data-alert]")).toHaveCount(Math.min(n, 50));
});

test("the boss exports the catalog, imports it back unchanged, then adds a product from a sheet", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/inventory/sheets");
  await formReady(page);

  // The export, imported as it is, changes nothing.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-products").click()]);
  expect(download.suggestedFilename()).toBe("products.xlsx");
  const xlsx = readFileSync((await download.path())!);
  await page.locator('input[type="file"]').setInputFiles({ name: "products.xlsx", mimeType: "application/octet-stream", buffer: xlsx });
  await page.getByRole("button", { name: "检查表格" }).click();
  const preview = page.getByTestId("sheet-preview");
  await expect(preview.getByTestId("sheet-noop")).toBeVisible();
  await expect(preview.locator('[data-figure="problems"] .kpi-value')).toHaveText("0");
  await expect(page.getByTestId("import-sheet")).toHaveCount(0);

  // A sheet with a bad price: every problem listed, nothing to import.
  const name = `桂花糕${Date.now() % 100000}`;
  const bad = `商品名称,分类,颜色,尺码,售价\n${name},糕点,,盒装,29.9\n${name},糕点,,礼盒,二十\n`;
  await page.locator('input[type="file"]').setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "检查表格" }).click();
  await expect(page.getByTestId("row-errors").locator("li")).toHaveText(["第 3 行「售价」：金额格式不正确（“二十”）"]);
  await expect(page.getByTestId("import-sheet")).toHaveCount(0);

  // Fixed: one new product with two SKUs, imported; checking the same sheet again finds nothing to do.
  const good = bad.replace("二十", "59");
  await page.locator('input[type="file"]').setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "检查表格" }).click();
  await expect(preview.locator('[data-figure="new-products"] .kpi-value')).toHaveText("1");
  await expect(preview.locator('[data-figure="new-skus"] .kpi-value')).toHaveText("2");
  await expect(preview.locator('tr[data-action="new_product"]')).toContainText(name);
  await page.getByTestId("import-sheet").click();
  await expect(page.locator(".toast", { hasText: "导入完成" })).toBeVisible();
  await page.locator('input[type="file"]').setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "检查表格" }).click();
  await expect(preview.getByTestId("sheet-noop")).toBeVisible();
  await expect(preview.locator('[data-figure="unchanged"] .kpi-value')).toHaveText("2");
});
