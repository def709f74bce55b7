import { expect, Browser, BrowserContext, Locator, Page } from "@playwright/test";

/** Collects console errors and uncaught exceptions; a page that fails to hydrate shows up here.
 * Chromium also logs every 4xx answer; those the tests provoke on purpose (a refused form: 400,
 * a forbidden page: 403, a stale draft: 409, a rate limit: 429) are left out, 5xx never are. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  const expected = /^Failed to load resource: the server responded with a status of (400|403|409|429) /;
  page.on("console", (msg) => {
    if (msg.type() === "error" && !expected.test(msg.text())) errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** Waits until the wasm bundle has hydrated the page (the app marks <html> when it has) and a
 * lazily loaded screen has fetched its own chunk (it hydrates once that arrives; the app's mark
 * can come first, and a field filled before then is not yet the app's). */
export async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.waitForLoadState("networkidle");
}

/** A message's headers as people read them: folded lines unfolded (RFC 5322) and encoded words
 * (RFC 2047, as a subject in Chinese is sent) decoded. */
export function readableHeaders(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const word = /=\?utf-8\?([bq])\?([^?]*)\?=/gi;
  return head
    .replace(/(\?=)\s+(?==\?utf-8\?)/gi, "$1")
    .replace(word, (_, kind: string, text: string) =>
      kind.toLowerCase() === "b"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
}

/** Polls MAIL_DIR (set by scripts/test), or `dir`, for the newest verification code sent to `email`. */
export async function readCode(email: string, timeoutMs = 15_000, dir = process.env.MAIL_DIR): Promise<string> {
  const fs = await import("fs");
  const path = await import("path");
  if (!dir) throw new Error("MAIL_DIR is not set: run the browser tests through scripts/test");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".eml")) : [];
    const matches = files
      .map((f) => ({ f, stat: fs.statSync(path.join(dir, f)) }))
      .sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs)
      .map(({ f }) => fs.readFileSync(path.join(dir, f), "utf8"))
      .filter((text) => text.split(/\r?\n/).some((l) => l.toLowerCase() === `to: ${email.toLowerCase()}`));
    for (const text of matches) {
      const subject = readableHeaders(text).split(/\r?\n/).find((l) => l.startsWith("Subject:")) ?? "";
      // Only a code mail's code: other mail (an invitation, say) can name an
      // address with six digits in it.
      const code = subject.match(/(?: code: |验证码：)(\d{6})$/);
      if (code) return code[1];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no verification email for ${email} in ${dir}`);
}

/** A client address of its own, as each merchant has in life: the server trusts the test
 * runner as a proxy (scripts/test sets TRUSTED_PROXIES), so the per-address limits on signups
 * count each merchant apart instead of the whole suite as one client. */
export function ownAddress(): Record<string, string> {
  const part = () => 1 + Math.floor(Math.random() * 254);
  return { "x-forwarded-for": `10.${part()}.${part()}.${part()}` };
}

/** A new browser context holding a merchant account signed up through the API (code read from the mail). */
export async function signedUpContext(browser: Browser, email: string, password: string): Promise<BrowserContext> {
  const context = await browser.newContext({ extraHTTPHeaders: ownAddress() });
  await context.request.post("/api/send_code", { form: { email } });
  const code = await readCode(email);
  const answer = await context.request.post("/api/signup", {
    form: {
      "input[email]": email,
      "input[code]": code,
      "input[password]": password,
      "input[confirm_password]": password,
      "input[accept_terms]": "true",
    },
  });
  expect(answer.status()).toBe(200);
  return context;
}

/** A new browser context holding a merchant (signed up through the API) whose application for
 * `company` has been submitted: the reviewer tests' starting point. */
export async function submittedContext(browser: Browser, company: string, email = uniqueEmail("merchant")): Promise<BrowserContext> {
  const merchant = await signedUpContext(browser, email, "a long and memorable passphrase");
  const saved = await merchant.request.post("/api/save_draft", {
    form: {
      "input[version]": "0",
      "input[step]": "review",
      "input[role_selected]": "true",
      "input[details][company_name]": company,
      "input[details][country]": "SG",
    },
  });
  expect(saved.status()).toBe(200);
  const { version } = await saved.json();
  expect((await merchant.request.post("/api/submit_application", { form: { version: String(version) } })).status()).toBe(200);
  return merchant;
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Mails sent to `email` whose subject contains `subject` (reads MAIL_DIR). */
export async function mailsTo(email: string, subject: string, timeoutMs = 15_000): Promise<string[]> {
  const fs = await import("fs");
  const path = await import("path");
  const dir = process.env.MAIL_DIR!;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
      .filter((f) => f.endsWith(".eml"))
      .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
      .filter((t) => t.split(/\r?\n/).some((l) => l.toLowerCase() === `to: ${email.toLowerCase()}`))
      // A long subject is folded over lines, one in Chinese encoded: read it as sent.
      .filter((t) => readableHeaders(t).includes(subject) || t.replace(/\r?\n[ \t]+/g, " ").includes(subject));
    if (found.length > 0 || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Creates a reviewer with the server's own command line, against the same database. */
export function createReviewer(email: string, password: string, env: Record<string, string> = {}) {
  const { execFileSync } = require("child_process");
  const bin = process.env.SERVER_BIN;
  if (!bin) throw new Error("SERVER_BIN is not set: run the browser tests through scripts/test");
  execFileSync(bin, ["create-reviewer", "--email", email, "--password-stdin"], {
    input: password + "\n",
    env: { ...process.env, RUST_LOG: "warn", ...env },
  });
}

/** Publishes new Terms of Service with the server's own command line; returns the version. */
export function publishTerms(body: string): string {
  const { execFileSync } = require("child_process");
  const fs = require("fs");
  const os = require("os");
  const path = require("path");
  const bin = process.env.SERVER_BIN;
  if (!bin) throw new Error("SERVER_BIN is not set: run the browser tests through scripts/test");
  const version = `e2e-${Date.now()}`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "terms-")), "terms.md");
  fs.writeFileSync(file, body);
  execFileSync(bin, ["publish-terms", "--version", version, "--file", file], {
    env: { ...process.env, RUST_LOG: "warn" },
  });
  return version;
}

/** Records the server functions a page calls, in order, with the status of each answer. */
export function watchCalls(page: Page): { name: string; status: number }[] {
  const calls: { name: string; status: number }[] = [];
  page.on("response", (response) => {
    const name = new URL(response.url()).pathname.match(/^\/api\/(\w+)$/)?.[1];
    if (name) calls.push({ name, status: response.status() });
  });
  return calls;
}

/** Waits out the wizard's autosave delay, then lists the draft saves sent after the
 * (last) submission: there must be none, since the draft is no longer the merchant's to save. */
export async function savesAfterSubmit(page: Page, calls: { name: string; status: number }[]) {
  await page.waitForTimeout(1500);
  const submitted = calls.map((c) => c.name).lastIndexOf("submit_application");
  expect(submitted, "a submission was made").toBeGreaterThanOrEqual(0);
  expect(calls.slice(0, submitted).some((c) => c.name === "save_draft"), "draft saves are seen").toBe(true);
  return calls.slice(submitted).filter((c) => c.name === "save_draft");
}

/** A port nothing listens on now, chosen by the system (a random pick can land on the suite's
 * own server or on a port a browser connection holds). */
async function freePort(): Promise<number> {
  const net = await import("net");
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts another instance of the server binary under test, with `env` (its own database, say).
 * Ready means this child answers `/readyz`: if it exits first (its port taken between the
 * choice and the bind), it is started again on another port, and a failure shows its stderr. */
export async function startServer(env: Record<string, string>): Promise<{ base: string; stop: () => Promise<void> }> {
  const { spawn } = await import("child_process");
  const bin = process.env.SERVER_BIN;
  if (!bin) throw new Error("SERVER_BIN is not set: run the browser tests through scripts/test");
  let stderr = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(bin, [], {
      env: { ...process.env, LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, LEPTOS_SITE_ROOT: "../target/site", RUST_LOG: "warn", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    stderr = "";
    child.stderr!.on("data", (chunk) => { stderr = (stderr + chunk).slice(-4000); });
    let running = true;
    const exited = new Promise<void>((resolve) => child.on("exit", () => { running = false; resolve(); }));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300 && running; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok && running) return { base, stop: async () => { child.kill("SIGTERM"); await exited; } };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (running) {
      child.kill("SIGKILL");
      throw new Error(`the server on port ${port} did not become ready in 30 s; its stderr:\n${stderr}`);
    }
  }
  throw new Error(`the server exited at start three times; its stderr:\n${stderr}`);
}

/** Presses Tab until `target` has the focus, as a keyboard user moves through a page. */
export async function tabTo(page: Page, target: Locator, limit = 40) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, `reached with Tab within ${limit} presses`).toBeFocused();
}

export async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

