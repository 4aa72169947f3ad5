// The back office (/app/) in Chromium: sign-in and the Today dashboard, Custom features
// (switch delete_history on, save "days", the kernel's refusal beside the field with nothing
// saved), a booking made and cancelled from the back office, zh-TW, Data & privacy behind
// re-authentication, and a screenshot of each main page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAtrium, launchBrowser, newPage, screenshot, signIn, apiSession } from "./support/atrium.mjs";

let atrium, browser, owner;

before(async () => {
  atrium = await startAtrium();
  browser = await launchBrowser();
  owner = await apiSession(atrium, "owner");
});
after(async () => {
  await browser?.close();
  await atrium?.stop();
});

/// signIn with a screenshot and the page's text when it fails.
async function signInOrShow(page) {
  try { await signIn(page, atrium); }
  catch (e) {
    await screenshot(page, "backoffice-signin-failed");
    throw new Error(`${e.message}\npage: ${(await page.locator("body").innerText()).slice(0, 500)}`);
  }
}

const go = async (page, hash, heading) => {
  await page.goto(`${atrium.baseUrl}/app/#/${hash}`);
  await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
};

const deleteHistory = async () => (await owner.call("GET", "/api/v1/features")).body.features.find((f) => f.id === "delete_history");

test("sign in: the Today dashboard lists the demo's coming bookings", async () => {
  const page = await newPage(browser);
  await signInOrShow(page);
  await page.getByRole("heading", { level: 1, name: "Today", exact: true }).waitFor();
  assert.equal(await page.locator(".topbar .brand").innerText(), "Demo Clinic");
  const upcoming = page.locator("section", { has: page.getByRole("heading", { name: /Next seven days/ }) });
  await upcoming.locator("tbody tr").first().waitFor();
  assert.ok(await upcoming.locator("tbody tr").count() >= 3, "the demo's three bookings of tomorrow");
  const text = await upcoming.innerText();
  assert.match(text, /Consultation/);
  assert.match(text, /Mia Rossi/);
  assert.match(text, /Confirmed/);
  await screenshot(page, "backoffice-dashboard");
});

test("Custom features: switch delete_history on, save days, refuse an invalid value beside its field", async () => {
  const page = await newPage(browser);
  await signInOrShow(page);
  await go(page, "settings/features", "Custom features");
  const card = () => page.locator('[data-feature="delete_history"]');
  await card().getByRole("heading", { name: "Delete booking history" }).waitFor();
  assert.ok(await page.locator('[data-feature="two_factor"]').count(), "two_factor is listed");

  await card().getByRole("switch").check();
  await card().getByText("Switched on.").waitFor();
  assert.equal((await deleteHistory()).enabled, true);

  await card().getByLabel("Days after a booking ends").fill("45");
  await card().getByRole("button", { name: "Save settings" }).click();
  await card().getByText("Settings saved.").waitFor();
  await page.reload();
  await card().getByRole("heading", { name: "Delete booking history" }).waitFor();
  assert.equal(await card().getByLabel("Days after a booking ends").inputValue(), "45");
  assert.equal(await card().getByRole("switch").isChecked(), true);
  assert.equal((await deleteHistory()).config.days, 45);

  for (const bad of ["0", "99999"]) {
    await card().getByLabel("Days after a booking ends").fill(bad);
    await card().getByRole("button", { name: "Save settings" }).click();
    const days = card().locator(".field", { has: page.locator('input[name="days"]') });
    await days.locator(".field-error").waitFor();
    assert.match(await days.locator(".field-error").innerText(), bad === "0" ? /at least 1/ : /at most 3650/);
    const daysInput = card().locator('input[name="days"]');
    assert.equal(await daysInput.getAttribute("aria-invalid"), "true");
    // the hint "(1–3650)" stays described beside the error, once
    const describedBy = (await daysInput.getAttribute("aria-describedby")).split(" ");
    assert.equal(describedBy.length, 2, describedBy.join(" "));
    assert.ok(describedBy.includes(await days.locator(".hint").getAttribute("id")));
    assert.ok(describedBy.includes(await days.locator(".field-error").getAttribute("id")));
    assert.equal(await days.locator(".field-error").count(), 1);
    assert.match(await card().getByRole("alert").innerText(), /days must be/);
    assert.equal((await deleteHistory()).config.days, 45, "nothing saved");
  }
  await screenshot(page, "backoffice-features-error");
  // a valid value again: the error goes, the hint alone describes the field
  await card().getByLabel("Days after a booking ends").fill("45");
  await card().getByRole("button", { name: "Save settings" }).click();
  await card().getByText("Settings saved.").waitFor();
  const hint = await card().locator(".field", { has: page.locator('input[name="days"]') }).locator(".hint").getAttribute("id");
  assert.equal(await card().locator('input[name="days"]').getAttribute("aria-describedby"), hint);
});

