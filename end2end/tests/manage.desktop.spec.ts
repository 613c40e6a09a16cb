import { test, expect } from "@playwright/test";
import { BOSS, formReady, hydrated, login, onHand } from "./helpers";

test("boss adds a product with colour × size SKUs and receives stock", async ({ page }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/inventory");
  await formReady(page);
  await page.getByText("新增商品").click();
  const form = page.getByTestId("product-form");
  const name = `测试卫衣${Date.now() % 100000}`;
  await form.getByLabel("商品", { exact: true }).fill(name);
  await form.getByLabel("类目").fill("服装");
  await form.getByLabel("售价").fill("129.90");
  await form.getByLabel(/^颜色/).fill("红，蓝");
  await form.getByLabel(/^尺码/).fill("S, M");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.locator(".toast", { hasText: "商品已添加" })).toBeVisible();
  // The new product's four SKUs are on the board (searched by name).
  await page.goto(`/inventory?q=${encodeURIComponent(name)}`);
  await hydrated(page);
  const rows = page.locator("table.stock tbody tr", { hasText: name });
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText("¥129.90");
  const code = (await rows.first().getAttribute("data-sku")) as string;
  await expect(rows.first().getByTestId("on-hand")).toHaveText("0");

  // Receive 12 into the first SKU: on-hand and the ledger show it.
  await page.getByText("+ 入库").click();
  const receive = page.getByTestId("receive-form");
  await receive.getByRole("searchbox").fill(code);
  await receive.locator(".picker-results button", { hasText: code }).click();
  await receive.getByLabel("数量").fill("12");
  await receive.getByLabel("备注").fill("首批到货");
  await receive.getByRole("button", { name: "入库" }).click();
  await expect(page.locator(".toast", { hasText: "入库成功" })).toBeVisible();
  await expect(page.locator(`tr[data-sku="${code}"]`).getByTestId("on-hand")).toHaveText("12");
  await page.goto(`/inventory/ledger?sku=${code}`);
  await hydrated(page);
  await expect(page.locator("table.ledger tbody tr").first()).toContainText("首批到货");

  // Bad input changes nothing and says why.
  await page.goto("/inventory");
  await formReady(page);
  await page.getByText("新增商品").click();
  await form.getByLabel("商品", { exact: true }).fill("价格写错");
  await form.getByLabel("类目").fill("服装");
  await form.getByLabel("售价").fill("12.345");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(form.locator(".form-error")).toContainText("售价格式不正确");
  await expect(form.locator(".form-error")).toHaveAttribute("data-error", "common.bad_amount");
  await page.goto(`/inventory?q=${encodeURIComponent("价格写错")}`);
  await hydrated(page);
  await expect(page.locator("table.stock tbody tr", { hasText: "价格写错" })).toHaveCount(0);
});

test("boss adds an agent under a leader, issues a one-time password, disables and re-enables it", async ({ page, browser, baseURL }) => {
  await login(page, BOSS.user, BOSS.pass);
  await page.goto("/team");
  await hydrated(page);
  await page.getByText("添加成员").click();
  await formReady(page);
  const username = `t${Date.now() % 1000000}`;
  await page.locator('input[name="input[username]"]').fill(username);
  await page.locator('input[name="input[display_name]"]').fill("新代理小周");
  await page.locator('input[name="input[password]"]').fill("first-pass");
  await page.locator('select[name="input[parent_id]"]').selectOption({ label: "张丽娟" });
  await page.getByRole("button", { name: "创建" }).click();
  await expect(page.locator(".toast", { hasText: "成员已创建" })).toBeVisible();
  const row = page.locator("table.team tbody tr", { hasText: username });
  await expect(row).toContainText("张丽娟");

  // The new agent signs in (own browser) and sees no orders yet.
  const ctx = await browser.newContext({ baseURL });
  const agent = await ctx.newPage();
  await login(agent, username, "first-pass");
  await agent.goto("/orders");
  await expect(agent.locator(".empty")).toHaveText("还没有订单，点“新建订单”录入第一单");

  // One-time password: confirmed, shown once; the agent's session ends at once.
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "重置密码" }).click();
  const otpBox = page.getByTestId("one-time-password");
  await expect(otpBox).toBeVisible();
  const otp = (await otpBox.locator("code").innerText()).trim();
  expect(otp).toMatch(/^[0-9a-z]{12}$/);
  await agent.goto("/orders");
  await expect(agent).toHaveURL(/\/login$/);
  // Signing in with it leads straight to choosing a new password.
  await agent.getByLabel("用户名").fill(username);
  await agent.getByLabel("密码").fill(otp);
  await agent.getByRole("button", { name: "登录" }).click();
  await agent.waitForURL(/\/account$/);
  await expect(agent.getByTestId("must-change")).toBeVisible();
  await formReady(agent);
  await agent.getByLabel("当前密码").fill(otp);
  await agent.getByLabel("新密码").fill("second-pass");
  await agent.getByRole("button", { name: "修改密码" }).click();
  await agent.waitForURL((u) => u.pathname === "/");

  // Disabled: sessions end, sign-in refused with the usual message; data kept; re-enabled.
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "停用" }).click();
  await expect(row).toContainText("已停用");
  await agent.goto("/orders");
  await expect(agent).toHaveURL(/\/login$/);
  const refused = await ctx.request.post("/rpc/login", { form: { username, password: "second-pass" } });
  expect(refused.status()).toBe(422);
  await row.getByRole("button", { name: "启用" }).click();
  await expect(row).toContainText("正常");
  const ok = await ctx.request.post("/rpc/login", { form: { username, password: "second-pass" } });
  expect(ok.ok()).toBeTruthy();
  await ctx.close();
});
