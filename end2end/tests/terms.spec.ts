import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mailsTo, publishTerms, signedUpContext, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const PASSWORD = "a long and memorable passphrase";

// Runs last (files run in name order, one at a time): every merchant created
// before it is asked to accept the terms it publishes.
test("new terms are announced by email and accepted at the next visit, with and without JavaScript", async ({ browser }) => {
  const email = uniqueEmail("terms");
  const plainEmail = uniqueEmail("terms-plain");
  const context = await signedUpContext(browser, email, PASSWORD);
  const plainSignup = await signedUpContext(browser, plainEmail, PASSWORD);
  const version = publishTerms("## 1. Who these terms are for\nEveryone with an account.\n\n## 2. Changes\nWe tell you by email.");
  expect((await mailsTo(email, "Subject: Our Terms of Service have changed")).length).toBe(1);

  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto("/apply");
  await expect(page).toHaveURL(/\/terms\/accept\?next=\/apply$/);
  await expect(page.getByRole("heading", { level: 1, name: "Our Terms of Service have changed" })).toBeVisible();
  await waitForHydration(page);
  const terms = page.getByRole("region", { name: "The new Terms of Service" });
  await expect(terms).toContainText(`Version ${version}`);
  await expect(terms.getByRole("heading", { level: 3, name: "2. Changes" })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await page.getByRole("button", { name: "Accept and Continue" }).click();
  await expect(page.locator("#accept_terms-error")).toHaveText("Agree to the Terms of Service to continue.");
  await expect(page.getByLabel("I have read and agree to the Terms of Service")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("I have read and agree to the Terms of Service").check();
  await page.getByRole("button", { name: "Accept and Continue" }).click();
  // By path: the page it leaves, /terms/accept?next=/apply, also ends in "/apply".
  await expect(page).toHaveURL((url) => url.pathname === "/apply");
  await expect(page.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  await page.goto("/terms/accept");
  await expect(page.getByRole("status")).toHaveText("There are no new Terms of Service for you to accept.");
  expect(errors).toEqual([]);

  // Without JavaScript: the form posts, and the merchant can go on.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  await plain.addCookies(await plainSignup.cookies());
  const plainPage = await plain.newPage();
  await plainPage.goto("/apply");
  await expect(plainPage).toHaveURL(/\/terms\/accept\?next=\/apply$/);
  await plainPage.getByRole("button", { name: "Accept and Continue" }).click();
  await expect(plainPage.locator("#accept_terms-error")).toHaveText("Agree to the Terms of Service to continue.");
  await plainPage.getByLabel("I have read and agree to the Terms of Service").check();
  await plainPage.getByRole("button", { name: "Accept and Continue" }).click();
  await expect(plainPage).toHaveURL((url) => url.pathname === "/apply");
  await expect(plainPage.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  await Promise.all([context.close(), plainSignup.close(), plain.close()]);
});
