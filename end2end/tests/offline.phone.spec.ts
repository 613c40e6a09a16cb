// Offline order entry on the agent's phone (issue #10 item 6, SPEC P4): with the network cut
// (Playwright's context.setOffline, which reaches the service worker's fetches in this
// Chromium), /orders/new answers with the cached offline form; the order waits as 待同步 in
// IndexedDB and is sent when the phone is back online — once, even when sent twice.
import { test, expect, Page } from "@playwright/test";
import { AGENT_PASS, BOSS, hydrated, login, searchOrders } from "./helpers";

// a12 (a second-level agent, no downline) is used by no other journey.
const AGENT = "a12";
const ITEM = "氨基酸洗面奶"; // ¥69.00

/** Signed in, the service worker controlling the page, the catalog in IndexedDB. */
async function readyForOffline(page: Page) {
  await login(page, AGENT, AGENT_PASS);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await hydrated(page);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBeTruthy();
  await expect
    .poll(() => page.evaluate(async () => {
      const z = (window as any).zgOffline;
      const c = z && (await z.getCatalog());
      return c ? c.data.skus.length : 0;
    }))
    .toBeGreaterThan(0);
}

/** Offline: open the order form, enter an order of `qty` × the item found by `search`
 * (unit price `yuan`) for `mobile`, save it. */
async function enterOffline(page: Page, mobile: string, qty = 1, search = "洗面奶", yuan = 69) {
  await page.context().setOffline(true);
  await page.goto("/orders/new").catch(() => {});
  await page.waitForSelector('body[data-offline-ready="true"]');
  await expect(page.getByRole("heading", { name: /离线下单/ })).toBeVisible();
  await expect(page.locator("#net-state")).toBeVisible();
  // An empty form is refused in Chinese, nothing saved.
  await page.getByRole("button", { name: /保存到待同步/ }).tap();
  await expect(page.getByTestId("form-error")).toHaveText("请填写客户姓名");
  await page.getByLabel("客户姓名").fill("离线客户");
  await page.getByLabel("手机号").fill(mobile);
  await page.getByLabel("收货地址").fill("浙江省杭州市西湖区文三路 18 号");
  await page.locator("#sku-search").fill(search);
  await page.locator("#sku-hits button").first().tap();
  await expect(page.locator("#lines tr")).toHaveCount(1);
  if (qty !== 1) await page.getByLabel("数量").fill(String(qty));
  await expect(page.getByTestId("offline-total")).toHaveText(`¥${(yuan * qty).toLocaleString("en-US")}.00`);
  await page.getByRole("button", { name: /保存到待同步/ }).tap();
  const item = page.locator("#outbox li", { hasText: "离线客户" }).last();
  await expect(item.getByTestId("outbox-state")).toHaveText("待同步");
  return item;
}

/** Orders with this mobile the agent sees, through the list's server function. */
async function ordersTo(page: Page, mobile: string): Promise<any[]> {
  const res = await page.request.post("/rpc/list_orders", { form: { "filter[q]": mobile } });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).rows;
}

test("an order entered offline waits as 待同步 and is created once when back online", async ({ page }) => {
  await readyForOffline(page);
  const mobile = "13611110001";
  const item = await enterOffline(page, mobile);
  await expect(item).toContainText(`离线客户 · ¥69.00`);
  await page.context().setOffline(false);
  await expect(item.getByTestId("outbox-state")).toHaveText(/^已同步 ZG\d+$/);
  const no = (await item.getByTestId("outbox-state").innerText()).replace("已同步 ", "");
  // In the order list exactly once.
  await searchOrders(page, mobile);
  await expect(page.locator('table.orders td[data-label="订单号"]')).toHaveCount(1);
  await expect(page.locator('table.orders td[data-label="订单号"]')).toHaveText(no);
  // Its history says it was entered offline.
  await page.locator('table.orders td[data-label="订单号"] a').click();
  await hydrated(page);
  await expect(page.getByTestId("order-no")).toHaveText(no);
  await expect(page.locator("li", { hasText: "离线录入于" })).toHaveCount(1);
});

test("the same outbox item sent twice (and 同步 tapped twice) makes one order", async ({ page }) => {
  await readyForOffline(page);
  const mobile = "13611110002";
  const item = await enterOffline(page, mobile);
  const key = await item.getAttribute("data-key");
  await page.context().setOffline(false);
  // Two requests with the item's key at once, racing the page's own sync; then 同步 twice.
  const answers = await page.evaluate(async (key) => {
    const all = await (window as any).zgOffline.listOutbox();
    const it = all.find((i: any) => i.key === key);
    const body = JSON.stringify({ input: { key: it.key, order: it.order, seen: it.seen, entered_at: it.entered_at } });
    const send = () => fetch("/rpc/submit_offline_order", { method: "POST", headers: { "Content-Type": "application/json" }, body }).then((r) => r.json());
    return Promise.all([send(), send()]);
  }, key);
  for (const a of answers) expect(["created", "known"]).toContain(a.kind);
  expect(answers[0].id).toBe(answers[1].id);
  expect(answers[0].no).toBe(answers[1].no);
  const sync = page.getByRole("button", { name: "同步 / Sync", exact: true });
  await sync.tap();
  await sync.tap();
  await expect(item.getByTestId("outbox-state")).toHaveText(`已同步 ${answers[0].no}`);
  const rows = await ordersTo(page, mobile);
  expect(rows.length).toBe(1);
  expect(rows[0].order_no).toBe(answers[0].no);
});

