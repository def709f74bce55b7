import { expect, Page } from "@playwright/test";

/** Collects console errors and uncaught exceptions; a page that fails to hydrate shows up here. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** Waits until the wasm bundle has hydrated the page (the app marks <html> when it has). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}
