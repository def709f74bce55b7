import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createReviewer, submittedContext, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const REVIEWER_PASSWORD = "a long reviewer passphrase";

test("a reviewer writes internal notes, releases a claim, and the merchant sees none of it", async ({ page, browser }) => {
  const company = `Noted ${Date.now()}`;
  const merchant = await submittedContext(browser, company);
  const errors = watchConsole(page);
  const reviewer = uniqueEmail("notes-reviewer");
  createReviewer(reviewer, REVIEWER_PASSWORD);
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(reviewer);
  await page.getByLabel("Password").fill(REVIEWER_PASSWORD);
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page).toHaveURL(/\/admin$/);
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
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);
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
  const reviewer = uniqueEmail("queue-reviewer");
  createReviewer(reviewer, REVIEWER_PASSWORD);
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(reviewer);
  await page.getByLabel("Password").fill(REVIEWER_PASSWORD);
  await page.getByRole("button", { name: "Log In" }).click();
  await expect(page).toHaveURL(/\/admin$/);
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

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id} ${v.help}`)).toEqual([]);
  await first.close();
  await second.close();
  expect(errors).toEqual([]);
});
