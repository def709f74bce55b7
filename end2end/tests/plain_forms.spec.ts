import { test, expect } from "@playwright/test";
import { readCode, signedUpContext, uniqueEmail } from "./helpers";

const PASSWORD = "a long and memorable passphrase";

// Forms used with JavaScript off (or before the wasm arrives) land where the
// app lands and show the same messages beside the same fields.
test.use({ javaScriptEnabled: false });

test("without JavaScript a merchant signs up, logs out, fails and succeeds to log in", async ({ page }) => {
  const email = uniqueEmail("plain");
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: /Send Code/ }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole("status")).toContainText(`We sent a 6-digit code to ${email}`);
  await expect(page.getByLabel("Email")).toHaveValue(email);

  await page.getByLabel("Verification Code").fill("000000");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm Password").fill(PASSWORD);
  await page.getByLabel("I have read and agree to the Terms of Service").check();
  await page.getByRole("button", { name: "Sign Up" }).click();
  await expect(page.locator("#code-error")).toHaveText("This code is invalid or has expired. Send a new code and try again.");
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByLabel("I have read and agree to the Terms of Service")).toBeChecked();

  await page.getByLabel("Verification Code").fill(await readCode(email));
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign Up" }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await expect(page.getByRole("banner")).toContainText(email);

  await page.getByRole("banner").getByRole("button", { name: "Log Out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Log In" })).toBeVisible();

  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password at all");
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("alert").first()).toContainText("Incorrect email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page).toHaveURL(/\/apply$/);
});

test("without JavaScript login returns to the page that asked, and account forms answer in place", async ({ browser }) => {
  const email = uniqueEmail("plain-account");
  const signedUp = await signedUpContext(browser, email, PASSWORD);
  await signedUp.close();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=\/account$/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page).toHaveURL(/\/account$/);

  const password = page.getByRole("region", { name: "Change password" });
  await password.getByLabel("Current Password").fill("not my password");
  await password.getByLabel("New Password").fill("a fresh and different passphrase");
  await password.getByLabel("Confirm Password").fill("a fresh and different passphrase");
  await password.getByRole("button", { name: "Change Password" }).click();
  await expect(page.locator("#current_password-error")).toHaveText("This is not your current password.");
  await password.getByLabel("Current Password").fill(PASSWORD);
  await password.getByLabel("New Password").fill("a fresh and different passphrase");
  await password.getByLabel("Confirm Password").fill("a fresh and different passphrase");
  await password.getByRole("button", { name: "Change Password" }).click();
  await expect(page.getByRole("region", { name: "Change password" }).getByRole("status")).toContainText("Your password was changed");
  await context.close();
});
