import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { BOSS, login, hydrated } from "./helpers";

/** Wait for a chart to be drawn by ECharts. */
async function drawn(page: Page, id: string) {
  await page.waitForSelector(`#${id}[data-rendered="true"]`, { timeout: 30_000 });
}

test("boss picks 上月, clicks the busiest heat-map cell and lands on exactly those orders", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  // ECharts arrives late (a slow phone line): the first view's charts are still waiting for it when
  // the range changes, and must not draw their old data (and old links) into the new view.
  await page.route("**/echarts.min.js", async (route) => {
    await new Promise((r) => setTimeout(r, 2_000));
    await route.continue();
  });
  await page.goto("/dashboard");
  await hydrated(page);
  await page.locator('a[data-preset="last_month"]').click();
  await page.waitForURL(/preset=last_month/);
  await expect(page.locator('a[data-preset="last_month"]')).toHaveClass(/active/);
  await drawn(page, "heat");
  const busiest = await page.getByTestId("heat-busiest").getAttribute("data-value");
  expect(busiest).toMatch(/^\d-\d+-\d+$/);
  const [w, h, n] = busiest!.split("-").map(Number);
  // The chart shows this range's counts (its busiest cell is the table's busiest cell).
  const drawnMax = await page.evaluate(() => {
    const chart = (window as any).echarts.getInstanceByDom(document.getElementById("heat")!);
    return Math.max(...chart.getOption().series[0].data.map((d: number[]) => d[2]));
  });
  expect(drawnMax).toBe(n);
  // The cell's position on the canvas, from ECharts itself; then a real click there.
  const [x, y] = await page.evaluate(([hour, wd]) => {
    const el = document.getElementById("heat")!;
    const chart = (window as any).echarts.getInstanceByDom(el);
    return chart.convertToPixel({ seriesIndex: 0 }, [hour, wd]);
  }, [h, w]);
  await page.locator("#heat").scrollIntoViewIfNeeded();
  const box = (await page.locator("#heat").boundingBox())!;
  await page.mouse.click(box.x + x, box.y + y);
  await page.waitForURL(new RegExp(`/orders\\?.*wd=${w}&hour=${h}`));
  await hydrated(page);
  expect(page.url()).toContain("sold=1");
  await expect(page.getByText(n > 1000 ? "1000+ 条" : `共 ${n} 条`)).toBeVisible();
  // Every listed order was created in that hour (Beijing time) on that weekday.
  const times = await page.locator("table.orders td[data-label='下单时间']").allInnerTexts();
  expect(times.length).toBeGreaterThan(0);
  for (const t of times) {
    const d = new Date(t.trim().replace(" ", "T") + ":00+08:00");
    const bj = new Date(d.getTime() + 8 * 3600_000);
    expect(bj.getUTCHours()).toBe(h);
    expect((bj.getUTCDay() + 6) % 7).toBe(w);
  }
  // The drill-down chip clears the condition.
  await page.getByRole("link", { name: /看板筛选/ }).click();
  await expect(page).toHaveURL(/\/orders$/);
});

test("every chart has its table, an .xlsx and a PNG; KPIs compare with 环比 and 同比", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/dashboard?preset=last90");
  await hydrated(page);
  for (const id of ["trend", "categories", "heat", "customers", "top"]) {
    const card = page.getByTestId(`card-${id}`);
    await expect(card.locator(`#${id}[role="img"]`)).toHaveAttribute("aria-label", /.+/);
    await card.getByText("数据表").click();
    await expect(card.locator("details table")).toBeVisible();
  }
  await expect(page.getByTestId("kpi-sales")).toContainText("环比");
  await expect(page.getByTestId("kpi-sales")).toContainText("同比");
  const trendRows = page.getByTestId("card-trend").locator("details tbody tr");
  await expect(trendRows).toHaveCount(90);
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("card-categories").getByRole("button", { name: "导出 Excel" }).click()]);
  expect(xlsx.suggestedFilename()).toBe("categories.xlsx");
  await drawn(page, "trend");
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByTestId("card-trend").getByRole("button", { name: "下载图片" }).click()]);
  expect(png.suggestedFilename()).toBe("trend.png");
  // A slice of the pie opens that category's orders.
  const firstCat = page.getByTestId("card-categories").locator("details tbody tr td a").first();
  const href = await firstCat.getAttribute("href");
  expect(href).toMatch(/\/orders\?sold=1&from=.*&category=/);
  // Filters: a channel narrows the figures and says what it does not apply to.
  await page.locator('select[name="channel"]').selectOption("wechat");
  await page.getByRole("button", { name: "查看" }).click();
  await page.waitForURL(/channel=wechat/);
  await expect(page.getByText("不按渠道筛选")).toBeVisible();
});

test("charts load only where they are shown, and fit a 360 px phone and a wide screen", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/orders");
  await hydrated(page);
  expect(await page.locator('script[src*="echarts"]').count()).toBe(0);
  expect(await page.evaluate(() => typeof (window as any).echarts)).toBe("undefined");
  await page.goto("/dashboard");
  await hydrated(page);
  await drawn(page, "trend");
  expect(await page.evaluate(() => typeof (window as any).echarts)).toBe("object");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(500);
  const narrow = (await page.locator("#trend canvas").first().boundingBox())!;
  expect(narrow.width).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1900, height: 1000 });
  await page.waitForTimeout(500);
  const wide = (await page.locator("#trend canvas").first().boundingBox())!;
  expect(wide.width).toBeGreaterThan(narrow.width);
});

test("the TV wall is dark, large, and refreshes itself every minute without a reload", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.clock.install();
  await page.goto("/wall");
  await hydrated(page);
  const wall = page.getByTestId("wall");
  await expect(wall).toHaveCSS("background-color", "rgb(15, 20, 25)");
  await expect(page.getByTestId("wall-sales-today")).toBeVisible();
  const at = page.getByTestId("wall-at");
  const before = Number(await at.getAttribute("data-at"));
  await page.evaluate(() => ((window as any).__same_page = true));
  await page.clock.fastForward(61_000);
  await expect.poll(async () => Number(await at.getAttribute("data-at"))).toBeGreaterThan(before);
  expect(await page.evaluate(() => (window as any).__same_page)).toBe(true);
});

for (const path of ["/dashboard", "/dashboard/sales", "/dashboard/stock", "/wall"]) {
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
