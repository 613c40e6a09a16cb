import { test, expect } from "@playwright/test";
import { BOSS, formReady, login, onHand, hydrated, searchOrders } from "./helpers";

const SKU = "P04-0101"; // 玻尿酸补水面膜（10片）

test("boss sees this month's sales and a 30-day chart with data", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await expect(page.getByTestId("kpi-sales")).toContainText("¥");
  const canvas = page.locator("#sales-chart canvas");
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  expect(box!.width).toBeGreaterThan(300);
  // The chart holds 30 points whose sum equals the server's total, to the fen.
  const totalFen = Number(await page.getByTestId("chart-total-fen").getAttribute("data-value"));
  expect(totalFen).toBeGreaterThan(0);
  const data: number[] = await page.evaluate(() => {
    const el = document.getElementById("sales-chart")!;
    // @ts-ignore echarts is a global from /echarts.min.js
    return echarts.getInstanceByDom(el).getOption().series[0].data;
  });
  expect(data).toHaveLength(30);
  expect(Math.round(data.reduce((a, b) => a + b, 0) * 100)).toBe(totalFen);
});

test("boss enters an order for an agent's customer, ships it, and stock drops", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  const before = await onHand(page, SKU);

  await page.goto("/orders/new");
  await formReady(page);
  await page.getByLabel("所属代理").selectOption({ label: "黄婷婷" });
  await page.getByLabel("收货人").fill("测试客户");
  const mobile = "139" + String(Date.now()).slice(-8);
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("收货地址").fill("浙江省杭州市西湖区文三路 100 号");
  const skuOption = page.locator('select[name$="[sku_id]"] option', { hasText: "玻尿酸补水面膜" }).first();
  await page.locator('select[name$="[sku_id]"]').first().selectOption(await skuOption.getAttribute("value") as string);
  await page.getByLabel("数量").first().fill("2");
  await expect(page.getByTestId("order-total")).toHaveText("¥178.00");
  await page.getByRole("button", { name: "提交订单" }).click();

  await page.waitForURL(/\/orders\/\d+$/);
  await expect(page.getByTestId("order-status")).toHaveText("待付款");
  await expect(page.getByTestId("order-amount")).toHaveText("¥178.00");
  const orderNo = await page.getByTestId("order-no").innerText();
  expect(orderNo).toMatch(/^ZG\d{12}$/);

  await page.getByRole("button", { name: "确认收款" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("待发货");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "发货" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("已发货");
  await expect(page.locator(".timeline li")).toHaveCount(3);

  expect(await onHand(page, SKU)).toBe(before - 2);
  // The ledger (its own page, filtered by the SKU) shows the shipment first.
  await page.goto(`/inventory/ledger?sku=${SKU}`);
  await hydrated(page);
  await expect(page.locator("table.ledger tbody tr").first()).toContainText("发货出库");

  // The order is found by mobile number (which never appears in the URL).
  await searchOrders(page, mobile);
  await expect(page.locator("table.orders tbody tr")).toHaveCount(1);
  await expect(page.locator("table.orders tbody tr")).toContainText(orderNo);
});

test("order list filters by status and pages", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/orders?status=cancelled");
  await hydrated(page);
  const badges = page.locator("table.orders .badge");
  await expect(badges.first()).toHaveText("已取消");
  expect(await badges.count()).toBe(20);
  const firstNo = await page.locator("table.orders tbody tr td").first().innerText();
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(/status=cancelled&after=\d+\.\d+/);
  await expect(badges.first()).toHaveText("已取消");
  await expect(page.locator("table.orders tbody tr td").first()).not.toHaveText(firstNo);
  // And back.
  await page.getByRole("link", { name: "上一页" }).click();
  await expect(page.locator("table.orders tbody tr td").first()).toHaveText(firstNo);
});
