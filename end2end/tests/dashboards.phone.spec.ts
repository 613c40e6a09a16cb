import { test, expect } from "@playwright/test";
import { AGENT_PASS, BOSS, login, hydrated } from "./helpers";

// a01 (a leader) has a06, a07 and a08 below it.
const LEADER = "a01";

test("an agent on a phone sees its ranking, its line only, and its target", async ({ page, browser, baseURL }) => {
  // The boss sets a01's target for this month.
  const bossCtx = await browser.newContext({ baseURL });
  const req = bossCtx.request;
  expect((await req.post("/rpc/login", { form: { username: BOSS.user, password: BOSS.pass } })).ok()).toBeTruthy();
  const team = await (await req.post("/rpc/get_sales_view", { form: { "filter[preset]": "this_month" } })).json();
  const everyone = team.ranking.length;
  const tree = await (await req.post("/rpc/list_team", { form: {} })).json();
  const me = tree.find((m: any) => m.username === LEADER);
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  const set = await req.post("/rpc/set_sales_target", { form: { "target[agent_id]": String(me.id), "target[month]": month, "target[target]": "100000" } });
  expect(set.ok()).toBeTruthy();
  await bossCtx.close();

  await login(page, LEADER, AGENT_PASS);
  await page.goto("/dashboard/sales?preset=this_month");
  await hydrated(page);
  const mine = page.getByTestId("my-performance");
  await expect(mine).toBeVisible();
  await expect(page.getByTestId("my-target")).toContainText("¥100,000.00");
  await expect(page.getByTestId("my-target").getByRole("progressbar")).toBeVisible();
  // The ranking holds a01's line (a01 and everyone below it), never the whole team.
  const line = new Set<number>([me.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const m of tree) if (m.role === "agent" && m.parent_id != null && line.has(m.parent_id) && !line.has(m.id)) { line.add(m.id); grew = true; }
  }
  const rows = page.getByTestId("ranking").locator("tbody tr");
  await expect(rows).toHaveCount(line.size);
  expect(everyone).toBeGreaterThan(line.size);
  for (const id of await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-agent"))))) expect(line.has(id)).toBe(true);
  await expect(page.locator(`tr.me[data-agent="${me.id}"]`)).toBeVisible();
  // Fits a phone: no sideways scrolling of the page.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  // Its boss view is scoped too.
  await page.goto("/dashboard");
  await hydrated(page);
  await expect(page.getByText("我和下级")).toBeVisible();
});

test("the boss's figures fit their cards on a phone", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  // 90 days of the demo team: sales over ¥1,000,000, the longest figure.
  await page.goto("/dashboard?preset=last90");
  await hydrated(page);
  const cards = page.locator(".kpis > .kpi");
  await expect(cards).toHaveCount(6);
  const boxes = await cards.evaluateAll((els) =>
    els.map((el) => {
      const value = el.querySelector(".kpi-value") as HTMLElement;
      return { right: el.getBoundingClientRect().right, text: value.textContent, overflow: value.scrollWidth - value.clientWidth };
    }),
  );
  expect(boxes[0].text!.replace(/[^0-9]/g, "").length).toBeGreaterThanOrEqual(9);
  for (const b of boxes) {
    expect(b.right, `${b.text} inside the screen`).toBeLessThanOrEqual(390);
    expect(b.overflow, `${b.text} inside its card`).toBeLessThanOrEqual(0);
  }
});
