import { expect, Page, APIRequestContext } from "@playwright/test";

export const BOSS = { user: "boss", pass: "boss1234" };
export const AGENT_PASS = "agent1234";

/** Wait until the wasm has hydrated the page; clicks before that are lost. */
export async function hydrated(page: Page) {
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30_000 });
}

/** Wait until the page's form has hydrated (it sets data-ready). */
export async function formReady(page: Page) {
  await page.waitForSelector('form[data-ready="true"]', { state: "attached", timeout: 30_000 });
}

export async function login(page: Page, user: string, pass: string, home = "/") {
  await page.goto("/login");
  await formReady(page);
  await page.getByLabel("用户名").fill(user);
  await page.getByLabel("密码").fill(pass);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => u.pathname === home);
  await hydrated(page);
}

/** Search the order list through its form (the text travels in a POST, never in the URL). */
export async function searchOrders(page: Page, text: string) {
  await page.goto("/orders");
  await formReady(page);
  await page.getByRole("searchbox").fill(text);
  await page.getByRole("button", { name: "搜索" }).click();
  await page.waitForURL(/[?&]s=[0-9a-f]+/);
  expect(page.url()).not.toContain(text);
}

/** Call a server function as the signed-in user of `request` (form-encoded, like the app). */
export async function rpc(request: APIRequestContext, name: string, form: Record<string, string>) {
  return request.post(`/rpc/${name}`, { form });
}

/** On-hand quantity of a SKU on the stock board (searched by its code). */
export async function onHand(page: Page, skuCode: string): Promise<number> {
  await page.goto(`/inventory?q=${encodeURIComponent(skuCode)}`);
  const cell = page.locator(`tr[data-sku="${skuCode}"] [data-testid="on-hand"]`);
  await expect(cell).toBeVisible();
  return Number(await cell.innerText());
}
