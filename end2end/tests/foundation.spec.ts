import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { watchConsole, waitForHydration } from "./helpers";

test("the terms page shows the stored terms from SSR and after client-side navigation", async ({ page }) => {
  const errors = watchConsole(page);

  // Server-rendered: the content is in the HTML before any wasm runs.
  await page.goto("/terms");
  await expect(page.getByRole("heading", { level: 1, name: "Terms of Service" })).toBeVisible();
  await expect(page.getByText("Version 2026-11-01")).toBeVisible();
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

  // Client-side navigation: the page is not reloaded, the server function is called over HTTP.
  await page.goto("/");
  await waitForHydration(page);
  await page.evaluate(() => ((window as any).__stillHere = true));
  const serverFn = page.waitForResponse((r) => r.url().includes("/api/terms") && r.status() === 200);
  await page.getByRole("contentinfo").getByRole("link", { name: "Terms of Service" }).click();
  await serverFn;
  await expect(page).toHaveURL(/\/terms$/);
  await expect(page.getByText("Version 2026-11-01")).toBeVisible();
  await expect(page.getByRole("heading", { name: "2. Your account" })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__stillHere)).toBe(true);

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
