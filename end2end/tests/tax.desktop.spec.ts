import { test, expect } from "@playwright/test";
import { BOSS, formReady, hydrated, login, rpc } from "./helpers";
import { readFileSync } from "fs";

/** Today in Shanghai as YYYY-MM-DD. */
function today(): string {
  return new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
}

test("boss invoices two orders of one buyer and exports the month's VAT summary", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  // Two paid orders of one new customer: 1 and 2 boxes of 流心蛋黄酥 at ¥49.90.
  const skus = await (await rpc(page.request, "sku_choices", {})).json();
  const sku = skus.find((s: any) => s.product_name.startsWith("流心蛋黄酥"));
  const agents = await (await rpc(page.request, "list_agents", {})).json();
  const mobile = "137" + String(Date.now()).slice(-8);
  const orderNos: string[] = [];
  for (const qty of [1, 2]) {
    const res = await rpc(page.request, "create_order", {
      "input[agent_id]": String(agents[0].id),
      "input[customer_name]": "开票客户",
      "input[mobile]": mobile,
      "input[address]": "浙江省杭州市西湖区文三路 200 号",
      "input[channel]": "wechat",
      "input[lines][0][sku_id]": String(sku.sku_id),
      "input[lines][0][qty]": String(qty),
    });
    expect(res.ok()).toBeTruthy();
    const [id, no] = await res.json();
    orderNos.push(no);
    expect((await rpc(page.request, "transition_order", { id: String(id), transition: "mark_paid" })).ok()).toBeTruthy();
  }

  // The invoice from both orders: found by the buyer's mobile, both chosen.
  await page.goto("/tax/invoices/new");
  await formReady(page);
  await page.getByLabel("客户手机号或订单号").fill(mobile);
  await page.getByRole("button", { name: "查找" }).click();
  for (const no of orderNos) await page.locator(`input[data-order="${no}"]`).check();
  await expect(page.getByTestId("orders-chosen")).toHaveText("已选 2 个订单");
  await expect(page.getByLabel("购买方名称")).toHaveValue("开票客户");
  // 3 × 49.90 = 149.70 at 1%: tax 149.70 / 101 = 1.482… → 1.48, amount 148.22.
  await page.getByRole("button", { name: "预览" }).click();
  const preview = page.getByTestId("invoice-preview");
  await expect(preview.getByTestId("invoice-capitals")).toHaveText("壹佰肆拾玖元柒角整");
  await expect(preview.getByTestId("invoice-tax")).toHaveText("1.48");
  await expect(preview.getByTestId("invoice-amount")).toHaveText("148.22");
  await expect(preview.locator("tbody tr")).toHaveCount(1);
  await expect(preview.locator("tbody tr").first()).toContainText("*焙烤食品*流心蛋黄酥");
  await page.getByRole("button", { name: "保存为待开票" }).click();

  await page.waitForURL(/\/tax\/invoices\/\d+$/);
  await expect(page.getByTestId("invoice-status")).toContainText("待开票");
  await expect(page.getByTestId("invoice-gross")).toHaveText("¥149.70");
  for (const no of orderNos) await expect(page.getByRole("link", { name: no })).toBeVisible();

  // Issued on the platform: the 20-digit number and date are recorded.
  await formReady(page);
  const number = "2635" + String(Date.now()).padStart(16, "0").slice(-16);
  await page.getByLabel("发票号码").fill("123");
  await page.getByLabel("开票日期").fill(today());
  await page.getByRole("button", { name: "登记", exact: true }).click();
  await expect(page.locator(".form-error")).toHaveAttribute("data-error", "tax.invoice_number");
  await page.getByLabel("发票号码").fill(number);
  await page.getByRole("button", { name: "登记", exact: true }).click();
  await expect(page.getByTestId("invoice-status")).toContainText("已开票");
  await expect(page.getByTestId("invoice-number")).toHaveText(number);

  // The month's VAT summary, exported as .xlsx.
  await page.locator("nav.nav").getByRole("link", { name: "税务" }).click();
  await expect(page).toHaveURL(/\/tax$/);
  const month = today().slice(0, 7);
  await expect(page.getByTestId("vat-period")).toHaveText(`${Number(month.slice(0, 4))}年${Number(month.slice(5))}月`);
  await expect(page.locator("table.vat-lines tbody tr")).toHaveCount(25);
  await expect(page.locator('tr[data-line="1"]')).toContainText("应征增值税不含税销售额（3%征收率）");
  await hydrated(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-vat").click()]);
  expect(download.suggestedFilename()).toBe(`vat-${month}.xlsx`);
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe("PK");
  expect(bytes.length).toBeGreaterThan(3000);
  // The page is still there after the download.
  await expect(page.getByTestId("vat-period")).toBeVisible();
});
