import { test, expect, Browser, BrowserContext, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createReviewer, mailsTo, ownAddress, readCode, submittedContext, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const PASSWORD = "a long and memorable passphrase";
const REVIEWER_PASSWORD = "a long reviewer passphrase";

async function axe(page: Page, state: string) {
  // A lazily loaded screen puts its <title> back as its chunk hydrates: wait for that first.
  await waitForHydration(page);
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${state}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
}

/** A merchant whose application for `company` was approved and whose workspace exists; returns
 * the context and the Owner's email. */
async function ownerContext(browser: Browser, company: string): Promise<{ owner: BrowserContext; email: string }> {
  const email = uniqueEmail("team-owner");
  const owner = await submittedContext(browser, company, email);
  const { Submitted: submitted } = await (await owner.request.get("/api/my_application")).json();
  const reviewerEmail = uniqueEmail("team-reviewer");
  createReviewer(reviewerEmail, REVIEWER_PASSWORD);
  const reviewer = await browser.newContext();
  await reviewer.request.post("/api/login", { form: { "input[email]": reviewerEmail, "input[password]": REVIEWER_PASSWORD } });
  for (const endpoint of ["assign_to_me", "approve"]) {
    const answer = await reviewer.request.post(`/api/${endpoint}`, { form: { id: String(submitted.id), take_over: "false" } });
    expect(answer.status(), endpoint).toBe(200);
  }
  await reviewer.close();
  await expect
    .poll(async () => JSON.stringify(await (await owner.request.get("/api/my_workspace")).json()), { timeout: 15_000 })
    .toContain("Ready");
  return { owner, email };
}

/** The invitation link in the newest invitation mail to `email` (quoted-printable decoded). */
async function invitationLink(email: string): Promise<string> {
  const mails = await mailsTo(email, "invited you to the workspace");
  expect(mails.length).toBeGreaterThan(0);
  const text = mails[mails.length - 1].replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  const match = text.match(/\/invitations\/[0-9a-f]{64}/);
  expect(match, "a link in the invitation").not.toBeNull();
  return match![0];
}

test("an Owner invites a colleague, who signs up through the link and joins; roles change and the colleague is removed", async ({ browser }) => {
  const company = `Team ${Date.now()}`;
  const { owner, email: ownerEmail } = await ownerContext(browser, company);
  const page = await owner.newPage();
  const errors = watchConsole(page);
  await page.goto("/workspace");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await waitForHydration(page);
  await axe(page, "members page, the Owner alone");

  // A bad address is refused beside the field, and nothing is sent.
  const invite = page.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("Email").fill("not an address");
  await invite.getByRole("button", { name: "Send Invitation" }).click();
  await expect(invite.locator("#email-error")).toBeVisible();
  await expect(invite.getByLabel("Email")).toBeFocused();
  await axe(page, "invitation form with a message");

  // By keyboard: the address replaces what was refused, and Enter sends it.
  const colleague = uniqueEmail("team-colleague");
  await page.keyboard.press("Control+A");
  await page.keyboard.type(colleague);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${colleague}`);
  await expect(page.locator("#team-notice")).toBeFocused();
  await expect(invite.getByLabel("Email")).toHaveValue("");
  await expect(invite.getByLabel("Role")).toHaveValue("member");
  const pending = page.getByRole("region", { name: "Pending invitations" });
  await expect(pending).toContainText(colleague);
  await expect(pending).toContainText(`by ${ownerEmail}`);
  await axe(page, "members page with a pending invitation");

  // The colleague opens the link, creates an account with the invited address, and joins.
  const link = await invitationLink(colleague);
  const invited = await browser.newContext({ extraHTTPHeaders: ownAddress() });
  const guest = await invited.newPage();
  const guestErrors = watchConsole(guest);
  await guest.goto(link);
  await waitForHydration(guest);
  await expect(guest.getByRole("heading", { level: 1, name: "Join a workspace" })).toBeVisible();
  await expect(guest.getByText(`${ownerEmail} invited ${colleague} to join this workspace as a Member.`)).toBeVisible();
  await axe(guest, "invitation, not logged in");
  await guest.getByRole("link", { name: "Create Account" }).click();
  await expect(guest).toHaveURL(/\/signup\?/);
  await waitForHydration(guest);
  const email = guest.getByLabel("Email");
  await expect(email).toHaveValue(colleague);
  await expect(email).toHaveAttribute("readonly", "");
  await guest.getByRole("button", { name: "Send Code" }).click();
  await guest.getByLabel("Verification Code").fill(await readCode(colleague));
  await guest.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await guest.getByLabel("Confirm Password").fill(PASSWORD);
  await guest.getByRole("checkbox").check();
  await guest.getByRole("button", { name: "Sign Up" }).click();
  const dialog = guest.getByRole("dialog", { name: "Your account has been created" });
  await expect(dialog).toContainText("join the workspace you were invited to");
  await dialog.getByRole("button", { name: "Continue now" }).click();
  await expect(guest).toHaveURL(new RegExp(`${link}$`));
  await axe(guest, "invitation, logged in as the invited address");
  await guest.getByRole("button", { name: "Join Workspace" }).click();
  await expect(guest).toHaveURL(/\/workspace$/);
  await expect(guest.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await expect(guest.getByText("Your role: Member")).toBeVisible();
  await axe(guest, "workspace home of a Member");
  expect((await mailsTo(ownerEmail, `${colleague} joined ${company}`)).length).toBe(1);

  // The Owner makes them an Owner, then a Member again.
  await page.reload();
  await waitForHydration(page);
  const team = page.getByRole("region", { name: "Team" });
  const row = team.getByRole("row", { name: new RegExp(colleague) });
  await expect(row).toContainText("Member");
  await row.getByRole("button", { name: `Make Owner (${colleague})` }).click();
  await expect(page.getByRole("status")).toHaveText("Role changed.");
  await expect(page.locator("#team-notice")).toBeFocused();
  await expect(row.getByRole("cell", { name: "Owner", exact: true })).toBeVisible();
  await guest.reload();
  await expect(guest.getByText("Your role: Owner")).toBeVisible();
  await row.getByRole("button", { name: `Make Member (${colleague})` }).click();
  await expect(row.getByRole("cell", { name: "Member", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent changes" })).toContainText(`${ownerEmail} made ${colleague} an Owner.`);
  await axe(page, "members page with two members");

  // Removed (after confirming): access ends at once, and the colleague is told on the next visit.
  page.once("dialog", (confirm) => confirm.accept());
  await row.getByRole("button", { name: `Remove (${colleague})` }).click();
  await expect(page.getByRole("status")).toHaveText("Member removed.");
  await expect(team).not.toContainText(colleague);
  await guest.goto("/workspace/members");
  await waitForHydration(guest);
  await expect(guest.getByText("You are not a member of a workspace.")).toBeVisible();
  await guest.goto("/workspace");
  await waitForHydration(guest);
  await expect(guest.getByRole("status")).toContainText(`You are no longer a member of the workspace “${company}”: ${ownerEmail} removed you on`);
  await axe(guest, "removed member told");
  expect((await mailsTo(colleague, `Your role in ${company} is now Owner`)).length).toBe(1);
  expect((await mailsTo(colleague, `You were removed from ${company}`)).length).toBe(1);

  expect(errors).toEqual([]);
  expect(guestErrors).toEqual([]);
  await Promise.all([owner.close(), invited.close()]);
});

test("without JavaScript an Owner invites, and the colleague signs up through the link and joins", async ({ browser }) => {
  const company = `Plain Team ${Date.now()}`;
  const { owner: withScript } = await ownerContext(browser, company);
  // The same session, in a browser that runs no script.
  const owner = await browser.newContext({ javaScriptEnabled: false, storageState: await withScript.storageState() });
  const page = await owner.newPage();
  await page.goto("/workspace/members");
  const invite = page.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("Email").fill("still not an address");
  await invite.getByRole("button", { name: "Send Invitation" }).click();
  await expect(page).toHaveURL(/\/workspace\/members$/);
  await expect(invite.locator("#email-error")).toBeVisible();
  await expect(invite.getByLabel("Email")).toHaveValue("still not an address");
  const colleague = uniqueEmail("plain-colleague");
  await invite.getByLabel("Email").fill(colleague);
  await invite.getByLabel("Role").selectOption("owner");
  await invite.getByRole("button", { name: "Send Invitation" }).click();
  await expect(page.getByRole("status")).toHaveText("Invitation sent.");
  await expect(page.getByRole("region", { name: "Pending invitations" })).toContainText(colleague);

  // Sending it again within the minute is refused with a clear message.
  await page.getByRole("button", { name: `Send Again (${colleague})` }).click();
  await expect(page.getByRole("alert")).toContainText("try again in");

  const link = await invitationLink(colleague);
  const invited = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ownAddress() });
  const guest = await invited.newPage();
  await guest.goto(link);
  await guest.getByRole("link", { name: "Create Account" }).click();
  await guest.getByRole("button", { name: "Send Code" }).click();
  await expect(guest).toHaveURL(/\/signup\?/);
  await guest.getByLabel("Verification Code").fill(await readCode(colleague));
  await guest.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await guest.getByLabel("Confirm Password").fill(PASSWORD);
  await guest.getByRole("checkbox").check();
  await guest.getByRole("button", { name: "Sign Up" }).click();
  await expect(guest).toHaveURL(new RegExp(`${link}$`));
  await guest.getByRole("button", { name: "Join Workspace" }).click();
  await expect(guest).toHaveURL(/\/workspace$/);
  await expect(guest.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await expect(guest.getByText("Your role: Owner")).toBeVisible();

  // The first Owner makes them a Member, with a plain form.
  await page.goto("/workspace/members");
  await page.getByRole("button", { name: `Make Member (${colleague})` }).click();
  await expect(page.getByRole("status")).toHaveText("Role changed.");
  await expect(page.getByRole("row", { name: new RegExp(colleague) }).getByRole("cell", { name: "Member", exact: true })).toBeVisible();

  // They leave; the first Owner stays.
  await guest.goto("/workspace/members");
  await guest.getByRole("button", { name: "Leave Workspace" }).click();
  await expect(guest).toHaveURL(/\/apply$/);
  await page.goto("/workspace/members");
  await expect(page.getByRole("region", { name: "Recent changes" })).toContainText(`${colleague} left the workspace.`);
  await Promise.all([owner.close(), withScript.close(), invited.close()]);
});
