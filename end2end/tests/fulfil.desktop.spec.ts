import { test, expect, Page, APIRequestContext } from "@playwright/test";
import { readFileSync } from "node:fs";
import { BOSS, formReady, hydrated, login, rpc, searchOrders, xlsxCells } from "./helpers";
import { barsOf, decode128 } from "./code128";

const WAREHOUSE = { user: "cangku", pass: "staff1234" };

/** Three paid orders (浙江, 新疆, 四川) of one SKU, made by the boss: [id, order no.][]. */
async function threeOrders(request: APIRequestContext): Promise<[number, string][]> {
  const skus = await (await rpc(request, "sku_choices", {})).json();
  const sku = [...skus].sort((a: any, b: any) => (b.qty - b.reserved) - (a.qty - a.reserved))[0];
  const agents = await (await rpc(request, "list_agents", {})).json();
  const out: [number, string][] = [];
  const stamp = String(Date.now()).slice(-7);
  for (const [i, addr] of ["浙江省杭州市西湖区文三路 8 号", "新疆维吾尔自治区乌鲁木齐市天山区光明路 1 号", "四川省成都市武侯区人民南路 3 号"].entries()) {
    const res = await rpc(request, "create_order", {
      "input[agent_id]": String(agents[0].id),
      "input[customer_name]": "发货测试",
      "input[mobile]": `139${i}${stamp}`,
      "input[address]": addr,
      "input[channel]": "wechat",
      "input[lines][0][sku_id]": String(sku.sku_id),
      "input[lines][0][qty]": "1",
    });
    expect(res.ok(), await res.text()).toBeTruthy();
    const [id, no] = await res.json();
    expect((await rpc(request, "transition_order", { id: String(id), transition: "mark_paid" })).ok()).toBeTruthy();
    out.push([id, no]);
  }
  return out;
}

