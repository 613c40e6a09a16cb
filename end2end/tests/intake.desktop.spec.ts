import { test, expect, Page } from "@playwright/test";
import { BOSS, formReady, login, rpc, searchOrders } from "./helpers";

const HEAD = "商品,订单号,订单状态,商品总价(元),店铺优惠折扣(元),平台优惠折扣(元),邮费(元),用户实付金额(元),商家实收金额(元),商品数量(件),收货人,手机,省,市,区,街道,详细地址,支付时间,成交时间,商品id,商品规格,样式ID,商家编码-SKU维度,商家编码-商品维度,商家备注,买家留言,售后状态";

/** A Pinduoduo export row: numbers and mobiles padded with a tab, as the back office writes them. */
function row(title: string, no: string, qty: number, price: string, name: string, mobile: string, code: string) {
  const total = (Number(price) * qty).toFixed(2);
  return `${title},\t${no},待发货,${total},0.00,0.00,0.00,${total},${total},${qty},${name},\t${mobile},浙江省,杭州市,西湖区,,文三路 ${qty} 号,2026-01-01 10:00:00,2026-01-01 10:00:00,\t1,默认,\t1,${code},,,,无售后或售后取消`;
}

async function upload(page: Page, name: string, csv: string) {
  await page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from("\ufeff" + csv, "utf8") });
  await page.getByRole("button", { name: "上传并预览" }).click();
  await expect(page.getByTestId("import-preview")).toBeVisible();
}

test("boss imports a Pinduoduo export: bad rows block it, a clean file lands once", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  const skus = (await (await rpc(page.request, "sku_choices", {})).json()).filter((s: any) => s.qty - s.reserved > 10);
  const [a, b] = [skus[0], skus[1]];
  const stamp = String(Date.now()).slice(-8);
  const m1 = "135" + stamp, m2 = "136" + stamp;
  const clean = [HEAD,
    row(a.product_name, `260102-${stamp}0001`, 2, a.price.replace("¥", ""), "钱多多", m1, a.code),
    row(b.product_name, `260102-${stamp}0002`, 1, b.price.replace("¥", ""), "孙小美", m2, b.code)].join("\n") + "\n";
  const bad = clean.replace(`\t${m2}`, "\t136****5678");

  await page.goto("/orders/import");
  await formReady(page);
  await page.getByTestId("import-agent").selectOption({ label: "黄婷婷" });
  await upload(page, "bad.csv", bad);
  await expect(page.getByTestId("import-problems")).toContainText("手机");
  await expect(page.getByTestId("import-commit")).toBeDisabled();

  await upload(page, "orders.csv", clean);
  await expect(page.getByTestId("import-new")).toHaveText("2");
  await expect(page.getByTestId("import-known")).toHaveText("0");
  await page.getByTestId("import-commit").click();
  await page.waitForURL(/\/orders$/);
  await searchOrders(page, m1);
  const found = page.locator("table.orders tbody tr");
  await expect(found).toHaveCount(1);
  await expect(found.locator('td[data-label="渠道"]')).toHaveText("拼多多");
  await expect(found.locator(".badge")).toHaveText("待发货");

  // The same file again creates nothing.
  await page.goto("/orders/import");
  await formReady(page);
  await page.getByTestId("import-agent").selectOption({ label: "黄婷婷" });
  await upload(page, "orders.csv", clean);
  await expect(page.getByTestId("import-new")).toHaveText("0");
  await expect(page.getByTestId("import-known")).toHaveText("2");
});
