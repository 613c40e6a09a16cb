import { test, expect } from "@playwright/test";
import { BOSS, formReady, hydrated, login, onHand } from "./helpers";

test("boss adds a product with colour × size SKUs and receives stock", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/inventory");
  await formReady(page);
  await page.getByText("新增商品").click();
  const name = `测试卫衣${Date.now() % 100000}`;
  await page.getByLabel("商品", { exact: true }).fill(name);
  await page.getByLabel("类目").fill("服装");
  await page.getByLabel("售价").fill("129.90");
  await page.getByLabel(/^颜色/).fill("红，蓝");
  await page.getByLabel(/^尺码/).fill("S, M");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator(".toast", { hasText: "商品已添加" })).toBeVisible();
  const rows = page.locator("table.stock tbody tr", { hasText: name });
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText("¥129.90");
  const code = (await rows.first().getAttribute("data-sku")) as string;
  expect(await onHand(page, code)).toBe(0);

  // Receive 12 into the first SKU: on-hand and the ledger show it.
  const option = page.locator("form.inline-form select option", { hasText: name }).first();
  await page.locator("form.inline-form select").selectOption((await option.getAttribute("value")) as string);
  await page.getByPlaceholder("数量").fill("12");
  await page.getByPlaceholder("备注").fill("首批到货");
  await page.getByRole("button", { name: "入库" }).last().click();
  await expect(page.locator(".toast", { hasText: "入库成功" })).toBeVisible();
  await expect.poll(() => onHand(page, code)).toBe(12);
  await expect(page.locator(".timeline li").first()).toContainText("首批到货");

  // Bad input changes nothing and says why. (The product form stays open after a save.)
  await expect(page.getByLabel("商品", { exact: true })).toHaveValue("");
  await page.getByLabel("商品", { exact: true }).fill("价格写错");
  await page.getByLabel("类目").fill("服装");
  await page.getByLabel("售价").fill("12.345");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator(".form-error")).toContainText("售价格式不正确");
  await expect(page.locator("table.stock tbody tr", { hasText: "价格写错" })).toHaveCount(0);
});

test("boss adds an agent under a leader, who can sign in; boss resets its password", async ({ page, browser, baseURL }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/team");
  await hydrated(page);
  await page.getByText("添加成员").click();
  await formReady(page);
  const username = `t${Date.now() % 1000000}`;
  await page.locator('input[name="new_username"]').fill(username);
  await page.locator('input[name="new_display_name"]').fill("新代理小周");
  await page.locator('input[name="new_password"]').fill("first-pass");
  await page.locator('select[name="new_parent"]').selectOption({ label: "张丽娟" });
  await page.getByRole("button", { name: "创建" }).click();
  await expect(page.locator(".toast", { hasText: "成员已创建" })).toBeVisible();
  const row = page.locator("table.team tbody tr", { hasText: username });
  await expect(row).toContainText("张丽娟");

  // The new agent signs in (own browser) and sees no orders yet.
  const ctx = await browser.newContext({ baseURL });
  const agent = await ctx.newPage();
  await login(agent, username, "first-pass");
  await agent.goto("/orders");
  await expect(agent.locator(".empty")).toHaveText("没有符合条件的订单");

  // The boss resets the password: the old one stops working.
  page.once("dialog", (d) => d.accept("second-pass"));
  await row.getByRole("button", { name: "重置密码" }).click();
  await expect(page.locator(".toast", { hasText: "密码已重置" })).toBeVisible();
  const bad = await ctx.request.post("/rpc/login", { form: { username, password: "first-pass" } });
  expect(bad.status()).toBe(422);
  const good = await ctx.request.post("/rpc/login", { form: { username, password: "second-pass" } });
  expect(good.ok()).toBeTruthy();
  await ctx.close();
});
