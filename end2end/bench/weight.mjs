// What a page downloads, by kind (HTML, JS, ECharts, wasm main/chunks, CSS, data JSON),
// over the wire and decoded, in headless Chromium with a cold cache; every body is also
// written to a folder so its brotli size can be computed.
//
//   node end2end/bench/weight.mjs http://127.0.0.1:3322 user password outdir /path …
import { chromium } from "@playwright/test";
import fs from "node:fs";

const [base, user, pass, outdir, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const kind = (url, type) => {
  const u = new URL(url);
  if (u.pathname.includes("echarts")) return "echarts";
  if (u.pathname.endsWith(".wasm")) return u.pathname.match(/zhanggui[^/]*_bg\.wasm$/) ? "wasm-main" : "wasm-chunk";
  if (u.pathname.endsWith(".js")) return "js";
  if (u.pathname.endsWith(".css")) return "css";
  if (u.pathname.startsWith("/rpc/")) return "data";
  if (type === "Document") return "html";
  return "other";
};
for (const path of paths) {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
  const login = await ctx.request.post("/rpc/login", { form: { username: user, password: pass } });
  if (!login.ok()) throw new Error(`login ${login.status()}`);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const reqs = new Map();
  cdp.on("Network.responseReceived", (e) => reqs.set(e.requestId, { url: e.response.url, type: e.type, enc: 0, raw: 0, ce: e.response.headers["content-encoding"] || e.response.headers["Content-Encoding"] || "" }));
  cdp.on("Network.dataReceived", (e) => { const r = reqs.get(e.requestId); if (r) r.raw += e.dataLength; });
  cdp.on("Network.loadingFinished", (e) => { const r = reqs.get(e.requestId); if (r) { r.enc = e.encodedDataLength; r.done = true; } });
  await page.goto(path, { waitUntil: "load" });
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 60_000 });
  await page.waitForTimeout(3000);
  const dir = `${outdir}/${path.replace(/\//g, "_") || "_"}`;
  fs.mkdirSync(dir, { recursive: true });
  const rows = [];
  let i = 0;
  for (const [id, r] of reqs) {
    if (!r.done) continue;
    let body = null;
    try { const b = await cdp.send("Network.getResponseBody", { requestId: id }); body = b.base64Encoded ? Buffer.from(b.body, "base64") : Buffer.from(b.body); } catch { /* none */ }
    const k = kind(r.url, r.type);
    const file = `${dir}/${String(i++).padStart(2, "0")}-${k}`;
    if (body) fs.writeFileSync(file, body);
    rows.push({ kind: k, url: r.url.replace(base, ""), wire: r.enc, raw: body ? body.length : r.raw, ce: r.ce, file });
  }
  fs.writeFileSync(`${dir}/index.json`, JSON.stringify(rows, null, 1));
  console.log(`${path}: ${rows.length} responses`);
  for (const r of rows) console.log(`  ${r.kind.padEnd(10)} wire ${String(r.wire).padStart(8)} raw ${String(r.raw).padStart(8)} ${r.ce.padEnd(4)} ${r.url.slice(0, 90)}`);
  await ctx.close();
}
await browser.close();
