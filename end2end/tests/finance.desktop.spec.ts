import { test, expect, Page } from "@playwright/test";
import { BOSS, formReady, hydrated, login, rpc } from "./helpers";

const FINANCE = { user: "caiwu", pass: "staff1234" };

/** Shanghai wall-clock time, as bills write it: `2026-11-29 10:05:30`. */
function shanghai(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** Yuan text of fen: 12800 → "128.00". */
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
/** As the app shows money: 123450 → "¥1,234.50". */
const money = (fen: number) => "¥" + new Intl.NumberFormat("en-US", { minimumFractionDigits: 2 }).format(fen / 100);

/** A WeChat Pay merchant bill (商户平台 交易账单): every cell behind a backtick, summary at the end. */
function wechatBill(lines: { at: number; wx: string; merchant: string; fen: number }[]): Buffer {
  const header =
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
  const rows = lines.map(
    (l) =>
      `\`${shanghai(l.at)},\`wx2421b1c4370ec43b,\`1900000109,\`0,\`,\`${l.wx},\`${l.merchant},\`oUpF8uE2E${l.wx.slice(-4)},\`JSAPI,\`SUCCESS,\`OTHERS,\`CNY,\`${yuan(l.fen)},\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`微掌柜订单,\`,\`0.00000,\`0.60%,\`${yuan(l.fen)},\`0.00,\``,
  );
  const total = lines.reduce((a, l) => a + l.fen, 0);
  const summary = `总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n\`${lines.length},\`${yuan(total)},\`0.00,\`0.00,\`0.00000,\`${yuan(total)},\`0.00`;
  return Buffer.from("\uFEFF" + [header, ...rows, summary].join("\n") + "\n", "utf-8");
}

/** As the boss: two new orders for an agent's customers; returns [id, number, total fen] of each. */
async function twoOrders(page: Page): Promise<[number, string, number][]> {
  await login(page, BOSS.user, BOSS.pass);
  const agents = await (await rpc(page.request, "list_agents", {})).json();
  const skus = await (await rpc(page.request, "sku_choices", {})).json();
  const sku = skus.find((s: any) => s.qty > 10 && Number(s.price) < 300);
  const out: [number, string, number][] = [];
  for (const [i, qty] of [[1, 1], [2, 3]]) {
    const mobile = "137" + String(Date.now() + i).slice(-8);
    const res = await rpc(page.request, "create_order", {
      "input[agent_id]": String(agents[0].id),
      "input[customer_name]": `对账客户${i}`,
      "input[mobile]": mobile,
      "input[address]": "浙江省杭州市西湖区文三路 100 号",
      "input[channel]": "wechat",
      "input[lines][0][sku_id]": String(sku.sku_id),
      "input[lines][0][qty]": String(qty),
    });
    expect(res.status()).toBe(200);
    const [id, no] = await res.json();
    out.push([id, no, Math.round(Number(sku.price) * 100) * qty]);
  }
  return out;
}

/** WeChat Pay cash of this month in fen, as the server computes it. */
async function wechatCash(page: Page): Promise<number> {
  const p = await (await rpc(page.request, "get_pnl", {})).json();
  return Math.round(Number(p.total.cash[0]) * 100);
}

test("finance imports a WeChat Pay bill, matches the open payment by hand, and the P&L shows it", async ({ page, browser }) => {
  const boss = await browser.newPage();
  const [[, noA, fenA], [idB, noB, fenB]] = await twoOrders(boss);

  await login(page, FINANCE.user, FINANCE.pass);
  const before = await wechatCash(page);
  // The bill: A names its order; B's payment does not (amount and time fit, a person decides).
  const now = Date.now() - 60_000;
  const stamp = String(Date.now()).slice(-10);
  const bill = wechatBill([
    { at: now, wx: `4200E2E${stamp}1`, merchant: noA, fen: fenA },
    { at: now + 1000, wx: `4200E2E${stamp}2`, merchant: "", fen: fenB },
  ]);
  await page.goto("/finance/bills");
  await formReady(page);
  await page.locator('input[type="file"]').setInputFiles({ name: "微信账单.csv", mimeType: "text/csv", buffer: bill });
  await page.getByRole("button", { name: "上传并预览" }).click();
  await page.waitForURL(/\/finance\/bills\/[0-9a-f]+/);
  await expect(page.getByTestId("bill-format")).toContainText("微信支付商户账单");
  await expect(page.getByTestId("bill-income")).toHaveText(`2 · ${money(fenA + fenB)}`);
  await expect(page.getByTestId("bill-new")).toContainText("2");
  await formReady(page);
  await page.getByRole("button", { name: "确认导入" }).click();
  const report = page.getByTestId("import-report");
  await expect(report).toContainText("新增收款2");
  await expect(report).toContainText("自动匹配1");
  await expect(report).toContainText("待人工确认1");

  // A's order is paid in full and waits for shipping.
  const a = await (await rpc(page.request, "list_orders", { "filter[q]": noA })).json();
  expect(a.rows[0].status).toBe("to_ship");

  // The open payment: B is among its candidates; one action matches it.
  await page.goto("/finance/payments?view=open");
  await hydrated(page);
  const row = page.locator(`tr[data-state="ambiguous"]`, { hasText: money(fenB) }).first();
  await row.getByRole("link").click();
  await page.waitForURL(/\/finance\/payments\/\d+$/);
  const candidate = page.locator(`tr[data-candidate="${noB}"]`);
  await expect(candidate).toContainText("金额等于未收金额");
  await candidate.getByRole("button", { name: "匹配此订单" }).click();
  await expect(page.getByTestId("order-paid")).toHaveText(money(fenB));
  await expect(page.getByTestId("match-reason")).toHaveText("人工匹配");
  const b = await (await rpc(page.request, "get_order", { id: String(idB) })).json();
  expect(b.summary.status).toBe("to_ship");

  // The month's P&L: cash by WeChat Pay grew by both payments, and the page shows the server's figures.
  const after = await wechatCash(page);
  expect(after - before).toBe(fenA + fenB);
  await page.goto("/finance/pnl");
  await hydrated(page);
  const month = shanghai(Date.now()).slice(0, 7);
  await expect(page.getByTestId("pnl-month")).toHaveText(month);
  const p = await (await rpc(page.request, "get_pnl", {})).json();
  const fen = (m: string) => Math.round(Number(m) * 100);
  await expect(page.getByTestId("pnl-revenue")).toHaveAttribute("data-fen", String(fen(p.total.revenue)));
  await expect(page.getByTestId("pnl-expenses")).toHaveAttribute("data-fen", String(fen(p.total.expenses)));
  const net = fen(p.total.revenue) - fen(p.total.refunds) - fen(p.total.cogs) - fen(p.total.expenses);
  await expect(page.getByTestId("pnl-net")).toHaveAttribute("data-fen", String(net));
  await expect(page.getByTestId("cash-wechat")).toHaveText(money(after));
  // Exported to Excel.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "导出 Excel" }).click();
  expect((await download).suggestedFilename()).toBe(`利润表-${month}.xlsx`);
});

test("reconciliation shows the imported days and expenses are entered", async ({ page }) => {
  await login(page, FINANCE.user, FINANCE.pass);
  await page.goto("/finance/recon");
  await hydrated(page);
  await expect(page.locator("table.recon tbody tr[data-provider=wechat]").first()).toBeVisible();
  await page.goto("/finance/expenses");
  await formReady(page);
  await page.locator('select[name="input[category_id]"]').selectOption({ label: "运费" });
  await page.locator('input[name="input[amount]"]').fill("12.50");
  await page.locator('input[name="input[note]"]').fill("E2E 顺丰");
  await page.getByRole("button", { name: "保存" }).first().click();
  await expect(page.locator("table.expenses tbody tr", { hasText: "E2E 顺丰" })).toContainText("¥12.50");
});

test("the boss closes last month; its payments are then refused", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  const last = d.toISOString().slice(0, 7);
  await page.goto(`/finance/pnl?month=${last}`);
  await hydrated(page);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "结账" }).click();
  await expect(page.getByTestId("month-closed")).toHaveText("已结账");
  const res = await rpc(page.request, "record_payment", {
    "input[method]": "cash",
    "input[amount]": "10",
    "input[payer]": "x",
    "input[payer_account]": "",
    "input[paid_at]": `${last}-01T10:00`,
    "input[txn_no]": "",
    "input[reference]": "",
    "input[note]": "",
  });
  expect(res.status()).toBe(409);
  expect((await res.json()).fault.finance.code).toBe("period_closed");
});
