import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createReviewer, mailsTo, submittedContext, tabTo, typeInto, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const REVIEWER_PASSWORD = "a long reviewer passphrase";

/** Creates a reviewer and logs `page` in as them, on the queue; returns the email. */
async function loggedInReviewer(page: Page, prefix: string): Promise<string> {
  const email = uniqueEmail(prefix);
  createReviewer(email, REVIEWER_PASSWORD);
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(REVIEWER_PASSWORD);
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  return email;
}

async function axe(page: Page, state: string) {
  // A lazily loaded screen puts its <title> back as its chunk hydrates: wait for that first.
  await waitForHydration(page);
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${state}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
}

test("a reviewer writes internal notes, releases a claim, and the merchant sees none of it", async ({ page, browser }) => {
  const company = `Noted ${Date.now()}`;
  const merchant = await submittedContext(browser, company);
  const errors = watchConsole(page);
  const reviewer = await loggedInReviewer(page, "notes-reviewer");
  await page.getByRole("link", { name: company }).click();
  await waitForHydration(page);

  const notes = page.getByRole("region", { name: "Internal notes" });
  await expect(notes).toContainText("No notes yet.");
  await notes.getByRole("button", { name: "Add Note" }).click();
  await expect(notes.locator("#note-error")).toHaveText("Write the note first.");
  await expect(notes.getByLabel("Add a note")).toBeFocused();
  await notes.getByLabel("Add a note").fill("Phoned the office.\nThe director confirmed the website.");
  await notes.getByRole("button", { name: "Add Note" }).click();
  await expect(notes.getByRole("listitem")).toHaveCount(1);
  await expect(notes.getByRole("listitem").first()).toContainText("The director confirmed the website.");
  await expect(notes.getByRole("listitem").first()).toContainText(reviewer);
  await expect(notes.getByLabel("Add a note")).toHaveValue("");
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("Internal note added");

  const decision = page.getByRole("region", { name: "Decision" });
  await decision.getByRole("button", { name: "Assign to me" }).click();
  await expect(decision).toContainText("Assigned to you.");
  await axe(page, "detail with a note, claimed");
  await decision.getByRole("button", { name: "Release" }).click();
  await expect(decision).toContainText("Not assigned yet.");
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("Released");

  // The merchant's status page and data download say nothing of the note.
  const status = await merchant.newPage();
  await status.goto("/apply");
  await expect(status.getByRole("heading", { level: 1, name: "Your application is under review" })).toBeVisible();
  await expect(status.locator("body")).not.toContainText("director confirmed");
  const data = await merchant.request.get("/account/data.json");
  expect(await data.text()).not.toContain("director confirmed");
  await merchant.close();
  expect(errors).toEqual([]);
});