async function pdfPages(page: Page): Promise<number> {
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1");
  return (pdf.match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

test("warehouse prints labels and a picking list for a batch, then ships it by pasted tracking numbers", async ({ page, browser, baseURL }) => {
  const boss = await browser.newContext({ baseURL });
  expect((await boss.request.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  const orders = await threeOrders(boss.request);
  // Routing chose by the seed rules: 江浙沪 → 圆通, remote → 邮政, else 中通.
  const couriers = [];
  for (const [id] of orders) couriers.push((await (await boss.request.post("/rpc/get_order", { form: { id: String(id) } })).json()).courier.code);
  expect(couriers).toEqual(["YTO", "EMS", "ZTO"]);
  await boss.close();

  await login(page, WAREHOUSE.user, WAREHOUSE.pass, "/ship");
  await page.getByTestId("to-batch").click();
  await expect(page).toHaveURL(/\/ship\/batch$/);
  await hydrated(page);
  await page.waitForSelector('section[data-ready="true"]');
  for (const [, no] of orders) await page.getByRole("checkbox", { name: no, exact: true }).check();
  await expect(page.getByTestId("selected-count")).toHaveText("已选 3 单");
  await page.getByRole("button", { name: "打印面单 100×180" }).click();
  await expect(page).toHaveURL(/\/ship\/print\?/);
  await hydrated(page);
  await expect(page.getByTestId("label-count")).toHaveText("共 3 张面单");
  const labels = page.locator("article.waybill");
  await expect(labels).toHaveCount(3);
  await expect(labels.first()).toContainText("王姐小店");
  // Each label's barcode decodes to its order number.
  for (const [i, [, no]] of orders.entries()) {
    const label = labels.nth(i);
    await expect(label).toHaveAttribute("data-order-no", no);
    const inner = await label.locator(".wb-barcode svg svg").evaluate((e) => e.outerHTML);
    expect(decode128(barsOf(inner))).toBe(no);
  }
  // Printed (Chromium's print-to-PDF, CSS page size): one page per label.
  expect(await pdfPages(page)).toBe(3);
  // The small layout too.
  await page.goto(page.url().replace("size=100x180", "size=76x130"));
  await hydrated(page);
  await expect(page.getByTestId("label-count")).toHaveText("共 3 张面单");
  expect(await pdfPages(page)).toBe(3);

  // Picking list of the same three: one SKU, 3 pieces in 3 orders.
  await page.goto(page.url().replace("/ship/print", "/ship/picking"));
  await hydrated(page);
  await expect(page.getByTestId("picking-total")).toHaveText("合计 3 件，3 个订单");
  // As .xlsx: the quantities are numbers (the last row is the total: 3).
  const [picking] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-picking").click()]);
  expect(picking.suggestedFilename()).toMatch(/\.xlsx$/);
  const pick = xlsxCells(readFileSync((await picking.path())!));
  const numbers = [...pick.values()].filter((c) => c.t === "" || c.t === "n").map((c) => Number(c.text));
  expect(numbers.length).toBeGreaterThan(0);
  expect(numbers).toContain(3);

  // Tracking numbers pasted (one unknown order): two ship, one fails; the same again changes nothing.
  await page.goto("/ship/batch");
  await hydrated(page);
  await page.waitForSelector('section[data-ready="true"]');
  const t = Date.now() % 1_000_000;
  const text = `${orders[0][1]} YT9${t}01\nZG20000101000001 YT9${t}02\n${orders[2][1]} ZT9${t}03`;
  await page.getByTestId("tracking-text").fill(text);
  await page.getByRole("button", { name: "发货", exact: true }).click();
  await expect(page.getByTestId("import-summary")).toHaveText("发货 2 单，未变 0 单，失败 1 单");
  await expect(page.locator('tr[data-outcome="failed"] [data-error]')).toHaveAttribute("data-error", "fulfil.unknown_order");
  await page.getByRole("button", { name: "发货", exact: true }).click();
  await expect(page.getByTestId("import-summary")).toHaveText("发货 0 单，未变 2 单，失败 1 单");

  // Found by its tracking number; the order shows it.
  await searchOrders(page, `YT9${t}01`);
  await expect(page.locator("table.orders tbody tr")).toHaveCount(1);
  // The list as filtered, as .xlsx: the one order, its time a date, its amount a number.
  await hydrated(page);
  const [sheet] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-orders").click()]);
  expect(sheet.suggestedFilename()).toMatch(/\.xlsx$/);
  const cells = xlsxCells(readFileSync((await sheet.path())!));
  expect(cells.get("A2")?.text).toBe(orders[0][1]);
  expect(cells.has("A3")).toBeFalsy();
  const when = cells.get("B2")!;
  expect([when.t, when.styled]).toEqual(["", true]);
  expect(Number(when.text)).toBeGreaterThan(45_000); // an Excel date serial (days since 1900), not text
  const total = cells.get("H2")!;
  expect([total.t, total.styled, Number(total.text) > 0]).toEqual(["", true, true]);
  await page.locator("table.orders tbody tr a").first().click();
  await hydrated(page);
  await expect(page.getByTestId("tracking-no")).toHaveText(`YT9${t}01`);
  await expect(page.getByTestId("order-status")).toContainText("已发货");
});

test("boss edits the routing rules and overrides an order's courier", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/couriers");
  await hydrated(page);
  await page.waitForSelector('.routing-editor[data-ready="true"]');
  await expect(page.locator(".rule-row")).toHaveCount(2);
  await expect(page.locator(".rule-row").first().locator('input[name="rule_provinces"]')).toHaveValue("浙江，江苏，上海");
  // A province that does not exist is refused with the rule's number.
  await page.locator(".rule-row").first().locator('input[name="rule_provinces"]').fill("浙江，江浙沪");
  await page.getByTestId("save-routing").click();
  await expect(page.locator("[data-error]")).toHaveAttribute("data-error", "fulfil.rule_unknown_province");
  await expect(page.locator("[data-error]")).toContainText("规则 1 中的「江浙沪」不是省份名称");
  await page.locator(".rule-row").first().locator('input[name="rule_provinces"]').fill("浙江，江苏，上海，安徽");
  await page.getByTestId("save-routing").click();
  await expect(page.getByText("已保存")).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.locator(".rule-row").first().locator('input[name="rule_provinces"]')).toHaveValue("浙江，江苏，上海，安徽");

  // An order to 安徽 now goes 圆通; the boss switches it to 中通, recorded in its history.
  const skus = await (await rpc(page.request, "sku_choices", {})).json();
  const agents = await (await rpc(page.request, "list_agents", {})).json();
  const res = await rpc(page.request, "create_order", {
    "input[agent_id]": String(agents[0].id),
    "input[customer_name]": "改派测试",
    "input[mobile]": "136" + String(Date.now()).slice(-8),
    "input[address]": "安徽省合肥市蜀山区长江西路 5 号",
    "input[channel]": "wechat",
    "input[lines][0][sku_id]": String([...skus].sort((a: any, b: any) => (b.qty - b.reserved) - (a.qty - a.reserved))[0].sku_id),
    "input[lines][0][qty]": "1",
  });
  const [id] = await res.json();
  await page.goto(`/orders/${id}`);
  await hydrated(page);
  await expect(page.getByTestId("order-courier")).toHaveText("圆通速递");
  await expect(page.getByTestId("courier-reason")).toContainText("收货省份为安徽");
  await page.getByTestId("courier-choice").selectOption("ZTO");
  await page.getByRole("button", { name: "改派快递" }).click();
  await expect(page.getByTestId("order-courier")).toHaveText("中通快递");
  await expect(page.locator('[data-testid="timeline"] li[data-kind="courier"]')).toContainText("ZTO");
  await expect(page.locator('[data-testid="timeline"] li[data-kind="courier"]')).toContainText("原为 YTO");

  // The address changes before shipping (the old one kept); an internal note.
  // The page is hydrated (the courier change above went through the wasm).
  const edit = page.locator(".edit-card");
  await edit.getByLabel("修改地址").fill("安徽省合肥市蜀山区长江西路 6 号");
  await edit.getByRole("button", { name: "保存" }).click();
  await expect(page.locator('[data-testid="timeline"] li[data-kind="address"]')).toContainText("原为 安徽省合肥市蜀山区长江西路 5 号");
  await edit.getByLabel("添加内部备注").fill("客户要求周末送达");
  await edit.getByRole("button", { name: "添加内部备注" }).click();
  await expect(page.locator('[data-testid="timeline"] li[data-kind="note"]')).toContainText("客户要求周末送达");
});

test("the boss is asked 是否合并订单, places the order separately, and the batch list marks the pair", async ({ page, browser, baseURL }) => {
  const boss = await browser.newContext({ baseURL });
  expect((await boss.request.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  const agents = await (await rpc(boss.request, "list_agents", {})).json();
  const skus = await (await rpc(boss.request, "sku_choices", {})).json();
  const sku = [...skus].sort((a: any, b: any) => (b.qty - b.reserved) - (a.qty - a.reserved))[0];
  const mobile = "137" + String(Date.now()).slice(-8);
  const res = await rpc(boss.request, "create_order", {
    "input[agent_id]": String(agents[0].id),
    "input[customer_name]": "同一收件人",
    "input[mobile]": mobile,
    "input[address]": "江苏省南京市鼓楼区中山路 18 号",
    "input[channel]": "wechat",
    "input[lines][0][sku_id]": String(sku.sku_id),
    "input[lines][0][qty]": "1",
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const [firstId, firstNo] = await res.json();
  await boss.close();

  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/orders/new");
  await formReady(page);
  await page.getByLabel("所属代理").selectOption(String(agents[0].id));
  await page.getByLabel("收货人").fill("同一收件人");
  // Another mobile, the same address written otherwise: found by the normalised address.
  await page.getByLabel("手机号").fill("138" + mobile.slice(3));
  await page.getByLabel("收货地址").fill("江苏省 南京市 鼓楼区 中山路18号");
  await page.getByTestId("sku-search").fill(sku.code);
  await page.locator('[data-testid="sku-results"] .picker-row', { hasText: sku.code }).first().click();
  await expect(page.locator('[data-testid="order-lines"] li')).toHaveCount(1);
  await page.getByRole("button", { name: "提交订单" }).click();
  const prompt = page.getByTestId("merge-prompt");
  await expect(prompt.locator(`[data-testid="dup-order"][data-no="${firstNo}"]`)).toContainText("收货地址相同");
  await prompt.getByTestId("no-merge").click();
  await page.waitForURL(/\/orders\/\d+$/);
  const secondId = Number(new URL(page.url()).pathname.split("/").pop());
  expect(secondId).not.toBe(firstId);
  await hydrated(page);
  const secondNo = await page.getByTestId("order-no").innerText();

  // Both paid: the warehouse's batch list marks each with the other.
  for (const id of [firstId, secondId]) {
    expect((await rpc(page.request, "transition_order", { id: String(id), transition: "mark_paid" })).ok()).toBeTruthy();
  }
  await page.goto("/ship/batch");
  await hydrated(page);
  await page.waitForSelector('section[data-ready="true"]');
  const rowOf = (no: string) => page.locator("tr", { has: page.getByRole("checkbox", { name: no, exact: true }) });
  await expect(rowOf(firstNo).locator(".badge.dup")).toContainText(`同一收件人 ${secondNo}`);
  await expect(rowOf(secondNo).locator(".badge.dup")).toContainText(`同一收件人 ${firstNo}`);
});
