import { test, expect } from "@playwright/test";
import { AGENT_PASS, formReady, hydrated, login, searchOrders } from "./helpers";

// a06 (黄婷婷) is a second-level agent with no downline: the order form preselects her.
const AGENT = { user: "a06", name: "黄婷婷" };

test("agent pastes a chat message, corrects the highlighted address, saves and finds the order", async ({ page }) => {
  await login(page, AGENT.user, AGENT_PASS);
  await page.goto("/orders/new");
  await formReady(page);
  const mobile = "139" + String(Date.now()).slice(-8);
  // 朝阳区 is in 北京 and in 长春: the parser picks 北京 and asks the user to check.
  await page.getByTestId("paste-input").fill(`朝阳区建国路88号 李雷 ${mobile}`);
  await expect(page.locator('[data-testid="parsed"] [data-field="name"]')).toContainText("李雷");
  await expect(page.locator('[data-testid="parsed"] [data-field="city"][data-unsure="true"]')).toBeVisible();
  await page.getByTestId("paste-apply").tap();
  await expect(page.getByTestId("recipient")).toHaveValue("李雷");
  await expect(page.getByTestId("mobile")).toHaveValue(mobile);
  const address = page.getByTestId("address");
  await expect(address).toHaveValue(/朝阳区建国路88号/);
  await expect(address).toHaveClass(/unsure/);
  await expect(page.getByTestId("recipient")).not.toHaveClass(/unsure/);
  // The customer meant 长春.
  await address.fill("吉林省长春市朝阳区建国路88号");
  await expect(address).not.toHaveClass(/unsure/);
  // The SKU picker: pinyin initials of 丝绒哑光口红, tapped.
  await page.getByTestId("sku-search").fill("srygkh");
  const row = page.locator('[data-testid="sku-results"] .picker-row').first();
  await expect(row).toContainText("丝绒哑光口红");
  await row.tap();
  await expect(page.locator('[data-testid="order-lines"] li')).toHaveCount(1);
  await page.getByRole("button", { name: "提交订单" }).tap();
  await page.waitForURL(/\/orders\/\d+$/);
  await expect(page.getByTestId("order-status")).toHaveText("待付款");
  const orderNo = await page.getByTestId("order-no").innerText();
  await searchOrders(page, mobile);
  await expect(page.locator("table.orders tbody tr")).toHaveCount(1);
  await expect(page.locator("table.orders tbody tr")).toContainText(orderNo);
});

test("a customer orders from the agent's share page and the agent sees the order", async ({ page, browser, baseURL }) => {
  await login(page, AGENT.user, AGENT_PASS);
  await page.goto("/share");
  await hydrated(page);
  const link = page.getByTestId("share-link");
  await expect(link).toHaveValue(/\/s\/[2-9A-Z]{8}$/);
  const path = new URL(await link.inputValue()).pathname;
  await expect(page.locator(".poster-item img").first()).toBeVisible();

  // The customer: no account, another phone.
  const customer = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
  const shop = await customer.newPage();
  await shop.goto(path);
  await hydrated(shop);
  await expect(shop.getByRole("heading", { level: 1 })).toContainText(AGENT.name);
  await shop.locator(".shop-sku input.qty").first().fill("2");
  await expect(shop.getByTestId("share-total")).not.toHaveText("¥0.00");
  const mobile = "137" + String(Date.now()).slice(-8);
  await shop.getByTestId("paste-input").fill(`收货人：韩梅梅\n电话：${mobile}\n地址：广东省深圳市南山区科苑路15号`);
  await shop.getByTestId("paste-apply").tap();
  await expect(shop.getByTestId("recipient")).toHaveValue("韩梅梅");
  await expect(shop.getByTestId("address")).toHaveValue("广东省深圳市南山区科苑路15号");
  await shop.getByTestId("share-submit").tap();
  await expect(shop.getByTestId("share-receipt")).toBeVisible();
  const orderNo = await shop.getByTestId("share-order-no").innerText();
  expect(orderNo).toMatch(/^ZG\d{12}$/);
  await customer.close();

  await searchOrders(page, mobile);
  const found = page.locator("table.orders tbody tr");
  await expect(found).toHaveCount(1);
  await expect(found).toContainText(orderNo);
  await expect(found.locator('td[data-label="渠道"]')).toHaveText("朋友圈/分享");
  await expect(found.locator(".badge")).toHaveText("待付款");
});