test("a conflict (stock short) comes back as a message on the outbox item, no order made", async ({ page }) => {
  await readyForOffline(page);
  const mobile = "13611110003";
  const item = await enterOffline(page, mobile, 9999);
  await page.context().setOffline(false);
  await expect(item.getByTestId("outbox-state")).toHaveText("冲突");
  const message = item.getByTestId("outbox-conflict");
  await expect(message).toHaveAttribute("data-error", "orders.stock_short");
  await expect(message).toContainText(`「${ITEM}」库存不足`);
  await expect(message).toContainText("Not enough stock");
  expect((await ordersTo(page, mobile)).length).toBe(0);
  // 删除 asks first.
  page.once("dialog", (d) => d.accept());
  await item.getByRole("button", { name: /删除/ }).tap();
  await expect(page.locator("#outbox li", { hasText: "离线客户" })).toHaveCount(0);
});

test("a price the boss changed after the order was entered comes back as 冲突 with both prices", async ({ page, browser, baseURL }) => {
  await readyForOffline(page);
  const mobile = "13611110005";
  const item = await enterOffline(page, mobile, 1, "每日坚果", 139);
  // Meanwhile the boss raises 每日坚果 from ¥139 to ¥149.
  const boss = await browser.newContext({ baseURL });
  const req = boss.request;
  expect((await req.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  const stock = await (await req.post("/rpc/list_stock", { form: { "filter[q]": "每日坚果" } })).json();
  const productId = String(stock.rows[0].product_id);
  const sku = (await (await req.post("/rpc/get_product", { form: { id: productId } })).json()).skus[0];
  const setPrice = async (price: string) => {
    const r = await req.post("/rpc/save_skus", {
      form: {
        product_id: productId, "edits[0][sku_id]": String(sku.sku_id), "edits[0][price]": price, "edits[0][cost]": String(sku.cost),
        "edits[0][barcode]": sku.barcode, "edits[0][low_stock_qty]": String(sku.low_stock_qty), "edits[0][weight_g]": String(sku.weight_g),
      },
    });
    expect(r.ok(), await r.text()).toBeTruthy();
  };
  await setPrice("149");
  try {
    await page.context().setOffline(false);
    await expect(item.getByTestId("outbox-state")).toHaveText("冲突");
    const message = item.getByTestId("outbox-conflict");
    await expect(message).toHaveAttribute("data-error", "orders.price_changed");
    await expect(message).toContainText("价格已变：离线时 ¥139.00，现在 ¥149.00");
    expect((await ordersTo(page, mobile)).length).toBe(0);
  } finally {
    await setPrice(String(sku.price));
    await boss.close();
  }
});

test("logout with an unsent order asks first, then nothing is left on the phone", async ({ page }) => {
  await readyForOffline(page);
  const mobile = "13611110004";
  // The server cannot be reached for sending: the order stays 待同步.
  await page.context().route("**/rpc/submit_offline_order", (r) => r.abort("internetdisconnected"));
  await enterOffline(page, mobile);
  await page.context().setOffline(false);
  await page.goto("/");
  await hydrated(page);
  await expect(page.getByTestId("outbox-banner")).toHaveText("1 笔离线订单待同步");
  let asked = "";
  page.once("dialog", (d) => { asked = d.message(); d.accept(); });
  const logout = page.waitForResponse((r) => r.url().endsWith("/rpc/logout"));
  await page.getByRole("button", { name: "退出登录" }).tap();
  const res = await logout;
  expect((await res.allHeaders())["clear-site-data"]).toBe('"storage"');
  expect(asked).toContain("还有 1 笔离线订单未同步，退出后将被删除。确定退出吗？");
  await page.waitForURL(/\/login$/);
  const left = await page.evaluate(async () => {
    const dbs = indexedDB.databases ? await indexedDB.databases() : [];
    if (!dbs.some((d) => d.name === "zg-offline")) return 0;
    return new Promise<number>((resolve) => {
      const r = indexedDB.open("zg-offline");
      r.onsuccess = () => {
        const d = r.result;
        if (!d.objectStoreNames.contains("outbox")) return resolve(0);
        const c = d.transaction("outbox").objectStore("outbox").count();
        c.onsuccess = () => resolve(c.result);
      };
      r.onerror = () => resolve(-1);
    });
  });
  expect(left).toBe(0);
  await page.context().unroute("**/rpc/submit_offline_order");
  // The order never reached the server.
  await login(page, AGENT, AGENT_PASS);
  expect((await ordersTo(page, mobile)).length).toBe(0);
});
