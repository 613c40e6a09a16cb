// Playwright drives Debian's Chromium (no browser download) against the real server,
// started here on a fresh SQLite file seeded with the demo team.
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const bin = process.env.ZG_SERVER_BIN ?? "../target/debug/server";
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? "../target/site";
const db = process.env.E2E_DB ?? "../target/e2e/e2e.db";

const chromium = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
  // Chromium saves a download under its Chinese name only in a UTF-8 locale; without one (an
  // empty CI environment) every such file arrives named "download".
  env: { ...process.env, LANG: /utf-?8/i.test(process.env.LANG ?? "") ? process.env.LANG! : "C.UTF-8" },
};

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "desktop", testIgnore: /\.phone\.spec\.ts$/, use: { viewport: { width: 1366, height: 768 } } },
    { name: "phone", testIgnore: /\.desktop\.spec\.ts$/, use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  ],
  webServer: {
    command: `${bin} demo --fresh && ${bin} serve`,
    url: `http://127.0.0.1:${port}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      DATABASE_URL: `sqlite://${db}`,
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_OUTPUT_NAME: "zhanggui",
      RUST_LOG: "warn",
      ZG_DEMO: "1",
    },
  },
});
