import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createReviewer, mailsTo, readCode, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const PASSWORD = "一个足够长的密码短语 long enough";
const REVIEWER_PASSWORD = "reviewer passphrase for tests";

async function axe(page: Page) {
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

/** Latin words left on the page once names (`allowed`: addresses, company names) and the
 * things that are spelled the same in Chinese (file formats, time zones, the switch to
 * English) are taken out: a Chinese reader should meet none. */
async function englishOn(page: Page, allowed: string[]): Promise<string[]> {
  let text = await page.locator("body").innerText();
  text = text.replace(/https?:\/\/[\x21-\x7e]+/g, " ");
  for (const name of allowed) text = text.split(name).join(" ");
  text = text.replace(/\S+@\S+/g, " ");
  const same = new Set(["PNG", "JPEG", "WebP", "MB", "UTC", "GMT", "English", "CSV", "JSON", "IP", "API"]);
  return (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !same.has(w));
}

test("a Chinese-speaking merchant goes from signup to workspace and a reviewer decides, all in Chinese", async ({ browser }) => {
  test.setTimeout(120_000);
  const merchantEmail = uniqueEmail("zh");
  const reviewerEmail = uniqueEmail("zh-reviewer");
  createReviewer(reviewerEmail, REVIEWER_PASSWORD);
  const company = `Lotus ${Date.now()}`;
  const names = [company, merchantEmail, reviewerEmail];

  // The browser asks for Chinese: the first page is already in Chinese, from the server.
  const merchant = await (await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" })).newPage();
  const merchantErrors = watchConsole(merchant);
  await merchant.goto("/signup");
  await expect(merchant.locator("html")).toHaveAttribute("lang", "zh-CN");
  await waitForHydration(merchant);
  await expect(merchant.getByRole("heading", { level: 1, name: "创建账户" })).toBeVisible();
  expect(await englishOn(merchant, names)).toEqual([]);
  await axe(merchant);

  // A mistake is explained in Chinese, in the browser, before anything is sent.
  await merchant.getByRole("button", { name: "注册", exact: true }).click();
  await expect(merchant.locator("#email-error")).toHaveText("请输入邮箱地址。");
  await merchant.getByLabel("邮箱").fill(merchantEmail);
  await merchant.getByRole("button", { name: "发送验证码" }).click();
  const code = await readCode(merchantEmail);
  expect((await mailsTo(merchantEmail, `小程序平台验证码：${code}`)).length).toBe(1);
  await merchant.getByLabel("验证码").fill(code);
  await merchant.getByLabel("密码", { exact: true }).fill(PASSWORD);
  await merchant.getByLabel("确认密码").fill(PASSWORD);
  await merchant.getByLabel("我已阅读并同意服务条款").check();
  await merchant.getByRole("button", { name: "注册", exact: true }).click();
  const dialog = merchant.getByRole("dialog", { name: "您的账户已创建" });
  await expect(dialog).toContainText("秒");
  await dialog.getByRole("button", { name: "立即继续" }).click();

  // The wizard, its checks and its review step.
  await expect(merchant.getByRole("heading", { level: 1, name: "选择您的角色" })).toBeVisible();
  expect(await englishOn(merchant, names)).toEqual([]);
  await axe(merchant);
  await merchant.getByRole("button", { name: "选择", exact: true }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: "填写企业信息" })).toBeVisible();
  await merchant.getByLabel("网站").fill("ftp://lotus.example");
  await merchant.getByRole("button", { name: "下一步" }).click();
  await expect(merchant.locator("#company_name-error")).toHaveText("请输入企业名称。");
  await expect(merchant.locator("#website-error")).toHaveText("网站地址必须以 http:// 或 https:// 开头。");
  await merchant.getByLabel("企业名称").fill(company);
  await merchant.getByLabel("国家/地区").selectOption({ label: "新加坡" });
  await merchant.getByLabel("网站").fill("https://lotus.example");
  expect(await englishOn(merchant, names)).toEqual([]);
  await axe(merchant);
  await merchant.getByRole("button", { name: "下一步" }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: "确认并提交" })).toBeVisible();
  await expect(merchant.getByText("新加坡")).toBeVisible();
  expect(await englishOn(merchant, names)).toEqual([]);
  await merchant.getByRole("button", { name: "提交申请" }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: "您的申请正在审核中" })).toBeVisible();
  // The due date on the merchant's clock, in the Chinese format.
  await expect(merchant.getByText(/截止时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（GMT\+8）/)).toBeVisible();
  expect(await englishOn(merchant, names)).toEqual([]);
  await axe(merchant);
  expect((await mailsTo(merchantEmail, "我们已收到您的工作空间申请")).length).toBe(1);

  // A reviewer whose browser asks for Chinese works the queue in Chinese.
  const reviewer = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  const reviewerErrors = watchConsole(reviewer);
  await reviewer.goto("/login");
  await waitForHydration(reviewer);
  await reviewer.getByLabel("邮箱").fill(reviewerEmail);
  await reviewer.getByLabel("密码").fill(REVIEWER_PASSWORD);
  await reviewer.getByRole("button", { name: "登录" }).click();
  await expect(reviewer).toHaveURL(/\/admin$/);
  await expect(reviewer.getByRole("heading", { level: 1, name: "申请" })).toBeVisible();
  await reviewer.getByLabel("搜索企业、邮箱或申请编号").fill(company);
  await reviewer.getByRole("button", { name: "筛选" }).click();
  await expect(reviewer).toHaveURL(/[?&]q=/);
  await expect(reviewer.getByRole("row").filter({ hasText: merchantEmail })).toContainText("审核中");
  // Polled: until the filtered page replaces the full queue, other tests' companies are listed.
  await expect.poll(() => englishOn(reviewer, names)).toEqual([]);
  await axe(reviewer);
  await reviewer.getByRole("link", { name: company }).click();
  await expect(reviewer.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await reviewer.getByRole("button", { name: "分配给我" }).click();
  await expect(reviewer.getByText("已分配给您。")).toBeVisible();
  // Too short a reason is refused in Chinese; the changes go back to the merchant.
  await reviewer.getByLabel("驳回原因或需要修改的内容").fill("太短");
  await reviewer.getByRole("button", { name: "要求修改" }).click();
  await expect(reviewer.locator("#reason-error")).toHaveText("原因至少需要 10 个字符。");
  await reviewer.getByLabel("驳回原因或需要修改的内容").fill("请填写公司的完整网址，包括路径。");
  await reviewer.getByRole("checkbox", { name: "网站" }).check();
  expect(await englishOn(reviewer, [...names, "lotus.example"])).toEqual([]);
  await axe(reviewer);
  await reviewer.getByRole("button", { name: "要求修改" }).click();
  await expect(reviewer.getByRole("region", { name: "审核决定" })).toContainText(`${reviewerEmail} 于`);
  expect((await mailsTo(merchantEmail, "您的工作空间申请需要修改")).length).toBe(1);

  // The merchant corrects it and submits again; the same reviewer approves.
  await merchant.reload();
  await waitForHydration(merchant);
  const asked = merchant.getByRole("region", { name: "审核人员要求您修改的内容" });
  await expect(asked).toContainText("请填写公司的完整网址，包括路径。");
  await expect(asked).toContainText("需要修改的字段：网站。");
  await expect(merchant.getByLabel("网站")).toHaveAccessibleDescription(/审核人员要求您修改此项/);
  await merchant.getByLabel("网站").fill("https://lotus.example/about");
  await merchant.getByRole("button", { name: "下一步" }).click();
  await merchant.getByRole("button", { name: "提交申请" }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: "您的申请正在审核中" })).toBeVisible();

  // The resubmission is back in the queue, assigned to the same reviewer.
  await reviewer.goto("/admin");
  await waitForHydration(reviewer);
  await reviewer.getByRole("link", { name: company }).click();
  await expect(reviewer.getByRole("region", { name: "与上次提交相比的更改" })).toContainText("https://lotus.example/about");
  await reviewer.getByRole("button", { name: "通过" }).click();
  await expect(reviewer.getByRole("region", { name: "审核决定" })).toContainText("已通过");
  expect(await englishOn(reviewer, [...names, "lotus.example", "/about"])).toEqual([]);
  expect((await mailsTo(merchantEmail, "您的工作空间申请已通过")).length).toBe(1);

  // The merchant enters the workspace; the header and the workspace speak Chinese.
  await merchant.reload();
  await waitForHydration(merchant);
  await merchant.getByRole("link", { name: "进入工作空间" }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await expect(merchant.getByText("您的角色：所有者")).toBeVisible();
  await expect(merchant.getByRole("banner").getByRole("link", { name: "我的工作空间" })).toBeVisible();
  expect(await englishOn(merchant, names)).toEqual([]);
  await axe(merchant);

  expect(merchantErrors).toEqual([]);
  expect(reviewerErrors).toEqual([]);
});

