// Full-page screenshots of the dashboards on a phone (390×844) and a desktop (1366×768).
//   node end2end/bench/shots.mjs http://127.0.0.1:3322 outdir
import { chromium } from "@playwright/test";

const [base, outdir] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
});
const views = { phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, desktop: { viewport: { width: 1366, height: 768 } } };
const pages = [["boss", "/dashboard", "boss", "boss1234"], ["sales", "/dashboard/sales", "boss", "boss1234"], ["sales-agent", "/dashboard/sales", "a01", "agent1234"], ["stock", "/dashboard/stock", "boss", "boss1234"], ["wall", "/wall", "boss", "boss1234"]];
for (const [vname, v] of Object.entries(views)) {
  for (const [name, path, user, pass] of pages) {
    const ctx = await browser.newContext({ baseURL: base, locale: "zh-CN", timezoneId: "Asia/Shanghai", ...v });
    const login = await ctx.request.post("/rpc/login", { form: { username: user, password: pass } });
    if (!login.ok()) throw new Error(`login ${user} ${login.status()}`);
    const page = await ctx.newPage();
    page.on("pageerror", (e) => console.log(`${name}/${vname} page error: ${e}`));
    page.on("console", (m) => { if (m.type() === "error") console.log(`${name}/${vname} console: ${m.text()}`); });
    await page.goto(path, { waitUntil: "load" });
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 60_000 });
    await page.waitForTimeout(2500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.screenshot({ path: `${outdir}/dash-${name}-${vname}.png`, fullPage: true });
    console.log(`${name} ${vname}: horizontal overflow ${overflow}px`);
    await ctx.close();
  }
}
await browser.close();
