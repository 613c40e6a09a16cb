// First contentful paint and largest contentful paint of pages, in headless Chromium on a
// phone viewport with a cold cache and Lighthouse's "slow 4G" (150 ms RTT, 1.6 Mbit/s down,
// 750 kbit/s up) and 4× CPU slowdown. Prints a Markdown table; also the bytes each page
// downloaded (scripts and wasm, as sent on the wire).
//
//   node end2end/bench/paint.mjs http://127.0.0.1:3400 user password /path /path …
import { chromium } from "@playwright/test";

const [base, user, pass, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function measure(path) {
  const ctx = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" });
  const login = await ctx.request.post("/rpc/login", { form: { username: user, password: pass } });
  if (!login.ok()) throw new Error(`login ${login.status()}`);
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  let scriptBytes = 0, requests = 0;
  cdp.on("Network.loadingFinished", (e) => { scriptBytes += e.encodedDataLength; requests++; });
  await page.addInitScript(() => {
    window.__lcp = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  await page.goto(path, { waitUntil: "load" });
  // Interactive: the wasm and the lazy chunks the page's views need have loaded.
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 300_000 });
  const hydrated = await page.evaluate(() => performance.now());
  await page.waitForTimeout(1500);
  const r = await page.evaluate(() => ({
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0,
    lcp: window.__lcp,
  }));
  await ctx.close();
  return { path, ...r, hydrated, requests, kb: scriptBytes / 1024 };
}

console.log("| page (phone, slow 4G, 4× CPU) | FCP ms | LCP ms | interactive (hydrated) ms | requests | KB over the wire |\n|---|---:|---:|---:|---:|---:|");
for (const p of paths) {
  const runs = [];
  for (let i = 0; i < Number(process.env.PAINT_RUNS ?? 3); i++) runs.push(await measure(p));
  runs.sort((a, b) => a.lcp - b.lcp);
  const m = runs[Math.floor(runs.length / 2)];
  console.log(`| ${p} | ${m.fcp.toFixed(0)} | ${m.lcp.toFixed(0)} | ${m.hydrated.toFixed(0)} | ${m.requests} | ${m.kb.toFixed(0)} |`);
}
await browser.close();
