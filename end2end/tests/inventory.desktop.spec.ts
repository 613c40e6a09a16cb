import { test, expect, Page } from "@playwright/test";
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
