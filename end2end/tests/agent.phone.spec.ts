import { test, expect } from "@playwright/test";
import { AGENT_PASS, BOSS, formReady, login, hydrated } from "./helpers";

// a06 (黄婷婷) is a second-level agent with no downline.
const AGENT = { user: "a06", name: "黄婷婷" };

test("agent on a phone sees only its own orders; another line's order is not found", async ({ page, browser, baseURL }) => {
  // Find an order of another agent, as the boss.
  const bossCtx = await browser.newContext({ baseURL });
  const bossReq = bossCtx.request;
  expect((await bossReq.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  const list = await (await bossReq.post("/rpc/list_orders", { form: { "filter[q]": "" } })).json();
  const foreign = list.rows.find((r: any) => r.agent_name !== AGENT.name);
  expect(foreign).toBeTruthy();
  await bossCtx.close();

  await login(page, AGENT.user, AGENT_PASS);
  // Phone layout: bottom tab bar, no side bar.
  const nav = page.locator("nav.nav");
  const navBox = await nav.boundingBox();
  expect(navBox!.y + navBox!.height).toBeGreaterThan(800);
  await expect(nav.getByRole("link", { name: "订单" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "库存" })).toBeVisible();

  await nav.getByRole("link", { name: "订单" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  const agents = page.locator('table.orders td[data-label="所属代理"]');
  await expect(agents.first()).toBeVisible();
  for (const name of await agents.allInnerTexts()) expect(name).toBe(AGENT.name);

  // By URL: the same answer as for an order that does not exist (no existence oracle).
  await page.goto(`/orders/${foreign.id}`);
  await expect(page.locator(".error-box")).toContainText("找不到该记录");
  await expect(page.getByTestId("order-no")).toHaveCount(0);

  // By server function call with the agent's own session: 404, nothing leaked.
  const res = await page.request.post("/rpc/get_order", { form: { id: String(foreign.id) } });
  expect(res.status()).toBe(404);
  expect(await res.json()).toEqual({ kind: "not_found" });
  const missing = await page.request.post("/rpc/get_order", { form: { id: "999999999" } });
  expect(await missing.json()).toEqual({ kind: "not_found" });
  // Nor can it move the order along.
  const t = await page.request.post("/rpc/transition_order", { form: { id: String(foreign.id), transition: "cancel" } });
  expect(t.status()).toBe(404);
});

test("agent enters an order on the phone for its own customer", async ({ page }) => {
  await login(page, AGENT.user, AGENT_PASS);
  await page.goto("/orders/new");
  await formReady(page);
  // With no downline the agent is preselected.
  await expect(page.getByLabel("所属代理")).toHaveValue(/\d+/);
  await page.getByLabel("收货人").fill("李女士");
  await page.getByLabel("手机号").fill("13700001111");
  await page.getByLabel("收货地址").fill("上海市浦东新区世纪大道 8 号");
  await page.getByTestId("sku-search").fill("丝绒哑光口红");
  await page.locator('[data-testid="sku-results"] .picker-row').first().tap();
  await expect(page.locator('[data-testid="order-lines"] li')).toHaveCount(1);
  await page.getByRole("button", { name: "提交订单" }).click();
  await page.waitForURL(/\/orders\/\d+$/);
  await expect(page.getByTestId("order-status")).toHaveText("待付款");
  // Agents cannot ship, and by default (a team setting) cannot confirm payment either.
  await expect(page.getByRole("button", { name: "取消订单" })).toBeVisible();
  await expect(page.getByRole("button", { name: "发货" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "确认收款" })).toHaveCount(0);
});
