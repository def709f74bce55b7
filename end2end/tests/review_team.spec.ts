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
