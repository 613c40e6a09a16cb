import { test, expect } from "@playwright/test";
import { AGENT_PASS, BOSS, hydrated, login } from "./helpers";

// a01 (张丽娟) leads a06–a08: her statement has overrides on their sales.
const AGENT = { user: "a01", name: "张丽娟" };

test("the boss approves last month; the agent sees its statement on the phone, and not another's", async ({ page, browser, baseURL }) => {
  // The boss approves last month (through the server functions, as the month page does).
  const bossCtx = await browser.newContext({ baseURL });
  const boss = bossCtx.request;
  expect((await boss.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  let m = await (await boss.post("/rpc/get_commission_month", { form: {} })).json();
  if (m.status !== "closed") {
    expect((await boss.post("/rpc/run_month_end", { form: { month: m.month } })).ok()).toBeTruthy();
    expect((await boss.post("/rpc/approve_month", { form: { month: m.month } })).ok()).toBeTruthy();
    m = await (await boss.post("/rpc/get_commission_month", { form: { month: m.month } })).json();
  }
  expect(m.status).toBe("closed");
  const mine = m.page.rows.find((r: any) => r.agent_name === AGENT.name);
  const other = m.page.rows.find((r: any) => r.agent_name !== AGENT.name);
  expect(mine && other).toBeTruthy();
  await bossCtx.close();

  await login(page, AGENT.user, AGENT_PASS);
  const nav = page.locator("nav.nav");
  await nav.getByRole("link", { name: "佣金" }).click();
  await expect(page).toHaveURL(/\/commissions$/);
  await hydrated(page);
  // Its own statements only, newest first: last month is approved.
  const card = page.locator(`.statement-card[data-month="${m.month}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByTestId("statement-status")).toHaveText("已确认");
  await expect(card.getByTestId("statement-total")).toHaveText(mine.total.startsWith("-") ? /.*/ : `¥${Number(mine.total).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
  await card.click();
  await expect(page).toHaveURL(new RegExp(`/commissions/statements/${mine.id}$`));
  await expect(page.getByTestId("statement-agent")).toHaveText(AGENT.name);
  await expect(page.getByTestId("statement-month")).toHaveText(m.month);
  // Groups add up to the total; the downline's contribution is listed by seller.
  const groups = page.locator("ul.figures li[data-group] .num");
  const sum = (await groups.allInnerTexts()).map((t) => Math.round(Number(t.replace(/[^0-9.-]/g, "")) * 100)).reduce((a, b) => a + b, 0);
  const total = Math.round(Number((await page.getByTestId("statement-total").first().innerText()).replace(/[^0-9.-]/g, "")) * 100);
  expect(sum).toBe(total);
  await expect(page.locator("ul.contributions li")).toHaveCount(3);
  await expect(page.getByTestId("volume")).toContainText("¥");
  // Fits a phone: nothing wider than the screen.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.locator("details.card summary").click();
  await expect(page.locator("ul.lines li").first()).toBeVisible();

  // Another agent's statement, by URL and by server function: not found, nothing leaked.
  await page.goto(`/commissions/statements/${other.id}`);
  await expect(page.locator(".error-box")).toContainText("找不到该记录");
  const res = await page.request.post("/rpc/get_statement", { form: { id: String(other.id) } });
  expect(res.status()).toBe(404);
  expect(await res.json()).toEqual({ kind: "not_found" });
  // Nor the team's month.
  const month = await page.request.post("/rpc/get_commission_month", { form: { month: m.month } });
  expect(month.status()).toBe(403);
});

test("a11y: an agent's commission pages on the phone", async ({ page }) => {
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  await login(page, AGENT.user, AGENT_PASS);
  for (const step of ["list", "statement"]) {
    if (step === "list") {
      await page.goto("/commissions");
    } else {
      await page.locator(".statement-card").first().click();
      await expect(page.getByTestId("statement-agent")).toHaveText(AGENT.name);
    }
    await hydrated(page);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const bad = results.violations.filter((v) => v.id === "color-contrast" || v.impact === "serious" || v.impact === "critical");
    const report = bad.map((v) => `${step}: ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    expect(report, report.join("\n")).toEqual([]);
  }
});
