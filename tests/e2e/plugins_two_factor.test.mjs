// two_factor's pages in Chromium: the owner sets up two-factor sign-in from My account (QR
// code and key, a TOTP code computed by `oathtool`), is shown the ten recovery codes once;
// signs out; signs in again and the login page asks for the code (the back office renders
// the plugin's challenge); makes new recovery codes in privacy mode (password, then a
// recovery code as the second factor); turns it off.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { startAtrium, launchBrowser, newPage, screenshot, signIn, apiSession } from "./support/atrium.mjs";
import { startSmtpSink } from "./support/smtp-sink.mjs";

let atrium, browser;

before(async () => {
  atrium = await startAtrium({ enable: ["two_factor"] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await atrium?.stop();
});

/// The TOTP code of `secret` (base32) `ahead` 30-second steps from now, by oathtool
/// (apt-get install oathtool). The server accepts one step either side of its own.
function totp(secret, ahead = 0) {
  try {
    return execFileSync("oathtool", ["--totp", "-b", "-N", `now + ${30 * ahead} seconds`, secret], { encoding: "utf8" }).trim();
  } catch (e) {
    if (e.code === "ENOENT") throw new Error("oathtool is missing: apt-get install -y oathtool");
    throw e;
  }
}

/// The login form, filled and submitted, for a sign-in that stops at the second step.
async function submitLogin(page, at = atrium) {
  await page.getByLabel("Business", { exact: true }).waitFor();
  await page.getByLabel("Business", { exact: true }).fill(at.slug);
  await page.getByLabel("Email", { exact: true }).fill(at.owner.email);
  await page.getByLabel("Password", { exact: true }).fill(at.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("enrol from My account with an oathtool code, recovery codes once, sign in again with the code, renew codes in privacy mode, turn off", async () => {
  const page = await newPage(browser);
  await signIn(page, atrium);
  await page.getByRole("link", { name: "My account" }).click();
  const panel = page.locator('.plugin-mount[data-plugin="two_factor"][data-slot="account"]');
  await panel.getByRole("heading", { name: "Two-factor sign-in" }).waitFor();
  await panel.getByText(/^Off: signing in needs only your password/).waitFor();

  await panel.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const qr = panel.getByRole("img", { name: "QR code for your authenticator app" });
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), "the QR code's SVG decodes");
  assert.match(await qr.getAttribute("src"), /^data:image\/svg\+xml/);
  const secret = await panel.locator("code.tf-secret").innerText();
  assert.match(secret, /^[A-Z2-7]{32}$/, "copied as one word: the groups are spaced by CSS only");
  assert.deepEqual(await panel.locator("code.tf-secret .key-group").allInnerTexts(), secret.match(/.{4}/g));
  assert.match(await panel.getByRole("link", { name: "Open in an authenticator app on this device" }).getAttribute("href"), /^otpauth:\/\/totp\//);
  await screenshot(page, "plugins-two-factor-1-enrol");

  // A code of the wrong shape is refused beside the field; then the right one.
  const code = panel.getByLabel("2. The 6-digit code the app shows");
  await code.fill("12345");
  await panel.getByRole("button", { name: "Turn on" }).click();
  await panel.locator(".field-error").filter({ hasText: "Enter the 6 digits the app shows now." }).waitFor();
  // Typed (or pasted) as the app shows it, "123 456": the space fits and is dropped.
  const spaced = totp(secret).replace(/^(\d{3})/, "$1 ");
  await code.fill("");
  await code.pressSequentially(spaced);
  assert.equal(await code.inputValue(), spaced);
  await panel.getByRole("button", { name: "Turn on" }).click();

  // The ten recovery codes, once; "Done" only after confirming they are saved.
  await panel.getByRole("heading", { name: "Your recovery codes" }).waitFor();
  await panel.getByRole("status").filter({ hasText: "Two-factor sign-in is on." }).waitFor();
  const codes = await panel.locator("ol.tf-codes li").allInnerTexts();
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
  const done = panel.getByRole("button", { name: "Done" });
  assert.equal(await done.isDisabled(), true);
  await screenshot(page, "plugins-two-factor-2-recovery-codes");
  await panel.getByLabel("I have saved these codes somewhere safe").check();
  // The status failing to load: said in the panel (not an unhandled error), the codes stay.
  const statusUrl = `${atrium.baseUrl}/api/v1/plugins/two_factor/status`;
  await page.route(statusUrl, (r) => r.fulfill({ status: 429, json: { error: { code: "rate_limited", message: "Too many requests: wait a moment." } } }));
  await done.click();
  await panel.getByRole("alert").filter({ hasText: "Too many requests: wait a moment." }).waitFor();
  assert.equal(await panel.locator("ol.tf-codes li").count(), 10);
  await page.unroute(statusUrl);
  await done.click();
  await panel.getByText(/^On: signing in needs your password and a 6-digit code/).waitFor();
  await panel.getByText("Recovery codes left: 10").waitFor();
  assert.equal(await panel.locator("ol.tf-codes").count(), 0, "the codes are gone from the page");

  // Sign out, sign in again: the second step asks for the code.
  await page.getByRole("button", { name: "Sign out" }).click();
  await submitLogin(page);
  await page.getByText("Enter the 6-digit code from your authenticator app, or a recovery code.").waitFor();
  assert.equal(await page.getByLabel("Password", { exact: true }).count(), 0, "the second step replaces the password form");
  await screenshot(page, "plugins-two-factor-3-login-step");
  // The next step's code: the one used to enrol may still be the current one, and a code is
  // accepted once only (the server allows one step of clock drift either way).
  await page.getByLabel("Code", { exact: true }).fill(totp(secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "Today" }).waitFor();

  // New recovery codes need privacy mode: the password, then a recovery code as the second factor.
  await page.getByRole("link", { name: "My account" }).click();
  await panel.getByText("Recovery codes left: 10").waitFor();
  await panel.getByRole("button", { name: "Make new recovery codes" }).click();
  await panel.getByRole("heading", { name: "Confirm it is you" }).waitFor();
  await panel.getByLabel("Your password").fill("not my password at all");
  await panel.getByRole("button", { name: "Confirm" }).click();
  await panel.locator("form.tf-reauth").getByRole("alert").filter({ hasText: "wrong password or code" }).waitFor();
  await panel.getByLabel("Your password").fill(atrium.owner.password);
  await panel.getByRole("button", { name: "Confirm" }).click();
  await panel.getByText("Enter the 6-digit code from your authenticator app, or a recovery code.").waitFor();
  await screenshot(page, "plugins-two-factor-4-reauth");
  await panel.getByLabel("Code", { exact: true }).fill(codes[0]);
  await panel.getByRole("button", { name: "Confirm" }).click();
  await panel.getByRole("heading", { name: "Your recovery codes" }).waitFor();
  await panel.getByRole("status").filter({ hasText: "New recovery codes made; the old ones no longer work." }).waitFor();
  const renewed = await panel.locator("ol.tf-codes li").allInnerTexts();
  assert.equal(renewed.length, 10);
  assert.ok(renewed.every((c) => !codes.includes(c)), "all new codes");
  await panel.getByLabel("I have saved these codes somewhere safe").check();
  await panel.getByRole("button", { name: "Done" }).click();
  await panel.getByText("Recovery codes left: 10").waitFor();

  // Turning it off (still in privacy mode: no second prompt).
  await panel.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await panel.getByText(/^Turn off two-factor sign-in\? /).waitFor();
  await panel.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await panel.getByRole("status").filter({ hasText: "Two-factor sign-in is off." }).waitFor();
  await panel.getByRole("button", { name: "Set up two-factor sign-in" }).waitFor();
  const status = await (await apiSession(atrium, "owner")).call("GET", "/api/v1/plugins/two_factor/status");
  assert.equal(status.body.enrolled, false);
  await screenshot(page, "plugins-two-factor-5-off");
});

test("required for all staff: the login page enrols with the plugin's QR code and key; the panel then creates the recovery codes", async () => {
  const owner = await apiSession(atrium, "owner"); // two-factor sign-in is off again after the first test
  const put = await owner.call("PUT", "/api/v1/features/two_factor/config", { config: { require_for_all_staff: true } });
  assert.equal(put.status, 200, JSON.stringify(put.body));

  const page = await newPage(browser);
  await page.goto(atrium.baseUrl + "/app/");
  await submitLogin(page);
  await page.getByText(/^This business requires two-factor sign-in\./).waitFor();
  const qr = page.getByRole("img", { name: "QR code to scan with your authenticator app" });
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), "the QR code's SVG decodes");
  const secret = (await page.locator("code.secret").innerText()).replace(/\s+/g, "");
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await screenshot(page, "plugins-two-factor-6-login-enrolment");
  await page.getByLabel("Code", { exact: true }).fill(totp(secret));
  await page.getByRole("button", { name: "Continue" }).click();
  // signed in, straight to My account: the recovery codes are made there, and it says so
  await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
  await page.locator("#account-notice").filter({ hasText: /^Two-factor sign-in is on\. Now create your recovery codes/ }).waitFor();
  assert.match(page.url(), /#\/account$/);
  const panel = page.locator('.plugin-mount[data-plugin="two_factor"][data-slot="account"]');
  await panel.getByText(/^On: signing in needs your password/).waitFor();
  await panel.getByText("Recovery codes left: 0").waitFor();
  await panel.getByText("Few recovery codes left: make new ones.").waitFor();
  await panel.getByRole("button", { name: "Create recovery codes" }).click();
  await panel.getByRole("heading", { name: "Your recovery codes" }).waitFor();
  assert.equal(await panel.locator("ol.tf-codes li").count(), 10);
  await panel.getByLabel("I have saved these codes somewhere safe").check();
  await panel.getByRole("button", { name: "Done" }).click();
  await panel.getByText("Recovery codes left: 10").waitFor();
});

test("required for all staff, on a phone: the sign-in step offers the otpauth: link and the key in groups of 4", async () => {
  // still required after the test before; a staff member without two-factor sign-in
  const staff = { email: "phone.staff.e2e@example.com", password: "Quiet-Harbour-Lantern-64" };
  atrium.cli("user", "create", "--email", staff.email, "--name", "Pia Phone", "--role", "staff", "--business", "demo",
    { input: staff.password + "\n" });
  const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(atrium.baseUrl + "/app/");
  await page.getByLabel("Business", { exact: true }).waitFor();
  await page.getByLabel("Business", { exact: true }).fill(atrium.slug);
  await page.getByLabel("Email", { exact: true }).fill(staff.email);
  await page.getByLabel("Password", { exact: true }).fill(staff.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(/^This business requires two-factor sign-in\./).waitFor();
  // the phone cannot scan its own screen: a link opens the authenticator app
  const link = page.getByRole("link", { name: "Open in an authenticator app on this device" });
  assert.match(await link.getAttribute("href"), /^otpauth:\/\/totp\//);
  assert.ok(await link.isVisible());
  // the key, read in groups of 4, copied as one word (the spacing is CSS only)
  const key = page.locator("code.secret");
  const secret = await key.innerText();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const groups = key.locator(".key-group");
  assert.deepEqual(await groups.allInnerTexts(), secret.match(/.{4}/g));
  const [a, b] = [await groups.nth(0).boundingBox(), await groups.nth(1).boundingBox()];
  assert.ok(b.x > a.x + a.width || b.y > a.y, "the groups are apart on the screen");
  const box = await key.boundingBox();
  assert.ok(box.x + box.width <= 390, "the key fits the phone's width");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, "no sideways scrolling");
  await screenshot(page, "plugins-two-factor-7-login-enrolment-phone");
  await page.getByLabel("Code", { exact: true }).fill(totp(secret));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
});

test("signing in again with the code that just confirmed the enrolment: the plugin's kind words, no alarm; the next code works", async () => {
  // an installation of its own, whose emails go to a sink
  const sink = await startSmtpSink();
  const own = await startAtrium({ enable: ["two_factor"], set: sink.config });
  try {
    const page = await newPage(browser);
    await signIn(page, own);
    await page.getByRole("link", { name: "My account" }).click();
    const panel = page.locator('.plugin-mount[data-plugin="two_factor"][data-slot="account"]');
    await panel.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const secret = await panel.locator("code.tf-secret").innerText();
    const code = totp(secret);
    await panel.getByLabel("2. The 6-digit code the app shows").fill(code);
    await panel.getByRole("button", { name: "Turn on" }).click();
    await panel.getByLabel("I have saved these codes somewhere safe").check();
    await panel.getByRole("button", { name: "Done" }).click();
    await panel.getByText(/^On: signing in needs your password and a 6-digit code/).waitFor();

    // Signed out and straight back in, the same code (the same 30 s step, or the next)
    await page.getByRole("button", { name: "Sign out" }).click();
    await submitLogin(page, own);
    await page.getByLabel("Code", { exact: true }).fill(code);
    await page.getByRole("button", { name: "Continue" }).click();
    // said beside the code, which keeps the focus for the next one
    const codeField = page.locator(".field", { has: page.getByLabel("Code", { exact: true }) });
    await codeField.locator(".field-error").filter({ hasText: "That code was just used to set up two-factor sign-in. Wait for the next one." }).waitFor();
    assert.equal(await page.getByLabel("Code", { exact: true }).getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.name), "code");
    assert.equal(await page.getByText(/The code is not right|wrong email or password/).count(), 0, "not the uniform answer");
    await screenshot(page, "plugins-two-factor-8-enrolment-code-again");
    // the next code, in the same form
    const next = totp(secret, 1);
    await page.getByLabel("Code", { exact: true }).fill(next);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Today" }).waitFor();
    const reuses = async () => (await page.evaluate(async () => (await (await fetch("/api/v1/audit?limit=200")).json()).entries))
      .filter((e) => e.action === "two_factor.code_reused").length;
    assert.equal(await reuses(), 0, "no code_reused in the audit log");

    // A code that really is used twice (another browser, the code just used) still raises the
    // alarm: said on its page, audited, emailed. Emails go out in order, so once that one is
    // here, one for the enrolment code would be too.
    const other = await newPage(browser);
    await other.goto(own.baseUrl + "/app/");
    await submitLogin(other, own);
    await other.getByLabel("Code", { exact: true }).fill(next);
    await other.getByRole("button", { name: "Continue" }).click();
    await other.locator(".field-error").filter({ hasText: "That code was already used. Wait for the next one." }).waitFor();
    const isAlarm = (m) => m.to.includes(own.owner.email) && /A sign-in code was used twice/.test(m.text);
    await sink.waitFor(isAlarm);
    assert.equal(sink.messages.filter(isAlarm).length, 1, "one alarm: for the real reuse only");
    assert.equal(await reuses(), 1);
  } finally {
    await own.stop();
    await sink.close();
  }
});
