import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { BOSS, hydrated, login } from "./helpers";

// Accessibility audit (axe-core, WCAG 2 A/AA rules) of the main pages as the boss, on the
// desktop and the phone: no serious or critical violation, and no colour-contrast failure.
for (const path of ["/", "/orders", "/orders?status=to_ship", "/inventory", "/inventory/sheets", "/team", "/account", "/ship",
  "/customers", "/customers/1", "/customers/segments", "/customers/tags", "/customers/campaigns", "/customers/settings", "/customers/import",
  "/finance/payments", "/finance/payments?view=open", "/finance/bills", "/finance/recon", "/finance/expenses", "/finance/pnl"]) {
  test(`a11y: ${path}`, async ({ page }) => {
    await login(page, BOSS.user, BOSS.pass);
    await page.goto(path);
    await hydrated(page);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    const bad = results.violations.filter((v) => v.id === "color-contrast" || v.impact === "serious" || v.impact === "critical");
    const report = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    expect(report, report.join("\n")).toEqual([]);
  });
}

test("a11y: the sign-in page", async ({ page }) => {
  await page.goto("/login");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  const bad = results.violations.filter((v) => v.id === "color-contrast" || v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => v.id)).toEqual([]);
});
