import { test, expect } from "@playwright/test";
import { AGENT_PASS, BOSS, formReady, hydrated, login } from "./helpers";

// a06 (黄婷婷) is a second-level agent with no downline.
const AGENT = { user: "a06", name: "黄婷婷" };

test("agent on a phone asks for a refund on a shipped order: above what was paid is refused", async ({ page, browser, baseURL }) => {
  // The boss enters, marks paid and ships an order of a06's customer.
  const boss = await browser.newContext({ baseURL });
  const req = boss.request;
  expect((await req.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  const agents = await (await req.post("/rpc/list_agents", { form: {} })).json();
  const agent = agents.find((a: any) => a.display_name === AGENT.name || a.name === AGENT.name || a.username === AGENT.user);
  expect(agent).toBeTruthy();
  const skus = await (await req.post("/rpc/sku_choices", { form: {} })).json();
  const sku = [...skus].sort((a: any, b: any) => (b.qty - b.reserved) - (a.qty - a.reserved))[0];
  const res = await req.post("/rpc/create_order", {
    form: {
      "input[agent_id]": String(agent.id),
      "input[customer_name]": "售后测试",
      "input[mobile]": "135" + String(Date.now()).slice(-8),
      "input[address]": "浙江省杭州市西湖区文三路 9 号",
      "input[channel]": "wechat",
      "input[lines][0][sku_id]": String(sku.sku_id),
      "input[lines][0][qty]": "1",
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const [id] = await res.json();
  for (const transition of ["mark_paid", "ship"]) {
    expect((await req.post("/rpc/transition_order", { form: { id: String(id), transition } })).ok()).toBeTruthy();
  }
  await boss.close();

  await login(page, AGENT.user, AGENT_PASS);
  await page.goto(`/orders/${id}`);
  await hydrated(page);
  const card = page.getByTestId("after-sales");
  await expect(card).toContainText("暂无售后");
  await card.getByLabel("售后类型").selectOption("refund_only");
  await card.getByLabel("原因").fill("少发一件");
  await card.getByLabel("退款金额（元）").fill("99999");
  await card.getByRole("button", { name: "提交售后申请" }).click();
  await expect(card.locator("[data-error]")).toHaveAttribute("data-error", "fulfil.refund_over_paid");
  await card.getByLabel("退款金额（元）").fill("1");
  await card.getByRole("button", { name: "提交售后申请" }).click();
  await expect(card.locator('.after-sale[data-state="requested"]')).toContainText("仅退款");
  await expect(card.locator('.after-sale[data-state="requested"]')).toContainText("少发一件");
  // The agent cannot approve its own request: no buttons for it.
  await expect(card.locator(".after-sale .actions button")).toHaveCount(0);
  // The request is in the order's history (read again from the server).
  await page.reload();
  await hydrated(page);
  await expect(page.locator('[data-testid="timeline"] li[data-kind="after_sale"]')).toContainText("仅退款");
});

test("agent on a phone enters a second order for the same recipient and merges it (是否合并订单)", async ({ page, browser, baseURL }) => {
  // An open order of a06's customer, entered by the boss.
  const boss = await browser.newContext({ baseURL });
  const req = boss.request;
  expect((await req.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  const agents = await (await req.post("/rpc/list_agents", { form: {} })).json();
  const agent = agents.find((a: any) => a.display_name === AGENT.name || a.name === AGENT.name || a.username === AGENT.user);
  const skus = await (await req.post("/rpc/sku_choices", { form: {} })).json();
  const sku = [...skus].sort((a: any, b: any) => (b.qty - b.reserved) - (a.qty - a.reserved))[0];
  const mobile = "136" + String(Date.now()).slice(-8);
  const res = await req.post("/rpc/create_order", {
    form: {
      "input[agent_id]": String(agent.id),
      "input[customer_name]": "合并测试",
      "input[mobile]": mobile,
      "input[address]": "浙江省杭州市西湖区文三路 10 号",
      "input[channel]": "wechat",
      "input[lines][0][sku_id]": String(sku.sku_id),
      "input[lines][0][qty]": "1",
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const [firstId, firstNo] = await res.json();
  await boss.close();

  await login(page, AGENT.user, AGENT_PASS);
  await page.goto("/orders/new");
  await formReady(page);
  await page.getByLabel("收货人").fill("合并测试");
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("收货地址").fill("浙江省杭州市西湖区文三路10号");
  await page.getByTestId("sku-search").fill(sku.code);
  await page.locator('[data-testid="sku-results"] .picker-row', { hasText: sku.code }).first().click();
  await expect(page.locator('[data-testid="order-lines"] li')).toHaveCount(1);
  await page.getByRole("button", { name: "提交订单" }).click();
  const prompt = page.getByTestId("merge-prompt");
  await expect(prompt).toContainText("是否合并订单？");
  const row = prompt.locator(`[data-testid="dup-order"][data-no="${firstNo}"]`);
  await expect(row).toContainText("收货手机号相同");
  await row.getByTestId("merge-into").click();
  await page.waitForURL(new RegExp(`/orders/${firstId}$`));
  await hydrated(page);
  await expect(page.getByTestId("order-status")).toHaveText("待付款");
  await expect(page.locator('[data-testid="timeline"] li[data-kind="merged_from"]')).toContainText("合并了订单");
  // One order now holds both lines (the same SKU twice: each entry keeps its line).
  const merged = await (await page.request.post("/rpc/get_order", { form: { id: String(firstId) } })).json();
  expect(merged.lines.length).toBe(2);
  expect(merged.log.map((g: any) => g.kind)).toContain("merged_from");
});