test("the queue filters by holder, status and lateness, searches by id, sorts, and keeps the view in the address", async ({ page, browser }) => {
  const stamp = Date.now();
  const mineCompany = `Queue Mine ${stamp}`;
  const freeCompany = `Queue Free ${stamp}`;
  const first = await submittedContext(browser, mineCompany);
  const second = await submittedContext(browser, freeCompany);
  const errors = watchConsole(page);
  await loggedInReviewer(page, "queue-reviewer");
  await expect(page.getByRole("status").filter({ hasText: /applications?$/ })).toBeVisible();

  // Claim one of the two.
  await page.getByLabel("Search company, email or application ID").fill(mineCompany);
  await page.getByRole("button", { name: "Filter" }).click();
  await page.getByRole("link", { name: mineCompany }).click();
  await page.getByRole("button", { name: "Assign to me" }).click();
  await expect(page.getByText("Assigned to you.")).toBeVisible();
  const mineId = page.url().match(/applications\/(\d+)/)![1];
  await page.getByRole("link", { name: "← All applications" }).click();

  // Assigned to me: only the claimed one; the address says so, and reloading keeps it.
  await page.getByLabel("Search company, email or application ID").fill(`Queue `);
  await page.getByLabel("Assigned").selectOption({ label: "Assigned to me" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/holder=me/);
  await expect(page.getByRole("link", { name: mineCompany })).toBeVisible();
  await expect(page.getByRole("link", { name: freeCompany })).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("Assigned")).toHaveValue("me");
  await expect(page.getByRole("link", { name: mineCompany })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /applications?$/ })).toHaveText("1 application");

  // Unassigned, all statuses, newest submission first: the other one, with its id shown.
  await page.getByLabel("Assigned").selectOption({ label: "Unassigned" });
  await page.getByLabel("Status").selectOption({ label: "All" });
  await page.getByLabel("Order").selectOption({ label: "Submitted, newest first" });
  await page.getByLabel("Search company, email or application ID").fill(String(stamp));
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=all&holder=unassigned&sort=-submitted/);
  await expect(page.getByRole("link", { name: freeCompany })).toBeVisible();
  await expect(page.getByRole("link", { name: mineCompany })).toHaveCount(0);

  // By id, whoever holds it; nothing is overdue yet.
  await page.goto(`/admin?status=all&q=%23${mineId}`);
  await expect(page.getByRole("link", { name: mineCompany })).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2);
  await page.getByLabel("Overdue only").check();
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No applications match these filters.")).toBeVisible();

  // An address asking for an order the queue does not have says so.
  await page.goto("/admin?status=in_review&sort=sideways");
  await expect(page.getByRole("alert")).toContainText("not one the queue offers");

  await axe(page, "queue with a refused filter");
  await first.close();
  await second.close();
  expect(errors).toEqual([]);
});