test("Custom features: saving a card's settings keeps its plugin panel (the terms draft) and the focus", async () => {
  const on = await owner.call("POST", "/api/v1/features/terms/enable");
  assert.equal(on.status, 200, JSON.stringify(on.body));
  try {
    const page = await newPage(browser);
    await signInOrShow(page);
    await go(page, "settings/features", "Custom features");
    const card = page.locator('[data-feature="terms"]');
    const summary = card.locator('textarea[name="locales.en.summary"]');
    await summary.fill("A draft nobody has published yet.");
    const save = card.getByRole("button", { name: "Save settings" });
    await save.click();
    await card.getByText("Settings saved.").waitFor();
    assert.equal(await summary.inputValue(), "A draft nobody has published yet.", "the draft survives the save");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "save-terms", "focus stays on Save settings");
    // switching another feature off and on does not touch this panel either
    await card.getByRole("switch").uncheck();
    await card.getByText("Switched off.").waitFor();
    assert.equal(await card.locator(".plugin-mounts").count(), 0, "a feature switched off has no panel");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "switch-terms", "focus stays on the switch");
  } finally {
    await owner.call("POST", "/api/v1/features/terms/disable");
  }
});

test("navigation: two quick clicks show the second page even when the first answers later; focus on its heading", async () => {
  const page = await newPage(browser);
  await signInOrShow(page);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route("**/api/v1/features", async (route) => { await held; await route.continue(); });
  await page.getByRole("link", { name: "Custom features" }).click();
  await page.getByRole("link", { name: "Clients" }).click();
  await page.getByRole("heading", { level: 1, name: "Clients", exact: true }).waitFor();
  release();
  await page.waitForResponse("**/api/v1/features");
  await page.waitForTimeout(300);
  assert.deepEqual(await page.locator("main h1").allInnerTexts(), ["Clients"], "the slow page did not overwrite the newer one");
  assert.equal(await page.evaluate(() => document.activeElement?.tagName + " " + document.activeElement?.textContent), "H1 Clients");
  assert.match(await page.title(), /^Clients/);
});

test("a client search that cannot reach the server says so in the finder", async () => {
  const page = await newPage(browser);
  await signInOrShow(page);
  await go(page, "bookings/new", "New booking");
  await page.route("**/api/v1/clients?limit=10*", (route) => route.abort("failed"));
  await page.getByLabel("Search by name, email or phone").fill("Chen");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("alert").filter({ hasText: "Could not reach the server" }).waitFor();
  await page.unroute("**/api/v1/clients?limit=10*");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("button", { name: /Chen Wei/ }).waitFor();
  assert.equal(await page.getByRole("alert").filter({ hasText: "Could not reach the server" }).count(), 0, "the alert goes with the next answer");
  // the aborted request's own console line is the point of this test, not a page error
  page.__atriumErrors = page.__atriumErrors.filter((e) => !/net::ERR_FAILED/.test(e));
});

