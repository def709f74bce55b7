import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { mailsTo, readCode, signedUpContext, uniqueEmail, waitForHydration, watchConsole } from "./helpers";

const PASSWORD = "a long and memorable passphrase";
const NEW_PASSWORD = "a fresh and different passphrase";

test("a merchant changes the password, downloads the data and deletes the account from /account", async ({ browser }) => {
  let email = uniqueEmail("account");
  const context = await signedUpContext(browser, email, PASSWORD);
  const elsewhere = await browser.newContext();
  expect((await elsewhere.request.post("/api/login", { form: { "input[email]": email, "input[password]": PASSWORD } })).status()).toBe(200);
  const page = await context.newPage();
  const errors = watchConsole(page);

  await page.goto("/apply");
  await waitForHydration(page);
  await page.getByRole("banner").getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Sign-in details" })).toContainText(email);
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  // Change email: nothing changes until the code from the new address comes back.
  const newEmail = uniqueEmail("moved");
  const emailCard = page.getByRole("region", { name: "Change email" });
  await emailCard.getByLabel("New Email").fill(newEmail);
  await emailCard.getByRole("button", { name: "Send Code" }).click();
  await expect(emailCard.getByText(`We sent a 6-digit code to ${newEmail}`)).toBeVisible();
  await expect(emailCard.getByLabel("Verification Code")).toBeFocused();
  await emailCard.getByLabel("Verification Code").fill(await readCode(newEmail));
  await emailCard.getByRole("button", { name: "Change Email" }).click();
  // The header learns the new address, and the confirmation stays in view.
  await expect(page.getByRole("banner")).toContainText(newEmail);
  await expect(emailCard.getByRole("status").first()).toContainText(`Your email address is now ${newEmail}`);
  await expect(page.getByRole("region", { name: "Sign-in details" })).toContainText(newEmail);
  expect((await mailsTo(email, "Subject: Your Mini Program Platform email address was changed")).length).toBe(1);
  email = newEmail;

  // Change password: a wrong current password is refused next to its field.
  const password = page.getByRole("region", { name: "Change password" });
  await password.getByLabel("Current Password").fill("not my password");
  await password.getByLabel("New Password").fill(NEW_PASSWORD);
  await password.getByLabel("Confirm Password").fill(NEW_PASSWORD);
  await password.getByRole("button", { name: "Change Password" }).click();
  await expect(page.locator("#current_password-error")).toHaveText("This is not your current password.");
  await expect(password.getByLabel("New Password")).toHaveValue(NEW_PASSWORD);
  await password.getByLabel("Current Password").fill(PASSWORD);
  await password.getByRole("button", { name: "Change Password" }).click();
  await expect(password.getByRole("status")).toContainText("Your password was changed");
  expect(await (await elsewhere.request.get("/api/current_user")).json()).toBeNull();
  expect(await (await context.request.get("/api/current_user")).json()).toMatchObject({ email });
  expect((await mailsTo(email, "Subject: Your Mini Program Platform password was changed")).length).toBe(1);

  // Download my data.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download My Data" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("mini-program-platform-account.json");
  const fs = await import("fs");
  const data = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
  expect(data.account.email).toBe(email);
  expect(data.terms_of_service_consent.version).toBeTruthy();

  // Delete: the password confirms it; then the account is gone for good.
  const remove = page.getByRole("region", { name: "Delete your account" });
  await remove.getByRole("button", { name: "Delete My Account" }).click();
  await expect(page.locator("#delete_password-error")).toHaveText("Enter your password to confirm.");
  await remove.getByLabel("Password").fill(NEW_PASSWORD);
  await remove.getByRole("button", { name: "Delete My Account" }).click();
  await expect(page).toHaveURL(/\/\?account=deleted$/);
  await expect(page.getByRole("status")).toHaveText("Your account has been deleted. Thank you for trying Mini Program Platform.");
  await expect(page.getByRole("banner").getByRole("link", { name: "Log In" })).toBeVisible();
  const login = await elsewhere.request.post("/api/login", { form: { "input[email]": email, "input[password]": NEW_PASSWORD } });
  expect(login.status()).toBe(400);
  expect(errors).toEqual([]);
  await context.close();
  await elsewhere.close();
});

test("the account page lists every device and logs out the others, with and without JavaScript", async ({ browser }) => {
  const email = uniqueEmail("devices");
  const context = await signedUpContext(browser, email, PASSWORD);
  const phoneAgent =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
  const phone = await browser.newContext({ userAgent: phoneAgent });
  const logIn = async (other: typeof phone) =>
    expect((await other.request.post("/api/login", { form: { "input[email]": email, "input[password]": PASSWORD } })).status()).toBe(200);
  await logIn(phone);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto("/account");
  await waitForHydration(page);
  const devices = page.getByRole("region", { name: "Devices" });
  const items = devices.getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText("This device");
  await expect(items.first()).toContainText("Chrome");
  await expect(items.nth(1)).toContainText("Safari 18 on iOS");
  await expect(items.nth(1)).not.toContainText("This device");
  await expect(items.nth(1)).toContainText("127.0.0.1");
  expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);

  await devices.getByRole("button", { name: "Log out other sessions" }).click();
  await expect(devices.getByRole("status")).toHaveText("1 other device was logged out.");
  await expect(items).toHaveCount(1);
  await expect(devices.getByRole("button", { name: "Log out other sessions" })).toBeDisabled();
  expect(await (await phone.request.get("/api/current_user")).json()).toBeNull();
  expect(await (await context.request.get("/api/current_user")).json()).toMatchObject({ email });

  // Without JavaScript the form posts and the page comes back with the list.
  await logIn(phone);
  const plain = await browser.newContext({ javaScriptEnabled: false });
  await plain.addCookies(await context.cookies());
  const plainPage = await plain.newPage();
  await plainPage.goto("/account");
  const plainDevices = plainPage.getByRole("region", { name: "Devices" });
  await expect(plainDevices.getByRole("listitem")).toHaveCount(2);
  await plainDevices.getByRole("button", { name: "Log out other sessions" }).click();
  await expect(plainPage).toHaveURL(/\/account\??$/);
  await expect(plainPage.getByRole("region", { name: "Devices" }).getByRole("listitem")).toHaveCount(1);
  expect(await (await phone.request.get("/api/current_user")).json()).toBeNull();
  expect(errors).toEqual([]);
  await Promise.all([context.close(), phone.close(), plain.close()]);
});

test("anonymous visitors to /account are sent to log in first", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?next=\/account$/);
});
