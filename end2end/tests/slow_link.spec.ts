import { test, expect, Page } from "@playwright/test";
import { signedUpContext, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const PASSWORD = "a long and memorable passphrase";
/** A 40×20 red PNG. */
const RED_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR4nGO4YGAwIIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAEC3ti78RvMeAAAAAElFTkSuQmCC", "base64");

/** Holds back a lazily loaded screen's wasm chunks (what a slow link does) until `release()`;
 * `held` resolves once the page has asked for one. */
async function holdScreenChunks(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let asked!: () => void;
  const held = new Promise<void>((resolve) => (asked = resolve));
  await page.route(/\/pkg\/(split_|chunk_)[^/]*\.wasm$/, async (route) => {
    asked();
    await released;
    await route.continue();
  });
  return { held, release };
}

// A lazily loaded screen is shown by the server before its code arrives; what is typed
// or chosen meanwhile must be what the app validates, saves and sends once it does.
test("fields filled and a logo chosen before the wizard's code arrives are the app's once it does", async ({ browser }) => {
  const context = await signedUpContext(browser, uniqueEmail("slow"), PASSWORD);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto("/apply");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Select" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Enter business details" })).toBeVisible();

  const chunks = await holdScreenChunks(page);
  await page.reload();
  await chunks.held;
  await expect(page.getByRole("heading", { level: 1, name: "Enter business details" })).toBeVisible();
  await page.getByLabel("Company Name").fill("Slow Link Trading");
  await page.getByLabel("Country/Region").selectOption("SG");
  await page.getByLabel("Website").fill("https://slow-link.example");
  await page.getByLabel("Contact Number").fill("+65 6123 4567");
  await page.getByLabel("Email Address").fill("sales@slow-link.example");
  await page.getByLabel("Business Logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: RED_PNG });

  chunks.release();
  await waitForHydration(page);
  // The chosen file is uploaded once the code has come (its Upload button is gone by then).
  await expect(page.getByRole("img", { name: "Slow Link Trading logo" })).toHaveAttribute("src", /^\/logos\//);
  await page.getByRole("button", { name: "Next Step" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Review and submit" })).toBeVisible();
  for (const shown of ["Slow Link Trading", "Singapore", "https://slow-link.example", "+65 6123 4567", "sales@slow-link.example"]) {
    await expect(page.getByText(shown, { exact: true })).toBeVisible();
  }
  expect(errors).toEqual([]);
  await context.close();
});

test("an email typed before the reset screen's code arrives is the one the app sends", async ({ page }) => {
  const errors = watchConsole(page);
  const chunks = await holdScreenChunks(page);
  await page.goto("/reset");
  await chunks.held;
  await page.getByLabel("Email").fill(uniqueEmail("slow-reset"));
  chunks.release();
  await waitForHydration(page);
  await page.getByRole("button", { name: /Send/ }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses");
  await expect(page.locator("#email-error")).toHaveCount(0);
  expect(errors).toEqual([]);
});