test("metrics chart the service level with tables beside, operations list dead mail, and the queue downloads as CSV", async ({ page, browser }) => {
  const merchant = await submittedContext(browser, `Metrics ${Date.now()}`);
  await merchant.close();
  const errors = watchConsole(page);
  await loggedInReviewer(page, "metrics-reviewer");

  const csv = page.getByRole("link", { name: "Download this view as CSV" });
  await expect(csv).toHaveAttribute("href", "/admin/queue.csv?status=in_review");
  const download = await page.request.get("/admin/queue.csv?status=in_review");
  expect(download.status()).toBe(200);
  expect((await download.text()).split("\r\n")[0]).toBe("Application ID,Company,Applicant,Submitted,Due,Status,Assignee,Overdue");

  await page.getByRole("navigation", { name: "Review tools" }).getByRole("link", { name: "Metrics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Metrics" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "Last 7 days" })).not.toHaveAttribute("aria-current");
  await expect(page.getByRole("img", { name: "Applications received and decided per day" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Applications in review by time waited" })).toBeVisible();
  await expect(page.getByRole("definition").first()).not.toHaveText("0");
  await axe(page, "metrics");
  await page.getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/days=7$/);
  await expect(page.getByRole("link", { name: "Last 7 days" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "Last 30 days" })).not.toHaveAttribute("aria-current");
  await page.getByText("Show the numbers").click();
  await expect(page.getByRole("region", { name: "Received and decided per day" }).getByRole("row")).toHaveCount(8);

  await page.goto("/admin/operations");
  await expect(page.getByRole("heading", { level: 1, name: "Operations" })).toBeVisible();
  await waitForHydration(page);
  await axe(page, "operations");
  expect(errors).toEqual([]);
});

test("a reviewer requests changes: the merchant edits the kept answers and resubmits, and it comes back to the same reviewer", async ({ page, browser }) => {
  const company = `Changes ${Date.now()}`;
  const merchantEmail = uniqueEmail("changes-merchant");
  const merchantContext = await submittedContext(browser, company, merchantEmail);
  const errors = watchConsole(page);
  const reviewer = await loggedInReviewer(page, "changes-reviewer");
  await page.getByRole("link", { name: company }).click();
  const decision = page.getByRole("region", { name: "Decision" });
  await decision.getByRole("button", { name: "Assign to me" }).click();
  await expect(decision).toContainText("Assigned to you.");
  await page.getByLabel("Reason for rejection, or the changes to ask for").fill("Please add the website of the company.");
  await page.getByRole("checkbox", { name: "Website" }).check();
  await decision.getByRole("button", { name: "Request changes" }).click();
  await expect(decision).toContainText(`Changes requested by ${reviewer}`);
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("Changes requested");
  expect((await mailsTo(merchantEmail, "Your workspace application needs changes")).length).toBe(1);

  // The merchant is back in the wizard, on the details, with the request at the top.
  const merchant = await merchantContext.newPage();
  const merchantErrors = watchConsole(merchant);
  await merchant.goto("/apply");
  await waitForHydration(merchant);
  await expect(merchant.getByRole("heading", { level: 1, name: "Enter business details" })).toBeVisible();
  const asked = merchant.getByRole("region", { name: "What the reviewer asked you to change" });
  await expect(asked).toContainText("Your application is back with you");
  await expect(asked).toContainText("Please add the website of the company.");
  await expect(merchant.getByLabel("Company Name")).toHaveValue(company);
  await expect(merchant.getByLabel("Website")).toHaveAccessibleDescription(/The reviewer asked you to change this/);
  await axe(merchant, "wizard after a request for changes");
  await merchant.getByLabel("Website").fill("https://changes.example");
  await merchant.getByRole("button", { name: "Next Step" }).click();
  await expect(merchant.getByRole("region", { name: "Changes since you last submitted" }).getByRole("row", { name: /Website/ })).toContainText("https://changes.example");
  await merchant.getByRole("button", { name: "Submit Application" }).click();
  await expect(merchant.getByRole("heading", { level: 1, name: "Your application is under review" })).toBeVisible();
  await expect(merchant.getByRole("region", { name: "Your submissions" })).toContainText("Changes requested");

  // Back with the same reviewer, with what changed.
  await page.goto("/admin?status=in_review&holder=me");
  await page.getByRole("link", { name: company }).click();
  await expect(page.getByRole("region", { name: "Decision" })).toContainText("Assigned to you.");
  await expect(page.getByRole("region", { name: "What changed since the previous submission" }).getByRole("row", { name: /Website/ })).toContainText("https://changes.example");
  await axe(page, "resubmission after changes");
  await merchantContext.close();
  expect(errors).toEqual([]);
  expect(merchantErrors).toEqual([]);
});

test("the new reviewer actions work with the keyboard alone: filter, note, claim, release, request changes", async ({ page, browser }) => {
  const company = `Keys Ops ${Date.now()}`;
  const merchant = await submittedContext(browser, company);
  await merchant.close();
  const errors = watchConsole(page);
  await loggedInReviewer(page, "keys-ops-reviewer");
  await waitForHydration(page);

  // Filter by typing in the search and pressing Enter.
  await typeInto(page, page.getByLabel("Search company, email or application ID"), company);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=Keys/);
  const link = page.getByRole("link", { name: company });
  await tabTo(page, link);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await waitForHydration(page);

  await typeInto(page, page.getByLabel("Add a note"), "Checked by keyboard.");
  await tabTo(page, page.getByRole("button", { name: "Add Note" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Internal notes" }).getByRole("listitem")).toContainText("Checked by keyboard.");

  await tabTo(page, page.getByRole("button", { name: "Assign to me" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Assigned to you.")).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Release" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Not assigned yet.")).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Assign to me" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Assigned to you.")).toBeVisible();

  await typeInto(page, page.getByLabel("Reason for rejection, or the changes to ask for"), "Please add your website.");
  await tabTo(page, page.getByRole("checkbox", { name: "Website" }));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Request changes" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Decision" })).toContainText("Changes requested by");
  expect(errors).toEqual([]);
});
