import { test, expect } from "@playwright/test";
import { ownAddress, submittedContext, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** `secs` on a clock `offsetHours` east of UTC, as the app writes it. */
function onClock(secs: number, offsetHours: number, label: string): string {
  const local = new Date((secs + offsetHours * 3600) * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}, ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ${label}`;
}

test("a merchant in Shanghai reads the due date on their own clock, rendered by the server after the first page", async ({ browser }) => {
  const company = `Clock ${Date.now()}`;
  const merchant = await submittedContext(browser, company, uniqueEmail("shanghai"));
  const { Submitted: submitted } = await (await merchant.request.get("/api/my_application")).json();
  const shanghai = onClock(submitted.due_at, 8, "GMT+8");

  // The same account in a browser set to Shanghai's zone.
  const context = await browser.newContext({ timezoneId: "Asia/Shanghai", storageState: await merchant.storageState(), extraHTTPHeaders: ownAddress() });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto("/apply");
  await waitForHydration(page);
  // The browser keeps its zone in a cookie; from then on the server renders in it.
  expect((await context.cookies()).find((c) => c.name === "tz")?.value).toBe("Asia/Shanghai");
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByText(`A reviewer will decide by ${shanghai}`)).toBeVisible();
  const html = await (await context.request.get("/apply")).text();
  expect(html, "server-rendered in the reader's zone, no flash of UTC").toContain(shanghai);

  // Without the cookie (a first visit), the server says UTC, and says so.
  const fresh = await browser.newContext({ storageState: { cookies: (await merchant.storageState()).cookies.filter((c) => c.name !== "tz"), origins: [] } });
  const utcHtml = await (await fresh.request.get("/apply")).text();
  expect(utcHtml).toContain(onClock(submitted.due_at, 0, "UTC"));
  expect(errors).toEqual([]);
  await Promise.all([merchant.close(), context.close(), fresh.close()]);
});
