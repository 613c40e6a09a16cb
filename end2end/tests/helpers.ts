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

/** One worksheet cell of an .xlsx: its type attribute (`s` shared string, none for a number),
 *  whether it has a style (dates and amounts do), and its text (shared strings resolved). */
export type XlsxCell = { t: string; styled: boolean; text: string };

/** The cells of the first worksheet of an .xlsx file by reference ("A1"), read with node's
 *  zlib from the zip's central directory (ECMA-376 part 2; APPNOTE.TXT 4.3.12/4.3.7). */
export function xlsxCells(buf: Buffer): Map<string, XlsxCell> {
  const { inflateRawSync } = require("node:zlib");
  const files = new Map<string, string>();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString("utf8"));
    p += 46 + nameLen + extraLen + commentLen;
  }
  const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const strings = [...(files.get("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => unescape([...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join("")));
  const cells = new Map<string, XlsxCell>();
  for (const m of (files.get("xl/worksheets/sheet1.xml") ?? "").matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const t = /\bt="(\w+)"/.exec(m[2])?.[1] ?? "";
    const v = /<v>([^<]*)<\/v>/.exec(m[3] ?? "")?.[1] ?? "";
    cells.set(m[1], { t, styled: /\bs="\d+"/.test(m[2]), text: t === "s" ? strings[Number(v)] : unescape(v) });
  }
  return cells;
}
