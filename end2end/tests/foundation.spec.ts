import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { readCode, uniqueEmail, watchConsole, waitForHydration } from "./helpers";

test("the terms page shows the stored terms, rendered by the server, and its contents open once hydrated", async ({ page }) => {
  const errors = watchConsole(page);

  // Server-rendered: the content is in the HTML before any wasm runs.
  await page.goto("/terms");
  await expect(page.getByRole("heading", { level: 1, name: "Terms of Service" })).toBeVisible();
  await expect(page.getByText("Version 2026-11-26")).toBeVisible();
  await waitForHydration(page);

  // A button that only works once hydrated.
  const toggle = page.getByRole("button", { name: "Show contents" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  const contents = page.getByRole("navigation", { name: "Contents" });
  await expect(contents).toBeVisible();
  await expect(page.getByRole("button", { name: "Hide contents" })).toHaveAttribute("aria-expanded", "true");
  await contents.getByRole("link", { name: "5. Your data" }).click();
  await expect(page).toHaveURL(/#section-5$/);

  // From another page, the footer's link: the page comes whole from the server.
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("contentinfo").getByRole("link", { name: "Terms of Service" }).click();
  await expect(page).toHaveURL(/\/terms$/);
  await expect(page.getByText("Version 2026-11-26")).toBeVisible();
  await expect(page.getByRole("heading", { name: "2. Your account" })).toBeVisible();
  await waitForHydration(page);

  expect(errors).toEqual([]);
});

test("every page renders with the product header and passes axe", async ({ page }) => {
  const errors = watchConsole(page);
  for (const path of ["/", "/signup", "/login", "/apply", "/workspace", "/admin", "/terms"]) {
    await page.goto(path);
    await waitForHydration(page);
    await expect(page.getByRole("banner").getByText("Mini Program Platform")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${path}: ${v.id} ${v.help}`)).toEqual([]);
  }
  expect(errors).toEqual([]);
});

test("an unknown address shows a helpful 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page.getByRole("heading", { name: "Build mini programs for millions of customers" })).toBeVisible();
});

test("with JavaScript off, the header knows who is logged in and protected pages refuse whoever may not see them", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // The header's account links are in the page itself, not filled in by script.
  await page.goto("/");
  const account = page.getByRole("navigation", { name: "Account" });
  await expect(account.getByRole("link", { name: "Log In" })).toBeVisible();
  await expect(account.getByRole("link", { name: "Sign Up" })).toBeVisible();
  // Anonymous: every protected page sends the visitor to log in, then back.
  for (const path of ["/apply", "/workspace", "/admin", "/admin/applications/1"]) {
    const answer = await page.goto(path);
    expect(answer?.status(), path).toBeLessThan(400);
    await expect(page, path).toHaveURL(new RegExp(`/login\\?next=${path.replace(/\//g, "\\/")}$`));
  }
  // A merchant: the reviewers' area is refused with a page that says so.
  const email = uniqueEmail("nojs");
  await context.request.post("/api/send_code", { form: { email } });
  const code = await readCode(email);
  const password = "a long and memorable passphrase";
  const signup = await context.request.post("/api/signup", {
    form: {
      "input[email]": email,
      "input[code]": code,
      "input[password]": password,
      "input[confirm_password]": password,
      "input[accept_terms]": "true",
    },
  });
  expect(signup.status()).toBe(200);
  for (const path of ["/admin", "/admin/applications/1"]) {
    const answer = await page.goto(path);
    expect(answer?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "Not available for your account" })).toBeVisible();
    await expect(account.getByText(email)).toBeVisible();
    await expect(account.getByRole("button", { name: "Log Out" })).toBeVisible();
    await expect(account.getByRole("link", { name: "Log In" })).toHaveCount(0);
  }
  await context.close();
});
