import { test, expect } from "@playwright/test";
import { AGENT_PASS, formReady, hydrated, login } from "./helpers";

test("the English switch is remembered for the user across sign-ins", async ({ page }) => {
  await login(page, "a15", AGENT_PASS); // a15 is used by no other test
  await expect(page.getByRole("heading", { name: "经营概览" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await hydrated(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login$/);
  await formReady(page);
  // A fresh browser (no language cookie) signs in: the user's choice comes back.
  await page.context().clearCookies();
  await page.goto("/login");
  await formReady(page);
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
  await page.getByLabel("用户名").fill("a15");
  await page.getByLabel("密码").fill(AGENT_PASS);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Orders" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});
