import { test, expect } from "@playwright/test";
import { createReviewer, readCode, signedUpContext, uniqueEmail, submittedContext } from "./helpers";

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
  await expect(page).toHaveURL((url) => url.pathname === "/account");

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

test("without JavaScript a reviewer claims, refuses an empty reason and rejects, and the merchant starts anew", async ({ browser }) => {
  const email = uniqueEmail("plain-review");
  const company = `Plain Review ${Date.now()}`;
  const merchant = await submittedContext(browser, company, email);

  const reviewerEmail = uniqueEmail("plain-reviewer");
  createReviewer(reviewerEmail, "a long reviewer passphrase");
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(reviewerEmail);
  await page.getByLabel("Password").fill("a long reviewer passphrase");
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole("link", { name: company }).click();
  await page.getByRole("button", { name: "Assign to me" }).click();
  await expect(page.getByText("Assigned to you.")).toBeVisible();

  await page.getByLabel("Reason for rejection").fill("short");
  await page.getByRole("checkbox", { name: "Website" }).check();
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.locator("#reason-error")).toBeVisible();
  await expect(page.getByLabel("Reason for rejection")).toHaveValue("short");
  await expect(page.getByRole("checkbox", { name: "Website" })).toBeChecked();
  await page.getByLabel("Reason for rejection").fill("We could not open the website you gave.");
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByRole("region", { name: "Decision" })).toContainText("Rejected by");

  const merchantPage = await (await browser.newContext({ javaScriptEnabled: false, storageState: await merchant.storageState() })).newPage();
  await merchantPage.goto("/apply");
  await expect(merchantPage.getByRole("heading", { level: 1, name: "Your application was rejected" })).toBeVisible();
  await merchantPage.getByRole("button", { name: "New Application" }).click();
  await expect(merchantPage).toHaveURL(/\/apply\?step=role$/);
  await expect(merchantPage.getByText("We could not open the website you gave.")).toBeVisible();
  await Promise.all([context.close(), merchant.close(), merchantPage.context().close()]);
});

test("without JavaScript a merchant withdraws after confirming, and can keep it in review instead", async ({ browser }) => {
  const email = uniqueEmail("plain-withdraw");
  const merchant = await submittedContext(browser, "Plain Withdraw Co", email);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await merchant.storageState() });
  const page = await context.newPage();
  await page.goto("/apply");
  await expect(page.getByRole("heading", { level: 1, name: "Your application is under review" })).toBeVisible();
  await page.getByRole("button", { name: "Withdraw" }).click();
  await expect(page.getByText("Withdraw this application?")).toBeVisible();
  await page.getByRole("button", { name: "Keep it in review" }).click();
  await expect(page.getByRole("button", { name: "Withdraw" })).toBeVisible();
  await page.getByRole("button", { name: "Withdraw" }).click();
  await page.getByRole("button", { name: "Yes, withdraw" }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your application is under review" })).toHaveCount(0);
  await expect(page.getByText("Plain Withdraw Co").first()).toBeVisible();
  await Promise.all([context.close(), merchant.close()]);
});

const RED_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR4nGO4YGAwIIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAEC3ti78RvMeAAAAAElFTkSuQmCC", "base64");

test("without JavaScript a merchant goes through the whole wizard: Select, refused and accepted Next Step, Previous Step, a logo uploaded and removed, Submit", async ({ browser }) => {
  const merchant = await signedUpContext(browser, uniqueEmail("plain-wizard"), PASSWORD);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await merchant.storageState() });
  const page = await context.newPage();
  await page.goto("/apply");
  await expect(page.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  await page.getByRole("button", { name: "Select" }).click();
  await expect(page).toHaveURL(/\/apply\?step=details$/);
  await expect(page.getByRole("heading", { level: 1, name: "Enter business details" })).toBeVisible();

  // Refused: the messages stand beside the fields, and what was typed stays.
  await page.getByLabel("Business Address").fill("1 Raffles Place");
  await page.getByLabel("Website").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Next Step" }).click();
  await expect(page).toHaveURL(/\/apply\?step=details$/);
  await expect(page.locator("#company_name-error")).toHaveText("Enter your company name.");
  await expect(page.locator("#website-error")).toHaveText("Website must start with http:// or https://.");
  await expect(page.getByLabel("Business Address")).toHaveValue("1 Raffles Place");
  await expect(page.getByLabel("Website")).toHaveValue("javascript:alert(1)");

  // Previous Step saves what was typed; Select keeps it.
  await page.getByLabel("Company Name").fill("Plain Wizard Ltd");
  await page.getByRole("button", { name: "Previous Step" }).click();
  await expect(page).toHaveURL(/\/apply\?step=role$/);
  await page.getByRole("button", { name: "Select" }).click();
  await expect(page.getByLabel("Company Name")).toHaveValue("Plain Wizard Ltd");
  await expect(page.getByLabel("Business Address")).toHaveValue("1 Raffles Place");

  // A logo, uploaded with its own button; a file that is not an image is refused beside the field.
  await page.getByLabel("Business Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("not an image") });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.locator("#logo-error")).toHaveText("This file is not a PNG, JPEG or WebP image. Choose one of those.");
  await page.getByLabel("Business Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: RED_PNG });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("img", { name: "Plain Wizard Ltd logo" })).toHaveAttribute("src", /^\/logos\/[0-9a-f]{32}\.png$/);
  await expect(page.locator("#logo-error")).toHaveCount(0);
  // Remove brings back the default logo, the company's initial.
  await page.getByRole("button", { name: "Remove" }).click();
  await expect(page).toHaveURL(/\/apply\?step=details$/);
  await expect(page.getByRole("img", { name: "Plain Wizard Ltd logo" })).toHaveText("P");
  await expect(page.getByRole("button", { name: "Remove" })).toHaveCount(0);

  // Enter in a field is Next Step.
  await page.getByLabel("Country/Region").selectOption("SG");
  await page.getByLabel("Website").fill("https://plain.example");
  await page.getByLabel("Website").press("Enter");
  await expect(page).toHaveURL(/\/apply\?step=review$/);
  await expect(page.getByRole("heading", { level: 1, name: "Review and submit" })).toBeVisible();
  await expect(page.getByText("https://plain.example")).toBeVisible();
  await page.getByRole("button", { name: "Previous Step" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enter business details" })).toBeVisible();
  await expect(page.getByLabel("Website")).toHaveValue("https://plain.example");
  await page.getByRole("button", { name: "Next Step" }).click();
  await page.getByRole("button", { name: "Submit Application" }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your application is under review" })).toBeVisible();
  await Promise.all([context.close(), merchant.close()]);
});
