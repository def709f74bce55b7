import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { readCode, savesAfterSubmit, uniqueEmail, waitForHydration, watchCalls, watchConsole } from "./helpers";

const PASSWORD = "a long and memorable passphrase";

/** A new merchant, logged in, on the first step of the wizard. */
async function newMerchant(page: Page): Promise<string> {
  const email = uniqueEmail("apply");
  await page.goto("/signup");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send Code" }).click();
  await page.getByLabel("Verification Code").fill(await readCode(email));
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm Password").fill(PASSWORD);
  await page.getByLabel("I have read and agree to the Terms of Service").check();
  await page.getByRole("button", { name: "Sign Up" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Continue now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  return email;
}

async function axe(page: Page) {
  // A lazily loaded screen puts its <title> back as it hydrates: wait for it, then check.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test("a merchant goes from /apply to under review, with reloads, Back and Previous Step losing nothing", async ({ page }) => {
  const errors = watchConsole(page);
  const calls = watchCalls(page);
  await newMerchant(page);
  await expect(page.getByRole("listitem").filter({ hasText: "Select Role" })).toHaveAttribute("aria-current", "step");
  await axe(page);

  // 2.1 Select the role.
  await page.getByRole("button", { name: "Select" }).click();
  await expect(page).toHaveURL(/\/apply\?step=details$/);
  await expect(page.getByRole("heading", { level: 1, name: "Enter business details" })).toBeVisible();

  // 2.2 Errors next to fields, focus on the first.
  await page.getByLabel("Website").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Next Step" }).click();
  await expect(page.locator("#company_name-error")).toHaveText("Enter your company name.");
  await expect(page.locator("#country-error")).toHaveText("Select your country or region.");
  await expect(page.locator("#website-error")).toHaveText("Website must start with http:// or https://.");
  await expect(page.getByLabel("Company Name")).toBeFocused();
  await axe(page);
  // Required fields say so to assistive technology; optional ones do not.
  await expect(page.getByLabel("Company Name")).toHaveAttribute("aria-required", "true");
  await expect(page.getByLabel("Country/Region")).toHaveAttribute("aria-required", "true");
  await expect(page.getByLabel("Business Address")).not.toHaveAttribute("aria-required", "true");

  // The default logo follows the company name; a message goes as soon as its field is right.
  await page.getByLabel("Company Name").fill("acme mini apps");
  await expect(page.locator("#company_name-error")).toHaveCount(0);
  await expect(page.getByLabel("Company Name")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#country-error")).toHaveText("Select your country or region.");
  await expect(page.getByRole("img", { name: "acme mini apps logo" })).toHaveText("A");
  await page.getByLabel("Country/Region").selectOption("SG");
  await page.getByLabel("Business Address").fill("1 Raffles Place\nSingapore 048616");
  await page.getByLabel("Website").fill("https://acme.example");
  await page.getByLabel("Contact Number").fill("+65 6123 4567");
  await page.getByLabel("Email Address").fill("sales@acme.example");
  await expect(page.getByText("✓ Saved")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  // A reload mid-wizard resumes at the same step with the same values, even
  // right after typing (the last edit travels with the page's unload).
  await page.getByLabel("Contact Number").fill("+65 6123 4567 ");
  await page.getByLabel("Contact Number").fill("+65 6123 4567");
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel("Company Name")).toHaveValue("acme mini apps");
  await expect(page.getByLabel("Country/Region")).toHaveValue("SG");
  await expect(page.getByLabel("Business Address")).toHaveValue("1 Raffles Place\nSingapore 048616");
  await expect(page.getByLabel("Contact Number")).toHaveValue("+65 6123 4567");

  // Previous Step and back again keep every value.
  await page.getByRole("button", { name: "Previous Step" }).click();
  await expect(page).toHaveURL(/step=role$/);
  await page.getByRole("button", { name: "Select" }).click();
  await expect(page.getByLabel("Website")).toHaveValue("https://acme.example");
  await page.getByRole("button", { name: "Next Step" }).click();

  // 2.3 Review: the normalised values, the default logo, an Edit link per section.
  await expect(page).toHaveURL(/step=review$/);
  await expect(page.getByRole("heading", { level: 1, name: "Review and submit" })).toBeVisible();
  await expect(page.getByText("Singapore", { exact: true })).toBeVisible();
  await expect(page.getByText("+65 6123 4567")).toBeVisible();
  await axe(page);

  // Browser Back returns to the details, Forward to the review.
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Enter business details" })).toBeVisible();
  await expect(page.getByLabel("Company Name")).toHaveValue("acme mini apps");
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1, name: "Review and submit" })).toBeVisible();

  await page.getByRole("link", { name: "Edit business details" }).click();
  await page.getByLabel("Company Name").fill("Acme Mini Apps");
  await page.getByRole("button", { name: "Next Step" }).click();
  await expect(page.getByText("Acme Mini Apps", { exact: true })).toBeVisible();

  // The default logo's colour was chosen once: the review and the status page agree.
  const reviewLogo = await page.getByRole("img", { name: "Acme Mini Apps logo" }).getAttribute("class");
  const colour = reviewLogo?.match(/logo-color-\d+/)?.[0];
  expect(colour).toBeTruthy();

  // Submit (a double click makes one submission) and land on the status page.
  await page.getByRole("button", { name: "Submit Application" }).dblclick();
  await expect(page.getByRole("heading", { level: 1, name: "Your application is under review" })).toBeVisible();
  await expect(page.getByText("In review")).toBeVisible();
  await expect(page.getByRole("img", { name: "Acme Mini Apps logo" })).toHaveText("A");
  await expect(page.getByRole("img", { name: "Acme Mini Apps logo" })).toHaveAttribute("class", new RegExp(`\\b${colour}\\b`));
  await axe(page);
  // Nothing saves the draft after it was submitted (a queued autosave, the page's beacon).
  expect(await savesAfterSubmit(page, calls)).toEqual([]);
  expect(calls.filter((c) => c.name === "submit_application").map((c) => c.status)).toEqual([200]);

  // Logging out and in lands on the status page.
  await page.getByRole("button", { name: "Log Out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(errors).toEqual([]);
});

test("withdrawing brings the answers back as an editable draft", async ({ page }) => {
  const errors = watchConsole(page);
  await newMerchant(page);
  await page.getByRole("button", { name: "Select" }).click();
  await page.getByLabel("Company Name").fill("Withdrawn Co");
  await page.getByLabel("Country/Region").selectOption("FR");
  await page.getByRole("button", { name: "Next Step" }).click();
  await page.getByRole("button", { name: "Submit Application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your application is under review" })).toBeVisible();

  await page.getByRole("button", { name: "Withdraw" }).click();
  await expect(page.getByText("Withdraw this application?")).toBeVisible();
  await page.getByRole("button", { name: "Yes, withdraw" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Review and submit" })).toBeVisible();
  await expect(page.getByText("Withdrawn Co", { exact: true })).toBeVisible();
  await expect(page.getByText("France", { exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});

/** A 40×20 red PNG. */
const RED_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR4nGO4YGAwIIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAEC3ti78RvMeAAAAAElFTkSuQmCC", "base64");

test("a logo is uploaded with a preview, refused files get a message, and Remove restores the default logo", async ({ page }) => {
  const errors = watchConsole(page);
  await newMerchant(page);
  await page.getByRole("button", { name: "Select" }).click();
  await page.getByLabel("Company Name").fill("Logo Works");

  // A file that claims to be a PNG but is not one is refused by the server, next to the field.
  await page.getByLabel("Business Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("not an image at all") });
  await expect(page.locator("#logo-error")).toHaveText("This file is not a PNG, JPEG or WebP image. Choose one of those.");
  // A file of the wrong type never leaves the browser.
  await page.getByLabel("Business Logo").setInputFiles({ name: "logo.gif", mimeType: "image/gif", buffer: Buffer.from("GIF89a") });
  await expect(page.locator("#logo-error")).toHaveText("This file is not a PNG, JPEG or WebP image. Choose one of those.");

  await page.getByLabel("Business Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: RED_PNG });
  const preview = page.getByRole("img", { name: "Logo Works logo" });
  await expect(preview).toHaveAttribute("src", /^\/logos\/[0-9a-f]{32}\.png$/);
  await expect(page.locator("#logo-error")).toHaveCount(0);
  expect(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);

  // The review shows the uploaded logo too.
  await page.getByLabel("Country/Region").selectOption("JP");
  await page.getByRole("button", { name: "Next Step" }).click();
  await expect(page.getByRole("img", { name: "Logo Works logo" })).toHaveAttribute("src", /^\/logos\//);

  await page.getByRole("button", { name: "Previous Step" }).click();
  await page.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("img", { name: "Logo Works logo" })).toHaveText("L");
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByRole("img", { name: "Logo Works logo" })).toHaveText("L");
  expect(errors).toEqual([]);
});