test("the language switch changes the page at once, sticks to the account and its mail, and works without JavaScript", async ({ browser }) => {
  const email = uniqueEmail("switch");
  const page = await (await browser.newContext({ locale: "en-US" })).newPage();
  const errors = watchConsole(page);
  await page.goto("/signup");
  await waitForHydration(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send Code" }).click();
  const code = await readCode(email);
  await page.getByLabel("Verification Code").fill(code);
  await page.getByLabel("Password", { exact: true }).fill("a password is never kept");
  await page.getByLabel("I have read and agree to the Terms of Service").check();
  // Switching keeps the visitor on the same page, now in Chinese, with what they typed
  // (but never a password).
  await page.getByRole("banner").getByRole("button", { name: "简体中文" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "创建账户" })).toBeVisible();
  await waitForHydration(page);
  await expect(page.getByLabel("邮箱")).toHaveValue(email);
  await expect(page.getByLabel("验证码")).toHaveValue(code);
  await expect(page.getByLabel("我已阅读并同意服务条款")).toBeChecked();
  await expect(page.getByLabel("密码", { exact: true })).toHaveValue("");
  await page.getByLabel("密码", { exact: true }).fill("switching languages is fine");
  await page.getByLabel("确认密码").fill("switching languages is fine");
  await page.getByLabel("我已阅读并同意服务条款").check();
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "立即继续" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "选择您的角色" })).toBeVisible();
  expect(errors).toEqual([]);

  // A new browser that asks for English: after login the account's choice wins.
  const other = await (await browser.newContext({ locale: "en-US" })).newPage();
  await other.goto("/login");
  await waitForHydration(other);
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill("switching languages is fine");
  await other.getByRole("button", { name: "Log In" }).click();
  await expect(other.getByRole("heading", { level: 1, name: "选择您的角色" })).toBeVisible();
  await expect(other.locator("html")).toHaveAttribute("lang", "zh-CN");

  // Back to English from the header; the account keeps it, and its mail follows.
  await other.getByRole("banner").getByRole("button", { name: "English" }).click();
  await expect(other.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  await other.goto("/account");
  await waitForHydration(other);
  await other.getByLabel("New Email").fill(uniqueEmail("switch-new"));
  await other.getByRole("button", { name: "Send Code" }).click();
  await expect(other.getByText(/We sent a 6-digit code/)).toBeVisible();

  // Without JavaScript the switch is a plain form post that lands on the same page.
  const plain = await (await browser.newContext({ javaScriptEnabled: false, locale: "en-US" })).newPage();
  await plain.goto("/login?next=%2Fapply");
  await plain.getByRole("button", { name: "简体中文" }).click();
  await expect(plain).toHaveURL(/\/login\?next=(%2F|\/)apply$/);
  await expect(plain.getByRole("heading", { level: 1, name: "登录" })).toBeVisible();
});

