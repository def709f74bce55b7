import { test, expect, Browser, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { createReviewer, readCode, signedUpContext, startServer, submittedContext, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const PASSWORD = "a long and memorable passphrase";
const REVIEWER_PASSWORD = "a long reviewer passphrase";

/** axe on what the page shows now, named by `state` in the failure. */
async function axe(page: Page, state: string) {
  // A lazily loaded screen puts its <title> back as it hydrates: wait for it, then check.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${state}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
}

test("every public screen passes axe: guides, reset, an expired link, the 404 page and signup's messages", async ({ page }) => {
  const errors = watchConsole(page);
  for (const path of [
    "/guides/developers-guide",
    "/guides/platform-users-guide",
    "/guides/video-tutorial",
    "/reset",
    "/reset/0123456789abcdef0123456789abcdef",
    "/no/such/page",
  ]) {
    await page.goto(path);
    await waitForHydration(page);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await axe(page, path);
  }
  await page.goto("/signup");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Sign Up" }).click();
  await expect(page.locator("p.error").first()).toBeVisible();
  await axe(page, "/signup with messages");
  expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
});

test("every merchant state passes axe: each wizard step with its messages, the account, review, withdrawal, rejection and the workspace", async ({ browser }) => {
  const context = await signedUpContext(browser, uniqueEmail("a11y"), PASSWORD);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto("/apply");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Select your role" })).toBeVisible();
  await axe(page, "role step");
  await page.getByRole("button", { name: "Select" }).click();
  await page.getByRole("button", { name: "Next Step" }).click();
  await expect(page.locator("#company_name-error")).toBeVisible();
  await axe(page, "details step with messages");
  const company = `Accessible ${Date.now()}`;
  await page.getByLabel("Company Name").fill(company);
  await page.getByLabel("Country/Region").selectOption("SG");
  await page.getByRole("button", { name: "Next Step" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Review and submit" })).toBeVisible();
  await axe(page, "review step");
  await page.getByRole("button", { name: "Submit Application" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your application is under review" })).toBeVisible();
  await axe(page, "under review");
  await page.getByRole("button", { name: "Withdraw" }).click();
  await expect(page.getByText("Withdraw this application?")).toBeVisible();
  await axe(page, "withdraw confirmation");
  await page.getByRole("button", { name: "Keep it in review" }).click();
  await page.goto("/account");
  await waitForHydration(page);
  await axe(page, "/account");

  // A reviewer rejects it; the merchant sees why.
  const reviewerEmail = uniqueEmail("a11y-reviewer");
  createReviewer(reviewerEmail, REVIEWER_PASSWORD);
  const reviewer = await (await browser.newContext()).newPage();
  const reviewerErrors = watchConsole(reviewer);
  await reviewer.goto("/login");
  await waitForHydration(reviewer);
  await reviewer.getByLabel("Email").fill(reviewerEmail);
  await reviewer.getByLabel("Password").fill(REVIEWER_PASSWORD);
  await reviewer.getByRole("button", { name: "Log In" }).click();
  await expect(reviewer).toHaveURL(/\/admin$/);
  await axe(reviewer, "review queue");
  await reviewer.getByRole("link", { name: company }).click();
  await expect(reviewer.getByRole("heading", { level: 1, name: company })).toBeVisible();
  await axe(reviewer, "application before it is claimed");
  await reviewer.getByRole("button", { name: "Assign to me" }).click();
  await expect(reviewer.getByText("Assigned to you.")).toBeVisible();
  await axe(reviewer, "decision form");
  await reviewer.getByLabel("Reason for rejection").fill("short");
  await reviewer.getByRole("button", { name: "Reject" }).click();
  await expect(reviewer.locator("#reason-error")).toBeVisible();
  await axe(reviewer, "decision form with a message");
  await reviewer.getByLabel("Reason for rejection").fill("We could not open the website you gave.");
  await reviewer.getByRole("checkbox", { name: "Website" }).check();
  await reviewer.getByRole("button", { name: "Reject" }).click();
  await expect(reviewer.getByRole("region", { name: "Decision" })).toContainText("Rejected by");
  await axe(reviewer, "decided application");

  await page.goto("/apply");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Your application was rejected" })).toBeVisible();
  await axe(page, "rejected");

  // Another merchant is approved and enters the workspace.
  const approvedCompany = `Approved Accessible ${Date.now()}`;
  const approved = await submittedContext(browser, approvedCompany);
  await reviewer.goto("/admin");
  await reviewer.getByRole("link", { name: approvedCompany }).click();
  await reviewer.getByRole("button", { name: "Assign to me" }).click();
  await expect(reviewer.getByText("Assigned to you.")).toBeVisible();
  await reviewer.getByRole("button", { name: "Approve" }).click();
  await expect(reviewer.getByRole("region", { name: "Decision" })).toContainText("Approved by");
  const workspace = await approved.newPage();
  await workspace.goto("/workspace");
  await waitForHydration(workspace);
  await expect(workspace.getByRole("heading", { level: 1, name: approvedCompany })).toBeVisible({ timeout: 15_000 });
  await axe(workspace, "workspace home");

  expect(errors).toEqual([]);
  expect(reviewerErrors).toEqual([]);
});

test("at 320 CSS pixels (a phone, or 400 % zoom) and 640 (200 % zoom) no page scrolls sideways", async ({ browser }, testInfo) => {
  const merchant = await signedUpContext(browser, uniqueEmail("a11y-narrow"), PASSWORD);
  const anonymous = await browser.newContext();
  for (const width of [320, 640]) {
    for (const [context, paths] of [
      [anonymous, ["/", "/signup", "/login", "/reset", "/terms", "/guides/platform-users-guide"]],
      [merchant, ["/apply", "/apply?step=details", "/account"]],
    ] as const) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 640 });
      for (const path of paths) {
        await page.goto(path);
        await waitForHydration(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        // Kept with the test's results, to look at.
        const name = `${width}px${path.replace(/[^a-z0-9]+/gi, "-")}.png`;
        await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
        expect(overflow, `${path} at ${width}px is ${overflow}px wider than the screen`).toBeLessThanOrEqual(0);
      }
      await page.close();
    }
  }
  await Promise.all([merchant.close(), anonymous.close()]);
});

test("\"Setting up your workspace…\" passes axe and loads the workspace by itself once set up (an instance without workers approves, so the set-up waits)", async ({ browser }) => {
  const fs = await import("fs");
  const os = await import("os");
  const path = await import("path");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "setting-up-"));
  const env = { DATABASE_URL: `sqlite://${dir}/db.sqlite?mode=rwc`, MAIL_DIR: `${dir}/mail` };
  const email = uniqueEmail("setting-up");
  let server = await startServer(env);
  const merchant = await browser.newContext();
  try {
    const sent = await merchant.request.post(`${server.base}/api/send_code`, { form: { email } });
    expect(sent.status(), "send_code").toBe(200);
    const code = await readCode(email, 15_000, env.MAIL_DIR);
    const signup = await merchant.request.post(`${server.base}/api/signup`, {
      form: { "input[email]": email, "input[code]": code, "input[password]": PASSWORD, "input[confirm_password]": PASSWORD, "input[accept_terms]": "true" },
    });
    expect(signup.status()).toBe(200);
    const saved = await merchant.request.post(`${server.base}/api/save_draft`, {
      form: { "input[version]": "0", "input[step]": "review", "input[role_selected]": "true", "input[details][company_name]": "Waiting Ltd", "input[details][country]": "SG" },
    });
    expect(saved.status(), "save_draft").toBe(200);
    const { version } = await saved.json();
    const submitted = await merchant.request.post(`${server.base}/api/submit_application`, { form: { version: String(version) } });
    expect(submitted.status(), "submit_application").toBe(200);
    const { id } = await submitted.json();
    const reviewerEmail = uniqueEmail("setting-up-reviewer");
    createReviewer(reviewerEmail, REVIEWER_PASSWORD, env);

    // Without workers, the approval's workspace waits to be set up.
    await server.stop();
    server = await startServer({ ...env, BACKGROUND_WORKERS: "off" });
    const reviewer = await browser.newContext();
    const login = await reviewer.request.post(`${server.base}/api/login`, { form: { "input[email]": reviewerEmail, "input[password]": REVIEWER_PASSWORD } });
    expect(login.status(), "login").toBe(200);
    for (const endpoint of ["assign_to_me", "approve"]) {
      const answer = await reviewer.request.post(`${server.base}/api/${endpoint}`, { form: { id: String(id), take_over: "false" } });
      expect(answer.status(), endpoint).toBe(200);
    }
    await reviewer.close();
    const page = await merchant.newPage();
    const errors = watchConsole(page);
    await page.goto(`${server.base}/workspace`);
    await waitForHydration(page);
    await expect(page.getByRole("heading", { level: 1, name: "Setting up your workspace…" })).toBeVisible();
    await axe(page, "setting up");
    // The application page says the same and waits too.
    const status = await merchant.newPage();
    const statusErrors = watchConsole(status);
    await status.goto(`${server.base}/apply`);
    await waitForHydration(status);
    await expect(status.getByRole("status")).toContainText("this page updates by itself");
    // A second instance, with workers, on the same database sets the
    // workspace up; both pages, still talking to the first, see it and load
    // themselves again.
    const withWorkers = await startServer(env);
    try {
      await expect(page.getByRole("heading", { level: 1, name: "Waiting Ltd" })).toBeVisible({ timeout: 30_000 });
      await expect(status.getByRole("link", { name: "Enter Workspace" })).toBeVisible({ timeout: 30_000 });
    } finally {
      await withWorkers.stop();
    }
    expect(errors).toEqual([]);
    expect(statusErrors).toEqual([]);
  } finally {
    await merchant.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
