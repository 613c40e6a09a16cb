import { test, expect } from "@playwright/test";
import { formReady, hydrated, login } from "./helpers";

test("wrong password shows a message in Chinese and stays on the login page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/); // visitors are sent to the login page
  await formReady(page);
  await page.getByLabel("用户名").fill("a19");
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("用户名或密码错误");
  await expect(page).toHaveURL(/\/login$/);
});

test("unknown pages show a 404 page", async ({ page }) => {
  await login(page, "a20", "agent1234");
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: /页面不存在/ })).toBeVisible();
});

test("PWA: manifest, icons, service worker and offline page are served", async ({ page, request }) => {
  const manifest = await (await request.get("/manifest.webmanifest")).json();
  expect(manifest.name).toBe("微掌柜");
  expect(manifest.display).toBe("standalone");
  for (const icon of manifest.icons) {
    const r = await request.get(icon.src);
    expect(r.ok()).toBeTruthy();
    expect(r.headers()["content-type"]).toContain("image/png");
  }
  await page.goto("/login");
  await hydrated(page);
  // The worker takes control, then an offline navigation gets the offline page.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBeTruthy();
  await page.context().setOffline(true);
  await page.goto("/orders").catch(() => {});
  await expect(page.locator("#offline h1")).toHaveText("网络已断开");
  await page.context().setOffline(false);
});
