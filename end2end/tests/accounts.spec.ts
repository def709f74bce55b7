import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { readCode, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const PASSWORD = "a long and memorable passphrase";

async function fillSignup(page: Page, email: string, code: string) {
  await page.getByLabel("Verification Code").fill(code);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm Password").fill(PASSWORD);
  await page.getByLabel("I have read and agree to the Terms of Service").check();
}

test("a new merchant signs up with the emailed code and lands on the application, logged in", async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail("signup");
  await page.goto("/signup");
  await waitForHydration(page);

  // Every field is required: errors appear next to the fields and focus goes to the first.
  await page.getByRole("button", { name: "Sign Up" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter your email address.");
  await expect(page.locator("#accept_terms-error")).toBeVisible();
  await expect(page.getByLabel("Email")).toBeFocused();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await expect(page.getByLabel("Email")).toHaveAttribute("aria-required", "true");
  await expect(page.getByLabel("I have read and agree to the Terms of Service")).toHaveAttribute("aria-required", "true");

  // A message goes as soon as its field is right; the others stay.
  await page.getByLabel("Email").fill(email);
  await expect(page.locator("#email-error")).toHaveCount(0);
  await expect(page.locator("#accept_terms-error")).toBeVisible();
  await page.getByRole("button", { name: "Send Code" }).click();
  await expect(page.getByRole("status")).toContainText(`We sent a 6-digit code to ${email}`);
  const resend = page.getByRole("button", { name: /^Send Code \(\d+ s\)$/ });
  await expect(resend).toBeDisabled();
  await expect(page.getByLabel("Verification Code")).toBeFocused();

  // A wrong code is refused next to the code field; nothing else is lost.
  const code = await readCode(email);
  const wrong = code === "000000" ? "111111" : "000000";
  await fillSignup(page, email, wrong);
  await page.getByRole("button", { name: "Sign Up" }).click();
  await expect(page.locator("#code-error")).toContainText("This code is invalid or has expired");
  await expect(page.getByLabel("Verification Code")).toBeFocused();
  await expect(page.getByLabel("Email")).toHaveValue(email);

  await page.getByLabel("Verification Code").fill(code);
  await page.getByRole("button", { name: "Sign Up" }).click();

  const dialog = page.getByRole("dialog", { name: "Your account has been created" });
  await expect(dialog).toBeVisible();
  const opened = Date.now();
  await expect(dialog.getByRole("button", { name: "Continue now" })).toBeFocused();
  await expect(dialog).toContainText("You are now logged in");
  await expect(dialog.locator(".countdown")).toHaveText(/^[45]$/);
  await expect(dialog.locator(".countdown")).toHaveText("3", { timeout: 4_000 });
  await page.waitForURL(/\/apply$/, { timeout: 8_000 });
  const waited = Date.now() - opened;
  expect(waited).toBeGreaterThan(3_500);
  expect(waited).toBeLessThan(6_500);

  await expect(page.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(email);
  await expect(page.getByRole("button", { name: "Log Out" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("Continue now skips the wait, and login and logout take the merchant where they belong", async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail("login");
  // This time the signup page is reached from the header's link.
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("banner").getByRole("link", { name: "Sign Up" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send Code" }).click();
  await fillSignup(page, email, await readCode(email));
  await page.getByRole("button", { name: "Sign Up" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Continue now" }).click();
  await expect(page).toHaveURL(/\/apply$/);
  // Home knows the merchant: back to the application, from the page and the header.
  await page.getByRole("banner").getByRole("link", { name: "Mini Program Platform" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "My Application" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Continue your application" }).click();
  await expect(page).toHaveURL(/\/apply$/);

  await page.getByRole("button", { name: "Log Out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("link", { name: "Sign Up" })).toBeVisible();

  // Guarded pages send anonymous visitors to log in, and back afterwards.
  await page.goto("/apply");
  await expect(page).toHaveURL(/\/login\?next=\/apply$/);
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page.getByRole("alert")).toHaveText("Incorrect email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(email);

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await expect(page.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();

  // A merchant never reaches the reviewers' area.
  await page.goto("/admin");
  await expect(page.getByText("This area is for reviewers only.")).toBeVisible();
  expect(errors).toEqual([]);
});

test("while an account is attacked from many addresses, its owner logs in with a mailed sign-in code", async ({ page, request }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail("attacked");
  await page.goto("/signup");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send Code" }).click();
  await fillSignup(page, email, await readCode(email));
  await page.getByRole("button", { name: "Sign Up" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Continue now" }).click();
  await page.getByRole("button", { name: "Log Out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // Thirty addresses behind the trusted proxy guess once each: thirty
  // failures for the account within 15 minutes.
  for (let i = 0; i < 30; i++) {
    const answer = await request.post("/api/login", {
      headers: { "x-forwarded-for": `203.0.113.${i}` },
      form: { "input[email]": email, "input[password]": `guess ${i} guess` },
    });
    expect(answer.status()).toBe(400);
  }

  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log In" }).click();
  const code = page.getByLabel("Sign-in Code");
  await expect(code).toBeFocused();
  await expect(page.locator("#code-error")).toContainText("we have emailed you a 6-digit code");
  await expect(page.getByLabel("Password")).toHaveValue(PASSWORD);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await code.fill(await readCode(email));
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page).toHaveURL(/\/apply$/);
  await expect(page.getByRole("banner")).toContainText(email);
  expect(errors).toEqual([]);
});
