import { test, expect } from "@playwright/test";
import { AGENT_PASS, BOSS, formReady, login } from "./helpers";

// a06 (黄婷婷) is a second-level agent; the demo's 高净值沉睡唤醒 campaign gives it follow-ups.
const AGENT = { user: "a06", name: "黄婷婷" };

test("agent opens a silent high-value customer from its follow-ups, adds a note, orders with the coupon", async ({ page, browser, baseURL }) => {
  // Which agent has a 高净值沉睡唤醒 follow-up today (the demo is anchored at today): ask as the boss.
  const bossCtx = await browser.newContext({ baseURL });
  expect((await bossCtx.request.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  const all = await (await bossCtx.request.post("/rpc/list_follow_ups", { form: {} })).json();
  const pick = all.find((f: any) => f.campaign === "高净值沉睡唤醒" && !f.done && f.coupon);
  expect(pick).toBeTruthy();
  const team = await (await bossCtx.request.post("/rpc/list_team", { form: {} })).json();
  const agent = team.find((m: any) => m.display_name === pick.agent_name);
  await bossCtx.close();
  await login(page, agent.username, AGENT_PASS);
  const followups = page.getByTestId("followups");
  await expect(followups).toBeVisible();
  const item = followups.locator(`li.followup[data-followup="${pick.id}"]`);
  await expect(item).toBeVisible();
  await expect(item.locator(".coupon-line")).toContainText("满 ¥200 减 ¥50");
  const name = (await item.getByTestId("followup-customer").innerText()).trim();
  await item.getByTestId("followup-customer").click();
  await page.waitForURL(/\/customers\/\d+$/);
  const profile = page.url();
  await expect(page.getByTestId("customer-name")).toHaveText(name);
  // The owning agent sees the full mobile; the tags say which rule gave them.
  await expect(page.getByTestId("customer-mobile")).toHaveText(/^1\d{10}/);
  await expect(page.locator('li.tag-item[data-tag="高净值"]')).toContainText("自动标签");

  // A note from the phone.
  await formReady(page);
  const note = `电话回访：对新款面膜感兴趣 ${Date.now()}`;
  await page.getByLabel("添加记录").fill(note);
  await page.getByRole("button", { name: "添加记录" }).click();
  await expect(page.locator("ul.notes")).toContainText(note);

  // An order with the customer's coupon: the form knows the customer.
  await page.getByTestId("place-order").click();
  await page.waitForURL(/\/orders\/new\?customer=\d+$/);
  await formReady(page);
  await expect(page.getByLabel("收货人")).toHaveValue(name);
  const coupon = page.getByTestId("coupon");
  const code = await coupon.locator("option", { hasText: "满 ¥200 减 ¥50" }).first().getAttribute("value");
  expect(code).toMatch(/^[2-9A-Z]{8}$/);
  await coupon.selectOption(code!);
  const opt = page.locator('select[name$="[sku_id]"] option', { hasText: "透气运动鞋" }).first();
  await page.locator('select[name$="[sku_id]"]').first().selectOption((await opt.getAttribute("value")) as string);
  await expect(page.getByTestId("order-total")).toHaveText("¥209.00");
  await page.getByRole("button", { name: "提交订单" }).click();
  await page.waitForURL(/\/orders\/\d+$/);
  await expect(page.getByTestId("order-discount")).toHaveText("-¥50.00");
  await expect(page.getByTestId("order-amount")).toHaveText("¥209.00");

  // The coupon is used: the profile says so, with the note and the new order.
  await page.goto(profile);
  await expect(page.locator(`li[data-coupon="${code}"]`)).toContainText("已使用");
  await expect(page.locator("ul.notes")).toContainText(note);
});

test("another line's customer is not found, by URL and by server function", async ({ page, browser, baseURL }) => {
  const bossCtx = await browser.newContext({ baseURL });
  expect((await bossCtx.request.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  const list = await (await bossCtx.request.post("/rpc/list_customers", { form: {} })).json();
  const foreign = list.rows.find((r: any) => r.agent_name !== AGENT.name);
  expect(foreign).toBeTruthy();
  await bossCtx.close();

  await login(page, AGENT.user, AGENT_PASS);
  const nav = page.locator("nav.nav");
  await nav.getByRole("link", { name: "客户" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  const agents = page.locator('table.customers td[data-label="所属代理"]');
  await expect(agents.first()).toBeVisible();
  for (const n of await agents.allInnerTexts()) expect(n).toBe(AGENT.name);

  await page.goto(`/customers/${foreign.id}`);
  await expect(page.locator(".error-box")).toContainText("找不到该记录");
  await expect(page.getByTestId("customer-name")).toHaveCount(0);
  const res = await page.request.post("/rpc/get_customer", { form: { id: String(foreign.id) } });
  expect(res.status()).toBe(404);
  expect(await res.json()).toEqual({ kind: "not_found" });
  const note = await page.request.post("/rpc/add_customer_note", { form: { id: String(foreign.id), kind: "other", body: "x" } });
  expect(note.status()).toBe(404);
});
