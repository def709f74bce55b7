import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createReviewer, mailsTo, readCode, savesAfterSubmit, uniqueEmail, waitForHydration, watchCalls, watchConsole } from "./helpers";

const PASSWORD = "a long and memorable passphrase";
const REVIEWER_PASSWORD = "reviewer passphrase for tests";

async function axe(page: Page) {
  // A lazily loaded screen puts its <title> back as it hydrates: wait for it, then check.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log In" }).click();
}

test("the whole seed journey: signup, application, rejection, fix and resubmit, approval, first login to the workspace", async ({ browser }) => {
  test.setTimeout(120_000);
  const merchantEmail = uniqueEmail("journey");
  const reviewerEmail = uniqueEmail("reviewer");
  createReviewer(reviewerEmail, REVIEWER_PASSWORD);

  // The merchant signs up and applies.
  const merchant = await (await browser.newContext()).newPage();
  const merchantErrors = watchConsole(merchant);
  const merchantCalls = watchCalls(merchant);
  await merchant.goto("/signup");
  await waitForHydration(merchant);
  await merchant.getByLabel("Email").fill(merchantEmail);
  await merchant.getByRole("button", { name: "Send Code" }).click();
  await merchant.getByLabel("Verification Code").fill(await readCode(merchantEmail));
  await merchant.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await merchant.getByLabel("Confirm Password").fill(PASSWORD);
  await merchant.getByLabel("I have read and agree to the Terms of Service").check();
  await merchant.getByRole("button", { name: "Sign Up" }).click();
  await merchant.getByRole("dialog").getByRole("button", { name: "Continue now" }).click();
  await merchant.getByRole("button", { name: "Select" }).click();
  const company = `nimbus ${Date.now()}`;
  await merchant.getByLabel("Company Name").fill(company);
  await merchant.getByLabel("Country/Region").selectOption("SG");
  await merchant.getByLabel("Website").fill("https://nimbus.example");
  await merchant.getByRole("button", { name: "Next Step" }).click();
  await merchant.getByRole("button", { name: "Submit Application" }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: "Your application is under review" })).toBeVisible();

  // The reviewer finds it in the queue, takes it and rejects it with a reason and a flagged field.
  const reviewer = await (await browser.newContext()).newPage();
  const reviewerErrors = watchConsole(reviewer);
  await logIn(reviewer, reviewerEmail, REVIEWER_PASSWORD);
  await expect(reviewer).toHaveURL(/\/admin$/);
  await reviewer.getByLabel("Search company, email or application ID").fill(company);
  await reviewer.getByRole("button", { name: "Filter" }).click();
  await expect(reviewer.getByRole("row").filter({ hasText: merchantEmail })).toBeVisible();
  await axe(reviewer);
  await reviewer.getByRole("link", { name: company }).click();
  await expect(reviewer.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await expect(reviewer.getByRole("link", { name: /nimbus\.example/ })).toHaveAttribute("rel", "noopener noreferrer");
  await reviewer.getByRole("button", { name: "Assign to me" }).click();
  await expect(reviewer.getByText("Assigned to you.")).toBeVisible();
  await reviewer.getByRole("button", { name: "Reject" }).click();
  await expect(reviewer.locator("#reason-error")).toBeVisible();
  await reviewer.getByLabel("Reason for rejection").fill("Please use the company name as registered, with capitals.");
  await reviewer.getByRole("checkbox", { name: "Company Name" }).check();
  await axe(reviewer);
  await reviewer.getByRole("button", { name: "Reject" }).click();
  await expect(reviewer.getByRole("region", { name: "Decision" })).toContainText(`Rejected by ${reviewerEmail}`);

  // The merchant sees the reason and the flagged field; the rejection mail exists.
  await merchant.reload();
  await waitForHydration(merchant);
  await expect(merchant.getByRole("heading", { level: 1, name: "Your application was rejected" })).toBeVisible();
  await expect(merchant.getByText("Please use the company name as registered, with capitals.")).toBeVisible();
  await expect(merchant.locator(".flagged")).toContainText("Company Name");
  await axe(merchant);
  expect((await mailsTo(merchantEmail, "Your workspace application was rejected")).length).toBe(1);

  // New Application: the wizard starts again at 2.1 with every answer kept.
  // The reviewer's reason stays in view, and the flagged field says so until edited.
  await merchant.getByRole("button", { name: "New Application" }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  const asked = merchant.getByRole("region", { name: "What the reviewer asked you to change" });
  await expect(asked).toContainText("Please use the company name as registered, with capitals.");
  await expect(asked).toContainText("Fields to fix: Company Name.");
  await merchant.getByRole("button", { name: "Select" }).click();
  await expect(asked).toBeVisible();
  await expect(merchant.getByLabel("Company Name")).toHaveValue(company);
  await expect(merchant.getByLabel("Company Name")).toHaveAccessibleDescription(/The reviewer asked you to change this/);
  await expect(merchant.getByLabel("Website")).not.toHaveAccessibleDescription(/reviewer asked/);
  await expect(merchant.getByLabel("Website")).toHaveValue("https://nimbus.example/");
  await axe(merchant);
  const fixed = company.replace("nimbus", "Nimbus");
  await merchant.getByLabel("Company Name").fill(fixed);
  await expect(merchant.getByText("The reviewer asked you to change this")).toHaveCount(0);
  await merchant.getByRole("button", { name: "Next Step" }).click();
  const changed = merchant.getByRole("region", { name: "Changes since your rejected application" });
  await expect(changed.getByRole("row", { name: /Company Name/ })).toContainText(company);
  await expect(changed.getByRole("row", { name: /Company Name/ })).toContainText(fixed);
  await expect(changed.getByRole("row")).toHaveCount(2);
  await merchant.getByRole("button", { name: "Submit Application" }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: "Your application is under review" })).toBeVisible();
  // Earlier submissions, with their decision and reason, show under review too.
  const submissions = merchant.getByRole("region", { name: "Your submissions" });
  await expect(submissions).toContainText("Rejected");
  await expect(submissions).toContainText("Please use the company name as registered, with capitals.");
  // The resubmitted draft is not saved again behind the merchant's back.
  expect(await savesAfterSubmit(merchant, merchantCalls)).toEqual([]);

  // The reviewer sees what changed, and approves.
  await reviewer.goto("/admin");
  await waitForHydration(reviewer);
  await reviewer.getByRole("link", { name: fixed }).click();
  const changes = reviewer.getByRole("region", { name: "What changed since the previous submission" });
  await expect(changes.getByRole("row", { name: /Company Name/ })).toContainText(company);
  await expect(changes.getByRole("row", { name: /Company Name/ })).toContainText(fixed);
  await expect(reviewer.getByRole("region", { name: "Earlier submissions" })).toContainText("Rejected");
  await axe(reviewer);
  await reviewer.getByRole("button", { name: "Approve" }).click();
  await expect(reviewer.getByRole("region", { name: "Decision" })).toContainText(`Approved by ${reviewerEmail}`);

  // The merchant logs in again and lands in a workspace named after the company.
  await merchant.getByRole("button", { name: "Log Out" }).click();
  await expect(merchant).toHaveURL(/\/login$/);
  await logIn(merchant, merchantEmail, PASSWORD);
  await expect(merchant).toHaveURL(/\/workspace$/);
  await expect(merchant.getByRole("heading", { level: 1, name: fixed })).toBeVisible();
  await expect(merchant.getByRole("img", { name: `${fixed} logo` })).toHaveText("N");
  await expect(merchant.getByText("Your role: Owner")).toBeVisible();
  await axe(merchant);
  await merchant.getByRole("link", { name: "Developer's Guide" }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: "Developer's Guide" })).toBeVisible();
  const approval = await mailsTo(merchantEmail, "Your workspace application was approved");
  expect(approval.length).toBe(1);
  expect(approval[0]).toContain("/workspace");

  // The home page and the header know where each of them works now.
  await merchant.goto("/");
  await merchant.getByRole("main").getByRole("link", { name: "Enter Workspace" }).click();
  await expect(merchant).toHaveURL(/\/workspace$/);
  await expect(merchant.getByRole("banner").getByRole("link", { name: "My Workspace" })).toBeVisible();
  await reviewer.goto("/");
  await expect(reviewer.getByRole("main").getByRole("link", { name: "Create an account" })).toHaveCount(0);
  await reviewer.getByRole("main").getByRole("link", { name: "Go to the review queue" }).click();
  await expect(reviewer).toHaveURL(/\/admin$/);
  await expect(reviewer.getByRole("banner").getByRole("link", { name: "Review Queue" })).toBeVisible();

  expect(merchantErrors).toEqual([]);
  expect(reviewerErrors).toEqual([]);
});
