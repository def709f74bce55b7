import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mailsTo, signedUpContext, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const PASSWORD = "a long and memorable passphrase";
const NEW_PASSWORD = "a fresh and different passphrase";

/** The reset link in the newest reset mail to `email`. */
async function resetLink(email: string, count: number): Promise<string> {
  let mails: string[] = [];
  for (let i = 0; i < 100 && mails.length < count; i++) {
    mails = await mailsTo(email, "Subject: Reset your Mini Program Platform password");
    if (mails.length < count) await new Promise((r) => setTimeout(r, 100));
  }
  expect(mails.length).toBeGreaterThanOrEqual(count);
  // Quoted-printable soft breaks removed, the newest mail's link.
  const texts = mails.map((m) => m.replace(/=\r?\n/g, ""));
  const tokens = texts.flatMap((t) => [...t.matchAll(/\/reset\/([0-9a-f]{64})/g)].map((m) => m[1]));
  return `/reset/${tokens[tokens.length - 1]}`;
}

test("a merchant who forgot the password resets it from the emailed link; other devices are logged out", async ({ page, browser }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail("forgot");
  const otherDevice = await signedUpContext(browser, email, PASSWORD);

  await page.goto("/login");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await page.getByRole("button", { name: "Send Reset Link" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter your email address.");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send Reset Link" }).click();
  await expect(page.getByRole("status")).toContainText(`If an account uses ${email}, we have emailed it a link`);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  const link = await resetLink(email, 1);
  await page.goto(link);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New Password").fill(NEW_PASSWORD);
  await page.getByLabel("Confirm Password").fill("not the same");
  await page.getByRole("button", { name: "Set New Password" }).click();
  await expect(page.locator("#confirm_password-error")).toHaveText("The passwords do not match.");
  await expect(page.getByLabel("New Password")).toHaveValue(NEW_PASSWORD);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  await page.getByLabel("Confirm Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set New Password" }).click();

  // Logged in afresh, where the account stands; the other device is out.
  await page.waitForURL(/\/apply$/);
  await expect(page.getByRole("banner")).toContainText(email);
  const elsewhere = await otherDevice.request.get("/api/current_user");
  expect(await elsewhere.json()).toBeNull();
  expect((await mailsTo(email, "Subject: Your Mini Program Platform password was changed")).length).toBe(1);

  // The link was used up.
  await page.goto(link);
  await expect(page.getByRole("alert")).toContainText("This reset link has expired, was already used");
  await expect(page.getByRole("link", { name: "Ask for a New Link" })).toBeVisible();
  expect(errors).toEqual([]);
  await otherDevice.close();
});