test("the server renders the language asked for before any script runs", async ({ request }) => {
  const zh = await request.get("/login", { headers: { "accept-language": "zh-CN,zh;q=0.9,en;q=0.5" } });
  const html = await zh.text();
  expect(html).toContain('<html lang="zh-CN"');
  expect(html).toContain("欢迎回来");
  const en = await request.get("/login", { headers: { "accept-language": "fr-FR, en;q=0.5" } });
  expect(await en.text()).toContain('<html lang="en"');
  // The cookie wins over the header; a language we do not offer is refused and changes nothing.
  const cookie = await request.get("/login", { headers: { cookie: "lang=en", "accept-language": "zh-CN" } });
  expect(await cookie.text()).toContain('<html lang="en"');
  const refused = await request.post("/language", { form: { lang: "xx", back: "/login" }, maxRedirects: 0 });
  expect(refused.status()).toBe(400);
  const elsewhere = await request.post("/language", { form: { lang: "zh-CN", back: "https://evil.example/" }, maxRedirects: 0 });
  expect(elsewhere.status()).toBe(303);
  expect(elsewhere.headers()["location"]).toBe("/");
});

test("the Terms of Service in Chinese say that the English text prevails and link to it", async ({ browser }) => {
  const page = await (await browser.newContext({ locale: "zh-CN" })).newPage();
  await page.goto("/terms");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "服务条款" })).toBeVisible();
  await expect(page.getByText("如与英文原文不一致，以英文原文为准")).toBeVisible();
  await page.getByRole("link", { name: "阅读英文原文" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Terms of Service" })).toBeVisible();
  await expect(page.locator("article")).toHaveAttribute("lang", "en");
  await axe(page);
});
