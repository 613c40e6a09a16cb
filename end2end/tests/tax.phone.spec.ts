import { test, expect } from "@playwright/test";
import { AGENT_PASS, login } from "./helpers";

test("finance reads the VAT summary on a phone; an agent has no tax pages", async ({ page, browser, baseURL }) => {
  await login(page, "caiwu", "staff1234");
  const nav = page.locator("nav.nav");
  await nav.getByRole("link", { name: "税务" }).click();
  await expect(page).toHaveURL(/\/tax$/);
  await expect(page.locator("table.vat-lines tbody tr")).toHaveCount(25);
  // Each line is a labelled card on a phone.
  await expect(page.locator('tr[data-line="15"] td[data-label="栏次"]')).toBeVisible();
  await page.locator('a[rel="prev"]').click();
  await expect(page).toHaveURL(/\/tax\?p=\d{4}-\d{2}$/);
  await expect(page.getByTestId("vat-output")).toContainText("¥");

  const agent = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, isMobile: true });
  const a = await agent.newPage();
  await login(a, "a06", AGENT_PASS);
  await expect(a.locator("nav.nav").getByRole("link", { name: "税务" })).toHaveCount(0);
  const res = await a.request.post("/rpc/get_vat_summary", { form: { period: "" } });
  expect(res.status()).toBe(403);
  await agent.close();
});
