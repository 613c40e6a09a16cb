import { test, expect, Page } from "@playwright/test";
import { BOSS, formReady, hydrated, login } from "./helpers";

/** `¥41,646.63` → 4164663 (fen). */
function fen(text: string): number {
  const neg = text.trim().startsWith("-");
  return (neg ? -1 : 1) * Math.round(Number(text.replace(/[^0-9.]/g, "")) * 100);
}

async function kpi(page: Page, id: string): Promise<number> {
  return fen(await page.getByTestId(id).locator(".kpi-value").innerText());
}

test("boss re-runs last month (no change), approves it and exports it; finance records a payout", async ({ page, browser, baseURL }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.locator("nav.nav").getByRole("link", { name: "佣金" }).click();
  await expect(page).toHaveURL(/\/commissions$/);
  await hydrated(page);
  await expect(page.getByTestId("month-status")).toHaveText("草稿（待审核）");
  const month = await page.getByTestId("month").innerText();
  expect(month).toMatch(/^\d{4}-\d{2}$/);
  // The team summary adds up, and matches the statements listed.
  const total = await kpi(page, "kpi-total");
  expect(total).toBeGreaterThan(0);
  expect(await kpi(page, "kpi-own") + await kpi(page, "kpi-overrides") + await kpi(page, "kpi-previous")).toBe(total);
  const rows = await page.locator("table.statements [data-testid=statement-total]").allInnerTexts();
  expect(rows.length).toBe(20);
  expect(rows.map(fen).reduce((a, b) => a + b, 0)).toBe(total);

  // Running it again changes nothing, and says so.
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("run-month-end").click();
  await expect(page.locator(".toast").last()).toContainText("没有变化");

  // Approve: the month closes and its statements are confirmed.
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("approve-month").click();
  await expect(page.getByTestId("month-status")).toHaveText("已审核");
  await expect(page.getByTestId("run-month-end")).toHaveCount(0);
  const states = await page.locator("table.statements [data-testid=statement-status]").allInnerTexts();
  expect(new Set(states)).toEqual(new Set(["已确认"]));

  // The .xlsx export downloads.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export").click()]);
  expect(download.suggestedFilename()).toBe(`commissions-${month}.xlsx`);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const bytes = Buffer.concat(chunks);
  expect(bytes.length).toBeGreaterThan(5000);
  expect(bytes.subarray(0, 2).toString()).toBe("PK");

  // Finance pays the largest statement of the month.
  const ctx = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
  const fin = await ctx.newPage();
  await login(fin, "caiwu", "staff1234");
  await fin.goto(`/commissions?month=${month}`);
  const first = fin.locator("table.statements tbody tr").first();
  const name = await first.getAttribute("data-agent");
  await first.getByRole("link").click();
  await expect(fin.getByTestId("statement-agent")).toHaveText(name!);
  await expect(fin.getByTestId("statement-status")).toHaveText("已确认");
  await formReady(fin);
  await fin.getByLabel("发放方式").selectOption({ label: "微信转账" });
  await fin.getByLabel("流水号 / 备注").fill("WX-E2E-001");
  await fin.getByRole("button", { name: "登记发放" }).click();
  await expect(fin.getByTestId("statement-status")).toHaveText("已发放");
  await expect(fin.getByTestId("payout")).toContainText("WX-E2E-001");
  await expect(fin.getByTestId("payout")).toContainText("李会计（财务）");
  await ctx.close();
});

test("boss previews a rule change on last month; a fourth override level is refused citing the regulation", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/commissions/rules");
  await hydrated(page);
  await expect(page.getByTestId("rule-set")).toHaveCount(2);
  await page.getByRole("button", { name: "以此为模板新建" }).first().click();
  await formReady(page);
  // Two levels in the current rules; add a third and a fourth.
  await page.getByRole("button", { name: "添加一级" }).click();
  await page.getByRole("button", { name: "添加一级" }).click();
  const levels = page.getByTestId("level-row");
  await expect(levels).toHaveCount(4);
  await levels.nth(2).locator("input").fill("3");
  await levels.nth(3).locator("input").fill("1");
  await page.getByTestId("preview").click();
  const error = page.locator(".rule-form .form-error");
  await expect(error).toContainText("返佣最多 3 级");
  await expect(error).toContainText("《禁止传销条例》");
  await expect(error).toHaveAttribute("data-error", "commissions.too_many_levels");
  await expect(page.getByTestId("levels-law")).toContainText("《禁止传销条例》");

  // Three levels are allowed: the preview shows last month under the new rules.
  await levels.nth(3).getByRole("button", { name: "删除" }).click();
  await expect(levels).toHaveCount(3);
  await page.getByTestId("preview").click();
  const preview = page.getByTestId("preview-result");
  await expect(preview).toBeVisible();
  await expect(preview.locator("tbody tr")).toHaveCount(20);
  const candidates = (await preview.getByTestId("candidate").allInnerTexts()).map(fen);
  expect(fen(await preview.getByTestId("candidate-total").innerText())).toBe(candidates.reduce((a, b) => a + b, 0));

  // Save it: a third rule set, in force from the first open month.
  await page.getByTestId("save-rules").click();
  await expect(page.locator(".toast").last()).toContainText("规则已保存");
  await expect(page.getByTestId("rule-set")).toHaveCount(3);
  await expect(page.getByTestId("rule-set").first()).toContainText("3 级 3%");
});

// Accessibility audit (axe-core, WCAG 2 A/AA) of the commission pages as the boss.
for (const path of ["/commissions", "/commissions/rules", "statement"]) {
  test(`a11y: commissions ${path}`, async ({ page }) => {
    const { default: AxeBuilder } = await import("@axe-core/playwright");
    await login(page, BOSS.user, BOSS.pass);
    if (path === "statement") {
      await page.goto("/commissions");
      await hydrated(page);
      await page.locator("table.statements tbody tr").first().getByRole("link").click();
      await expect(page.getByTestId("statement-agent")).toBeVisible();
    } else {
      await page.goto(path);
    }
    await hydrated(page);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const bad = results.violations.filter((v) => v.id === "color-contrast" || v.impact === "serious" || v.impact === "critical");
    const report = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    expect(report, report.join("\n")).toEqual([]);
  });
}