test("sign-in whose /me then fails says so in the form; a language that cannot be loaded says so beside the switcher", async () => {
  const page = await newPage(browser);
  await page.goto(`${atrium.baseUrl}/app/`);
  await page.getByLabel("Email", { exact: true }).waitFor();
  await page.route("**/api/v1/me", (route) => route.fulfill({ status: 429, json: { error: { code: "rate_limited", message: "Too many requests: wait a moment." } } }));
  const fill = async () => {
    await page.getByLabel("Business", { exact: true }).fill(atrium.slug);
    await page.getByLabel("Email", { exact: true }).fill(atrium.owner.email);
    await page.getByLabel("Password", { exact: true }).fill(atrium.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  };
  await fill();
  await page.getByRole("alert").filter({ hasText: "Too many requests: wait a moment." }).waitFor();
  await page.unroute("**/api/v1/me");
  await fill();
  await page.getByRole("heading", { level: 1, name: "Today", exact: true }).waitFor();

  await page.route("**/static/i18n/*.zh-TW.json", (route) => route.abort("failed"));
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh-TW");
  await page.locator(".lang-switch").getByRole("alert").filter({ hasText: "Could not reach the server" }).waitFor();
  assert.equal(await page.getByRole("combobox", { name: "Language" }).inputValue(), "en");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  await page.getByRole("heading", { level: 1, name: "Today", exact: true }).waitFor();
  page.__atriumErrors = page.__atriumErrors.filter((e) => !/net::ERR_FAILED/.test(e));
});

test("a session that ends (signed out elsewhere) sends the next action back to sign-in", async () => {
  const page = await newPage(browser);
  await signInOrShow(page);
  // the session ends on the server: signed out from another tab with the same cookie
  const cookies = await page.context().cookies();
  const csrf = (await (await page.request.get(`${atrium.baseUrl}/api/v1/me`)).json()).csrf_token;
  const out = await page.request.post(`${atrium.baseUrl}/api/v1/auth/logout`, { headers: { "X-CSRF-Token": csrf } });
  assert.equal(out.status(), 200);
  await page.context().addCookies(cookies); // this tab still holds the (now dead) cookie
  await page.getByRole("link", { name: "Clients" }).click(); // its API call answers 401
  await page.getByLabel("Email", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
});

test("a booking made from the back office, then cancelled", async () => {
  const page = await newPage(browser);
  await signInOrShow(page);
  await go(page, "bookings/new", "New booking");
  await page.getByLabel("Search by name, email or phone").fill("Chen");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("button", { name: /Chen Wei/ }).click();
  await page.getByText("Chosen: Chen Wei").waitFor();
  await page.getByLabel("Service", { exact: true }).selectOption({ label: "Follow-up" });
  // The day defaults to tomorrow; move on until a day has free times.
  const day = page.getByLabel("Day", { exact: true });
  let slot = page.locator(".slots button").first();
  for (let i = 0; i < 7 && !(await slot.isVisible().catch(() => false)); i++) {
    await page.locator(".slot-list").locator(".slots, .empty").first().waitFor();
    if (await slot.isVisible()) break;
    const d = new Date(`${await day.inputValue()}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    await day.fill(d.toISOString().slice(0, 10));
    await day.dispatchEvent("change");
  }
  await slot.waitFor();
  const start = await slot.getAttribute("data-start");
  await slot.click();
  await screenshot(page, "backoffice-new-booking");
  await page.getByRole("button", { name: "Book", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Booking", exact: true }).waitFor();
  const id = page.url().match(/#\/bookings\/(\d+)/)[1];
  const made = (await owner.call("GET", `/api/v1/bookings/${id}`)).body.booking;
  assert.equal(made.start, start);
  assert.equal(made.source, "back_office");
  assert.equal(made.status, "confirmed");
  await page.getByLabel("Reason (optional)").fill("e2e");
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await page.getByText("The booking was cancelled.").waitFor();
  assert.equal((await owner.call("GET", `/api/v1/bookings/${id}`)).body.booking.status, "cancelled");
  await screenshot(page, "backoffice-booking-cancelled");
});

test("every main page renders (screenshots)", async () => {
  const page = await newPage(browser);
  await signInOrShow(page);
  const pages = [["bookings", "Bookings"], ["clients", "Clients"], ["clients/1", null], ["services", "Services"],
    ["services/1", "Consultation"], ["staff", "Staff"], ["account", "My account"]];
  for (const [hash, heading] of pages) {
    if (heading) await go(page, hash, heading);
    else { await page.goto(`${atrium.baseUrl}/app/#/${hash}`); await page.getByRole("heading", { name: /^Bookings \(\d+\)$/ }).waitFor(); }
    await screenshot(page, `backoffice-${hash.replace("/", "-")}`);
  }
  await page.getByRole("link", { name: "Bookings" }).click();
  await page.getByRole("heading", { level: 1, name: "Bookings" }).waitFor();
  await page.locator("table tbody tr").first().waitFor();
});

test("the back office in Traditional Chinese", async () => {
  const zh = await newPage(browser, { locale: "zh-TW" });
  await zh.goto(`${atrium.baseUrl}/app/`);
  await zh.getByRole("heading", { level: 1, name: "登入", exact: true }).waitFor(); // the browser's language
  await zh.getByLabel("商家", { exact: true }).waitFor();
  await zh.context().close();
  const page = await newPage(browser);
  await signInOrShow(page);
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh-TW");
  await page.getByRole("heading", { level: 1, name: "今天", exact: true }).waitFor();
  await page.getByRole("link", { name: "自訂功能" }).click();
  await page.getByRole("heading", { level: 1, name: "自訂功能", exact: true }).waitFor();
  // The plugin's own strings from its manifest's ui.zh-TW.
  await page.getByRole("heading", { name: "刪除預約紀錄" }).waitFor();
  await page.getByLabel("預約結束後的天數").waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), "zh-TW");
  await screenshot(page, "backoffice-zh-TW-features");
  await page.getByRole("combobox", { name: "語言" }).selectOption("en");
  await page.getByRole("heading", { level: 1, name: "Custom features", exact: true }).waitFor();
});

test("switching the language keeps a form being filled; the server's refusal comes in the new language", async () => {
  const page = await newPage(browser);
  await signInOrShow(page);
  await go(page, "services/new", "New service");
  await page.getByLabel("Name", { exact: true }).fill("Shiatsu e2e");
  await page.getByLabel("Length (minutes)").fill("2000");
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh-TW");
  await page.getByRole("heading", { level: 1, name: "新服務項目", exact: true }).waitFor();
  assert.equal(await page.getByLabel("名稱", { exact: true }).inputValue(), "Shiatsu e2e");
  assert.equal(await page.getByLabel("時長（分鐘）").inputValue(), "2000");
  await page.locator("main form button[type=submit]").click();
  // the kernel's own message (Accept-Language: zh-TW), beside the field it names
  await page.locator(".field:has(input[name=duration_min]) .field-error").filter({ hasText: "「時長（分鐘）」須為 5 到 720" }).waitFor();
  await screenshot(page, "backoffice-zh-TW-service-refused");
  await page.getByRole("combobox", { name: "語言" }).selectOption("en");
  await page.getByRole("heading", { level: 1, name: "New service", exact: true }).waitFor();
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Shiatsu e2e");
  await page.context().close();
});

test("Data & privacy asks for the password again, then shows a client's data", async () => {
  const page = await newPage(browser);
  await signInOrShow(page);
  await page.getByRole("link", { name: "Data & privacy" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await dialog.waitFor();
  await screenshot(page, "backoffice-privacy-reauth");
  await dialog.getByLabel("Password").fill("wrong password 123");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await dialog.getByRole("alert").filter({ hasText: "The password is not right." }).waitFor();
  await dialog.getByLabel("Password").fill(atrium.owner.password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("tab", { name: "Clients", selected: true }).waitFor();
  await page.getByRole("button", { name: /Mia Rossi/ }).click();
  await page.getByRole("heading", { name: "Data held about Mia Rossi" }).waitFor();
  const panel = await page.getByRole("tabpanel").innerText();
  assert.match(panel, /mia\.rossi@example\.com/);
  assert.match(panel, /Consultation/);
  await screenshot(page, "backoffice-privacy-client");
  for (const [tab, name] of [["Company", "company"], ["Audit log", "audit"], ["Records of processing", "records"]]) {
    await page.getByRole("tab", { name: tab }).click();
    await page.getByRole("heading", { level: 2, name: tab }).waitFor();
    await screenshot(page, `backoffice-privacy-${name}`);
  }
  const audit = (await owner.call("GET", "/api/v1/audit?limit=50")).body.entries.map((e) => e.action);
  assert.ok(audit.includes("privacy.client_viewed"), "the view is audited");
});

test("a new staff member must choose a password first; staff see no manager pages", async () => {
  const created = await owner.call("POST", "/api/v1/staff", {
    email: "new.staff.e2e@example.com", display_name: "Nia Staff", role: "staff", password: "Initial-Lantern-Harbour-41", bookable: true,
  });
  assert.equal(created.status, 201);
  const page = await newPage(browser);
  await page.goto(`${atrium.baseUrl}/app/`);
  await page.getByLabel("Business", { exact: true }).fill("demo");
  await page.getByLabel("Email", { exact: true }).fill("new.staff.e2e@example.com");
  await page.getByLabel("Password", { exact: true }).fill("Initial-Lantern-Harbour-41");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
  await page.getByLabel("Current password").fill("Initial-Lantern-Harbour-41");
  await page.getByLabel("New password", { exact: true }).fill("Copper-Meadow-Violin-82");
  await page.getByLabel("New password again").fill("Copper-Meadow-Violin-83");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByText("The two new passwords differ.").first().waitFor();
  await page.getByLabel("New password again").fill("Copper-Meadow-Violin-82");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("heading", { level: 1, name: "Today", exact: true }).waitFor();
  assert.equal(await page.getByRole("link", { name: "Custom features" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: "Data & privacy" }).count(), 0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
});

test("zh-TW: a wrong password at sign-in and a password the policy refuses are said in Traditional Chinese", async () => {
  const page = await newPage(browser, { locale: "zh-TW" });
  await page.goto(`${atrium.baseUrl}/app/?lang=zh-TW`);
  await page.getByRole("heading", { level: 1, name: "登入", exact: true }).waitFor();
  const signInAs = async (email, password) => {
    await page.getByLabel("商家", { exact: true }).fill("demo");
    await page.getByLabel("電子郵件", { exact: true }).fill(email);
    await page.getByLabel("密碼", { exact: true }).fill(password);
    await page.getByRole("button", { name: "登入", exact: true }).click();
  };
  await signInAs(atrium.owner.email, "wrong password 123");
  await page.getByRole("alert").filter({ hasText: "登入資料不正確，請檢查後再試一次。" }).waitFor();
  await screenshot(page, "backoffice-zh-TW-signin-refused");

  // A one-time password, then a new one that is too short: the kernel's reason in Chinese, beside the field.
  const created = await owner.call("POST", "/api/v1/staff", {
    email: "zh.staff.e2e@example.com", display_name: "Lin Staff", role: "staff", password: "Initial-Lantern-Harbour-57", bookable: false,
  });
  assert.equal(created.status, 201);
  await signInAs("zh.staff.e2e@example.com", "Initial-Lantern-Harbour-57");
  const fresh = page.getByLabel("新密碼", { exact: true });
  await fresh.waitFor();
  await page.locator("input[name=current_password]").fill("Initial-Lantern-Harbour-57");
  await fresh.fill("abc");
  await page.locator("input[name=new_password_again]").fill("abc");
  await page.locator("form button[type=submit]").click();
  const beside = page.locator(".field:has(input[name=new_password]) .field-error");
  await beside.filter({ hasText: "密碼至少需要 12 個字元" }).waitFor();
  assert.equal(await fresh.getAttribute("aria-invalid"), "true");
  await page.locator("input[name=current_password]").fill("not the current one 1");
  await fresh.fill("Copper-Meadow-Violin-71");
  await page.locator("input[name=new_password_again]").fill("Copper-Meadow-Violin-71");
  await page.locator("form button[type=submit]").click();
  await page.locator(".field:has(input[name=current_password]) .field-error").filter({ hasText: "目前的密碼不正確。" }).waitFor();
  await page.context().close();
});

/// RFC 6238 TOTP (SHA-1, 6 digits, 30 s) of a base32 secret.
async function totp(base32, at = Date.now()) {
  const { createHmac } = await import("node:crypto");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of base32.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = createHmac("sha1", key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, "0");
}

test("second factor: the challenge is rendered from the plugin's fields (two_factor enrolment at sign-in)", async () => {
  const two = await startAtrium({ enable: [{ id: "two_factor", config: { require_for_all_staff: true } }] });
  try {
    const page = await newPage(browser);
    await page.goto(`${two.baseUrl}/app/`);
    await page.getByLabel("Business", { exact: true }).fill("demo");
    await page.getByLabel("Email", { exact: true }).fill(two.owner.email);
    await page.getByLabel("Password", { exact: true }).fill(two.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#challenge-prompt").waitFor();
    assert.match(await page.locator("#challenge-prompt").innerText(), /requires two-factor sign-in/);
    const code = page.getByLabel("Code", { exact: true });
    assert.equal(await code.getAttribute("inputmode"), "numeric");
    assert.equal(await code.getAttribute("autocomplete"), "one-time-code");
    await page.getByRole("img", { name: /QR code/ }).waitFor();
    await screenshot(page, "backoffice-second-factor");
    await code.fill("000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("alert").filter({ hasText: "The code is not right, or it has expired. Try again, or start the sign-in again." }).waitFor();
    const secret = (await page.locator("code.secret").innerText()).trim();
    await code.fill(await totp(secret));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { level: 1, name: "Today", exact: true }).waitFor();
  } finally { await two.stop(); }
});
