// The public pages in Chromium: book on /b/demo end to end, manage (cancel) through the signed
// link, the refusals (invalid email beside its field, a slot taken meanwhile; in English and
// in Traditional Chinese), zh-TW, and the page headers (CSP) of every public page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAtrium, launchBrowser, newPage, screenshot, apiSession, signIn } from "./support/atrium.mjs";

let atrium, browser, owner;
const NOTICE = "https://atrium.example/how-we-process-data";
const CLIENT = { name: "Robin E2E", email: "robin.e2e@example.com", phone: "+44 20 7946 0000" };

before(async () => {
  // more bookings from this one address than the hourly limit lets one client make
  atrium = await startAtrium({ set: { "privacy.processorNoticeUrl": NOTICE, "public.bookingsPerHourPerAddress": "100" } });
  browser = await launchBrowser();
  owner = await apiSession(atrium, "owner");
});
after(async () => {
  await browser?.close();
  await atrium?.stop();
});

const url = (p) => atrium.baseUrl + p;
const field = (page, label) => page.getByLabel(label, { exact: true });
const PHONE = { width: 390, height: 844 };

/// Walks service -> provider -> first free time; returns the chosen slot's start (UTC ISO).
async function toDetails(page, { provider = "Anyone available", shots = null } = {}) {
  await page.getByRole("button", { name: /^Consultation/ }).click();
  await page.getByRole("heading", { name: "Choose who you would like to see" }).waitFor();
  if (shots) await screenshot(page, shots + "-2-provider");
  await page.getByRole("button", { name: new RegExp("^" + provider) }).click();
  await page.getByRole("heading", { name: "Choose a time" }).waitFor();
  const first = page.locator(".times button").first();
  await first.waitFor();
  assert.match(await page.locator(".zone").innerText(), /Europe\/London/);
  assert.match(await first.innerText(), /^\d{2}:\d{2}/, "an en-GB browser reads 24-hour times, as the details step"); // not "9:45 AM"
  if (shots) await screenshot(page, shots + "-3-time");
  const start = await first.getAttribute("data-start");
  await first.click();
  await page.getByRole("heading", { name: "Your details" }).waitFor();
  return start;
}

test("book Consultation with anyone at the first free time, then the owner sees it", async () => {
  const page = await newPage(browser);
  const res = await page.goto(url("/b/demo"));
  assert.equal(res.status(), 200);
  await page.getByRole("heading", { name: "Choose a service" }).waitFor();
  assert.equal(await page.locator("#business-name").innerText(), "Demo Clinic");
  // Choice borders keep 3:1 against white (#767f8c), not the light card line.
  assert.equal(await page.locator(".choice").first().evaluate((b) => getComputedStyle(b).borderTopColor), "rgb(118, 127, 140)");
  await screenshot(page, "public-1-service");

  const start = await toDetails(page, { shots: "public" });
  // Both promotional choices exist, separate and unticked.
  assert.equal(await page.getByLabel("Send me offers and news by email").isChecked(), false);
  assert.equal(await page.getByLabel("Send me offers and news by text message (SMS)").isChecked(), false);
  await field(page, "Name").fill(CLIENT.name);
  await field(page, "Email").fill(CLIENT.email);
  await field(page, "Phone").fill(CLIENT.phone);
  await page.getByLabel("Send me offers and news by email").check();
  assert.equal(await page.getByRole("link", { name: "How Atrium processes data" }).getAttribute("href"), NOTICE);
  await screenshot(page, "public-4-details");
  await page.getByRole("button", { name: "Confirm booking" }).click();

  await page.getByRole("heading", { name: "You're booked" }).waitFor();
  await screenshot(page, "public-5-done");
  const manage = await page.getByRole("link", { name: "Manage this booking" }).getAttribute("href");
  const m = manage.match(/^\/b\/demo\/manage\/(\d+)\?lang=en#token=[\w-]+$/); // in the page's language
  assert.ok(m, `manage link ${manage}`);

  // Through the API, as the owner: the booking exists, at that time, with that client.
  const b = await owner.call("GET", `/api/v1/bookings/${m[1]}`);
  assert.equal(b.status, 200, JSON.stringify(b.body));
  assert.equal(b.body.booking.start, start);
  assert.equal(b.body.booking.status, "confirmed");
  assert.equal(b.body.booking.source, "public_page");
  const c = await owner.call("GET", `/api/v1/clients/${b.body.booking.client_id}`);
  assert.equal(c.body.client.email, CLIENT.email);
  assert.equal(c.body.client.name, CLIENT.name);
  assert.equal(c.body.client.marketing_email, true);
  assert.equal(c.body.client.marketing_sms, false);

  // The manage page: the token leaves the address bar; cancelling works.
  const pm = await page.goto(url(manage));
  assert.equal(pm.status(), 200);
  await page.getByRole("heading", { name: "Booking details" }).waitFor();
  assert.equal(new URL(page.url()).searchParams.has("token"), false, "no token in the query, which a server would see");
  assert.equal(await page.locator("#booking-status").innerText(), "Confirmed");
  assert.match(await page.locator(".facts").innerText(), /Consultation/);
  await screenshot(page, "manage-1-booking");
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await page.getByLabel("Reason (optional)").fill("Plans changed");
  await screenshot(page, "manage-2-cancel");
  await page.getByRole("button", { name: "Yes, cancel the booking" }).click();
  await page.getByText("Your booking has been cancelled.").first().waitFor();
  assert.equal(await page.locator("#booking-status").innerText(), "Cancelled");
  // Focus is on the booking's heading; the notice is read by the page's one live region (outside <main>).
  await page.waitForFunction(() => document.getElementById("live")?.textContent === "Your booking has been cancelled.");
  assert.equal(await page.evaluate(() => document.activeElement.id), "booking-h");
  await screenshot(page, "manage-3-cancelled");
  const after = await owner.call("GET", `/api/v1/bookings/${m[1]}`);
  assert.equal(after.body.booking.status, "cancelled");
  await page.context().close();
});

test("booking with an existing client's email: the manage page does not let the booker change that client's messages", async () => {
  const page = await newPage(browser);
  await page.goto(url("/b/demo"));
  await toDetails(page, {});
  await field(page, "Name").fill("Someone Else");
  await field(page, "Email").fill("chen.wei@example.com"); // the demo's Chen Wei
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.getByRole("heading", { name: "You're booked" }).waitFor();
  await page.getByRole("link", { name: "Manage this booking" }).click();
  await page.getByRole("heading", { name: "Booking details" }).waitFor();
  await page.getByText("To change which messages you receive, open the link in the confirmation email we sent you.").waitFor();
  assert.equal(await page.getByLabel("Booking messages by email").count(), 0);
  assert.equal(await page.getByLabel("Offers and news by email").count(), 0);
  await page.context().close();
});

test("an invalid email is shown beside its field; a slot taken meanwhile sends back to the times", async () => {
  const page = await newPage(browser, { viewport: { width: 360, height: 740 } });
  await page.goto(url("/b/demo"));
  const start = await toDetails(page, { provider: "Dr Ana Lima" });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), "no sideways scrolling at 360 px");
  await field(page, "Name").fill("Sam E2E");
  await field(page, "Email").fill("not-an-email");
  await page.getByRole("button", { name: "Confirm booking" }).click();
  const email = field(page, "Email");
  await page.locator(".field:has(input[name='client.email']) .field-error").waitFor();
  assert.equal(await email.getAttribute("aria-invalid"), "true");
  // in words, said once: beside the field, not again in the alert above the form
  assert.equal(await page.locator(".field:has(input[name='client.email']) .field-error").innerText(), "Enter an email address such as name@example.com");
  assert.equal(await page.getByRole("alert").filter({ hasText: "email address" }).count(), 0);
  await screenshot(page, "public-error-email");

  // Someone else takes the slot (same provider) before this client confirms.
  const svc = (await owner.call("GET", "/api/v1/services")).body.services.find((s) => s.name === "Consultation");
  const ana = (await (await fetch(url("/api/v1/public/demo/providers"))).json()).providers.find((p) => p.display_name === "Dr Ana Lima");
  const taken = await fetch(url("/api/v1/public/demo/bookings"), {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ service_id: svc.id, provider_id: ana.id, start, client: { name: "Other", email: "other.e2e@example.com" } }),
  });
  assert.equal(taken.status, 201);
  await email.fill("sam.e2e@example.com");
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.getByRole("heading", { name: "Choose a time" }).waitFor();
  const alert = page.locator(".slot-picker [role=alert]");
  await alert.waitFor();
  assert.match(await alert.innerText(), /That time was taken/);
  await page.locator(".times button, #no-times-left").first().waitFor(); // the same day: its other times, or that none is left
  assert.equal(await page.locator(`.times button[data-start="${start}"]`).count(), 0, "the taken time is gone");
  await screenshot(page, "public-error-taken");
  await page.context().close();
});

test("zh-TW: the page speaks Traditional Chinese and the switcher goes back to English", async () => {
  const page = await newPage(browser, { locale: "en-GB" });
  await page.goto(url("/b/demo?lang=zh-TW"));
  await page.getByRole("heading", { name: "選擇服務" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "zh-TW");
  assert.equal(await page.locator("h1").innerText(), "預約服務");
  await screenshot(page, "public-zh-TW");
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { name: "Choose a service" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.context().close();
});

test("zh-TW: the refusals are in Traditional Chinese (an invalid email beside its field, a slot taken meanwhile)", async () => {
  const page = await newPage(browser, { locale: "zh-TW" });
  await page.goto(url("/b/demo?lang=zh-TW"));
  await page.getByRole("heading", { name: "選擇服務" }).waitFor();
  await page.locator("button[data-service]").filter({ hasText: "Consultation" }).click();
  await page.getByRole("heading", { name: "選擇服務人員" }).waitFor();
  await page.locator("button[data-provider]").filter({ hasText: "Dr Ana Lima" }).click();
  await page.getByRole("heading", { name: "選擇時間" }).waitFor();
  const first = page.locator(".times button").first();
  await first.waitFor();
  const start = await first.getAttribute("data-start");
  await first.click();
  await page.getByRole("heading", { name: "您的資料" }).waitFor();
  await field(page, "姓名").fill("陳小明");
  const email = field(page, "電子郵件");
  await email.fill("not-an-email");
  await page.getByRole("button", { name: "確認預約" }).click();
  const beside = page.locator(".field:has(input[name='client.email']) .field-error");
  await beside.waitFor();
  assert.equal(await beside.innerText(), "請輸入有效的電子郵件地址，例如 name@example.com");
  assert.equal(await email.getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByRole("alert").filter({ hasText: "電子郵件" }).count(), 0, "said once, beside the field");
  await screenshot(page, "public-zh-TW-error-email");

  // No email and no phone: the other refusal of the same field, also in Chinese.
  await email.fill("");
  await page.getByRole("button", { name: "確認預約" }).click();
  await beside.filter({ hasText: "請填寫電子郵件地址或電話號碼" }).waitFor();

  const svc = (await owner.call("GET", "/api/v1/services")).body.services.find((s) => s.name === "Consultation");
  const ana = (await (await fetch(url("/api/v1/public/demo/providers"))).json()).providers.find((p) => p.display_name === "Dr Ana Lima");
  const taken = await fetch(url("/api/v1/public/demo/bookings"), {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ service_id: svc.id, provider_id: ana.id, start, client: { name: "Other", email: "other.zh.e2e@example.com" } }),
  });
  assert.equal(taken.status, 201);
  await email.fill("chen.e2e@example.com");
  await page.getByRole("button", { name: "確認預約" }).click();
  await page.getByRole("heading", { name: "選擇時間" }).waitFor();
  const alert = page.locator(".slot-picker [role=alert]");
  await alert.waitFor();
  assert.equal(await alert.innerText(), "這個時段剛剛被預約了，請選擇其他時間。");
  await screenshot(page, "public-zh-TW-error-taken");
  await page.context().close();
});

test("every public page answer has the CSP; bad manage and unsubscribe links say so", async () => {
  const pages = ["/b/demo", "/b/demo/manage/1", "/unsubscribe/not-a-token"];
  for (const p of pages) {
    const res = await fetch(url(p));
    assert.equal(res.status, 200, p);
    const csp = res.headers.get("content-security-policy") || "";
    for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"])
      assert.ok(csp.includes(d), `${p}: CSP ${csp} lacks ${d}`);
    assert.ok(!csp.includes("unsafe-inline"), `${p}: ${csp}`);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", p);
  }
  const page = await newPage(browser);
  await page.goto(url("/b/demo/manage/1?token=wrong"));
  await page.getByText("This link is not valid").waitFor();
  assert.equal(new URL(page.url()).search, "");
  await screenshot(page, "manage-bad-link");
  await page.goto(url("/unsubscribe/not-a-token"));
  await page.getByText("This unsubscribe link is not valid").waitFor();
  await screenshot(page, "unsubscribe-bad-link");
  await page.context().close();
});

test("keyboard only: Tab and Enter reach the details step, focus follows each step", async () => {
  const page = await newPage(browser);
  await page.goto(url("/b/demo"));
  await page.getByRole("heading", { name: "Choose a service" }).waitFor();
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return { tag: a.tagName, text: (a.getAttribute("aria-label") || a.textContent || "").trim(), cls: a.className };
  });
  /// Presses Tab until the focused element matches, at most `max` times.
  async function tabTo(pred, max = 25) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      const f = await focused();
      if (pred(f)) return f;
    }
    throw new Error("Tab never reached the element; last: " + JSON.stringify(await focused()));
  }
  await tabTo((f) => f.tag === "BUTTON" && f.text.startsWith("Consultation"));
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Choose who you would like to see" }).waitFor();
  assert.equal((await focused()).tag, "H2", "focus moves to the new step's heading");
  await tabTo((f) => f.text.startsWith("Anyone available"));
  await page.keyboard.press("Enter");
  await page.locator(".times button").first().waitFor();
  await tabTo((f) => f.cls.includes("time"), 40);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Your details" }).waitFor();
  await tabTo((f) => f.tag === "INPUT");
  await page.keyboard.type("Key Board");
  assert.equal(await field(page, "Name").inputValue(), "Key Board");
  await page.context().close();
});

test("plugin mounts: a booking_step module gets its context and its extra is sent; a plugin's refusal is shown", async () => {
  // A stand-in plugin module, served same-origin through the browser's request routing (no
  // such plugin ships yet): a check box that sets its extra, and a manage_booking panel.
  const moduleUrl = "/static/book/e2e-stand-in-plugin.js";
  const moduleJs = `
    export async function mount(element, ctx) {
      if (ctx.slot === "manage_booking") {
        element.append(ctx.el("p", { id: "e2e-manage" }, ctx.t("seen", { id: ctx.booking.id }) + (ctx.token ? " (token)" : "")));
        return;
      }
      const box = ctx.el("input", { type: "checkbox", id: "e2e-agree",
        onchange: () => ctx.setExtra(box.checked ? { accepted: true, service: ctx.service.id } : null) });
      element.append(box, ctx.el("label", { for: "e2e-agree" }, ctx.t("agree")));
    }`;
  const ui = { en: { agree: "I accept the stand-in terms", seen: "Stand-in sees booking {id}" }, "zh-TW": { agree: "我接受測試條款", seen: "外掛看到預約 {id}" } };
  const page = await newPage(browser);
  await page.route(url(moduleUrl), (r) => r.fulfill({ status: 200, contentType: "text/javascript", body: moduleJs }));
  await page.route(url("/api/v1/public/demo"), async (r) => {
    const res = await r.fetch();
    const business = await res.json();
    business.plugin_mounts = [
      { plugin: "e2e_terms", slot: "booking_step", module: "e2e.js", url: moduleUrl, ui },
      { plugin: "e2e_terms", slot: "manage_booking", module: "e2e.js", url: moduleUrl, ui },
    ];
    business.processor_notice_url = "javascript:alert(document.domain)"; // never a link
    await r.fulfill({ response: res, json: business });
  });
  await page.goto(url("/b/demo"));
  await toDetails(page);
  await field(page, "Name").fill("Plug In");
  await field(page, "Email").fill("plug.in.e2e@example.com");
  const agree = page.getByLabel("I accept the stand-in terms");
  await agree.waitFor();

  // The plugin refuses (422 rejected): its message is shown.
  const bookings = url("/api/v1/public/demo/bookings");
  await page.route(bookings, (r) => r.fulfill({ status: 422, json: { error: { code: "rejected", message: "Please accept the stand-in terms first." } } }));
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.getByRole("alert").filter({ hasText: "Please accept the stand-in terms first." }).waitFor();
  // No input owns that refusal: the alert at the top of the form takes the focus (and is scrolled to).
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role") + " " + document.activeElement.textContent),
    "alert Please accept the stand-in terms first.");
  assert.equal(await page.getByRole("link", { name: "How Atrium processes data" }).count(), 0, "a javascript: notice address is no link");
  await page.getByText("How Atrium processes data: javascript:alert(document.domain)").waitFor();
  await screenshot(page, "public-plugin-refused");
  await page.unroute(bookings);

  await agree.check();
  const [req] = await Promise.all([
    page.waitForRequest((q) => q.url() === bookings && q.method() === "POST"),
    page.getByRole("button", { name: "Confirm booking" }).click(),
  ]);
  const body = req.postDataJSON();
  assert.deepEqual(Object.keys(body.extra), ["e2e_terms"]);
  assert.equal(body.extra.e2e_terms.accepted, true);
  assert.equal(body.client.marketing_email, false);
  assert.equal(body.client.marketing_sms, false);
  await page.getByRole("heading", { name: "You're booked" }).waitFor();

  const manage = await page.getByRole("link", { name: "Manage this booking" }).getAttribute("href");
  await page.goto(url(manage));
  const id = manage.match(/manage\/(\d+)/)[1];
  assert.equal(await page.locator("#e2e-manage").innerText(), `Stand-in sees booking ${id} (token)`);
  await page.context().close();
});

test("the page's strings failing to load: a message, not a blank page", async () => {
  const page = await newPage(browser);
  await page.route(url("/static/i18n/book.en.json"), (r) => r.fulfill({ status: 200, contentType: "application/json", body: "{" }));
  await page.goto(url("/b/demo"));
  await page.getByRole("heading", { name: "Something went wrong" }).waitFor();
  assert.equal(await page.getByRole("alert").count(), 1);
  await page.context().close();
});

test("a time with several places left says so in its accessible name too; a new week is announced", async () => {
  const page = await newPage(browser);
  await page.route((u) => u.pathname === "/api/v1/public/demo/slots", async (r) => {
    const res = await r.fetch();
    const body = await res.json();
    for (const s of body.slots) s.seats_left = 4;
    await r.fulfill({ response: res, json: body });
  });
  await page.goto(url("/b/demo"));
  await page.getByRole("button", { name: /^Consultation/ }).click();
  await page.getByRole("button", { name: /^Anyone available/ }).click();
  const first = page.locator(".times button").first();
  await first.waitFor();
  assert.match(await first.innerText(), /4 places/);
  assert.match(await first.getAttribute("aria-label"), /, 4 places$/);
  // The next week is announced once drawn, through the page's live region.
  await page.getByRole("button", { name: "Next week →" }).click();
  await page.waitForFunction(() => /^.+ – .+: (\d+ free|No free times)/.test(document.getElementById("live")?.textContent || ""));
  await page.context().close();
});

// ---- found by a client walking the public pages on a phone ----

/// At the time step: chooses the last day of the week shown that has free times (not the
/// first, which the picker opens on). Returns {index (of the 7 day buttons), day (its label), start (its first time)}.
async function chooseLaterDay(page) {
  await page.locator(".times button").first().waitFor();
  const days = page.locator(".days .day");
  const enabled = [];
  for (let i = 0; i < 7; i++) if (await days.nth(i).isEnabled()) enabled.push(i);
  assert.ok(enabled.length >= 2, "the demo has free times on two days of this week");
  const index = enabled[enabled.length - 1];
  await days.nth(index).click();
  assert.equal(await days.nth(index).getAttribute("aria-pressed"), "true");
  return { index, day: await days.nth(index).locator(".day-name").innerText(), start: await page.locator(".times button").first().getAttribute("data-start") };
}
const chosenDay = (page) => page.locator(".days .day").evaluateAll((ds) => ds.findIndex((d) => d.getAttribute("aria-pressed") === "true"));

test("phone: Back and Forward move between the steps keeping what was chosen and typed; a reloaded step opens the last step that still holds", async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(url("/b/demo"));
  await page.getByRole("button", { name: /^Consultation/ }).click();
  await page.getByRole("button", { name: /^Dr Ana Lima/ }).click();
  await page.getByRole("heading", { name: "Choose a time" }).waitFor();
  const { index, start } = await chooseLaterDay(page);
  await page.locator(`.times button[data-start="${start}"]`).click();
  await page.getByRole("heading", { name: "Your details" }).waitFor();
  await field(page, "Name").fill("Bea Back");
  await field(page, "Email").fill("bea.back.e2e@example.com");
  await field(page, "Note for the business (optional)").fill("Second floor, please");
  await page.getByLabel("Send me offers and news by email").check();

  // The phone's Back: the times, with that day and that time still chosen; then the providers, the services.
  await page.goBack();
  await page.getByRole("heading", { name: "Choose a time" }).waitFor();
  await page.locator(".times button").first().waitFor();
  assert.equal(await chosenDay(page), index, "the day chosen before");
  assert.equal(await page.locator(".times button.chosen").getAttribute("data-start"), start, "the time chosen before is marked");
  await screenshot(page, "public-phone-back-time");
  await page.goBack();
  await page.getByRole("heading", { name: "Choose who you would like to see" }).waitFor();
  assert.match(await page.locator(".facts").innerText(), /Consultation/);
  await page.goBack();
  await page.getByRole("heading", { name: "Choose a service" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/b/demo", "still on the booking page");

  // Forward again, to the details as they were typed.
  await page.goForward();
  await page.getByRole("heading", { name: "Choose who you would like to see" }).waitFor();
  await page.goForward();
  await page.getByRole("heading", { name: "Choose a time" }).waitFor();
  await page.goForward();
  await page.getByRole("heading", { name: "Your details" }).waitFor();
  assert.equal(await field(page, "Name").inputValue(), "Bea Back");
  assert.equal(await field(page, "Email").inputValue(), "bea.back.e2e@example.com");
  assert.equal(await field(page, "Note for the business (optional)").inputValue(), "Second floor, please");
  assert.equal(await page.getByLabel("Send me offers and news by email").isChecked(), true);
  assert.match(await page.locator(".facts").innerText(), /Dr Ana Lima/);
  await screenshot(page, "public-phone-back-details");

  // The page's own Back and the phone's Forward agree with them.
  await page.getByRole("button", { name: "Back", exact: true }).click();
  await page.getByRole("heading", { name: "Choose a time" }).waitFor();
  await page.goForward();
  await page.getByRole("heading", { name: "Your details" }).waitFor();
  assert.equal(await field(page, "Name").inputValue(), "Bea Back");

  // Reloaded, the details step has no time in memory (nothing typed is kept in the address
  // or the browser): the times of the same service, provider and day.
  assert.ok(!page.url().includes("Bea"), page.url());
  await page.reload();
  await page.getByRole("heading", { name: "Choose a time" }).waitFor();
  await page.locator(".times button").first().waitFor();
  assert.equal(await chosenDay(page), index);
  assert.match(await page.locator(".facts").innerText(), /Dr Ana Lima/);
  await page.context().close();

  // An address naming a service that does not exist: the first step.
  const other = await newPage(browser, { viewport: PHONE });
  await other.goto(url("/b/demo#step=details&service=999999&provider=any"));
  await other.getByRole("heading", { name: "Choose a service" }).waitFor();
  await other.context().close();
});

test("phone: a time taken meanwhile keeps the day that was chosen, with the message", async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(url("/b/demo"));
  await page.getByRole("button", { name: /^Consultation/ }).click();
  await page.getByRole("button", { name: /^Dr Ana Lima/ }).click();
  const { index, day, start } = await chooseLaterDay(page);
  await page.locator(`.times button[data-start="${start}"]`).click();
  await page.getByRole("heading", { name: "Your details" }).waitFor();
  await field(page, "Name").fill("Cleo Clash");
  await field(page, "Email").fill("cleo.clash.e2e@example.com");
  const svc = (await owner.call("GET", "/api/v1/services")).body.services.find((s) => s.name === "Consultation");
  const ana = (await (await fetch(url("/api/v1/public/demo/providers"))).json()).providers.find((p) => p.display_name === "Dr Ana Lima");
  const taken = await fetch(url("/api/v1/public/demo/bookings"), {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ service_id: svc.id, provider_id: ana.id, start, client: { name: "Other", email: "other.clash.e2e@example.com" } }),
  });
  assert.equal(taken.status, 201);
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.getByRole("heading", { name: "Choose a time" }).waitFor();
  await page.locator(".slot-picker [role=alert]").filter({ hasText: "That time was taken" }).waitFor();
  await page.locator(".times button, #no-times-left").first().waitFor();
  assert.equal(await chosenDay(page), index, `still ${day}, not the first day with free times`);
  assert.equal(await page.locator(".days .day[aria-pressed=true] .day-name").innerText(), day);
  assert.equal(await page.locator(`.times button[data-start="${start}"]`).count(), 0, "the taken time is gone");
  await screenshot(page, "public-phone-taken-same-day");
  // Back from here goes to the providers, not to a form whose time is gone.
  await page.goBack();
  await page.getByRole("heading", { name: "Choose who you would like to see" }).waitFor();
  await page.context().close();
});

test("phone: name and note count down near their limits and refuse, never cut, what is too long; so does the server", async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(url("/b/demo"));
  await toDetails(page);
  const name = field(page, "Name"), note = field(page, "Note for the business (optional)");
  const nameCount = page.locator(".field:has([name='client.name']) .count");
  const noteCount = page.locator(".field:has([name='note']) .count");
  await name.fill("a".repeat(100));
  assert.equal(await nameCount.isVisible(), false, "no count far from the limit");
  await name.fill("a".repeat(188));
  assert.equal(await nameCount.innerText(), "12 characters left");
  await name.fill("b".repeat(201)); // as a paste would
  assert.equal((await name.inputValue()).length, 201, "nothing is cut");
  assert.equal(await nameCount.innerText(), "1 character too many");
  await note.fill("n".repeat(2003));
  assert.equal((await note.inputValue()).length, 2003);
  assert.equal(await noteCount.innerText(), "3 characters too many");
  await field(page, "Email").fill("long.names.e2e@example.com");
  await screenshot(page, "public-phone-too-long");

  const posted = [];
  page.on("request", (q) => { if (q.method() === "POST") posted.push(q.url()); });
  await page.getByRole("button", { name: "Confirm booking" }).click();
  const nameError = page.locator(".field:has([name='client.name']) .field-error");
  await nameError.waitFor();
  assert.equal(await nameError.innerText(), "Name can have at most 200 characters: please shorten it by 1.");
  assert.equal(await name.getAttribute("aria-invalid"), "true");
  await screenshot(page, "public-phone-too-long-refused");
  await name.fill("b".repeat(200));
  assert.equal(await nameCount.innerText(), "0 characters left");
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.locator(".field:has([name='note']) .field-error")
    .filter({ hasText: "Note for the business (optional) can have at most 2000 characters: please shorten it by 3." }).waitFor();
  assert.deepEqual(posted, [], "refused in the page, nothing sent");
  await note.fill("n".repeat(2000));
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.getByRole("heading", { name: "You're booked" }).waitFor();
  const id = (await page.getByRole("link", { name: "Manage this booking" }).getAttribute("href")).match(/manage\/(\d+)/)[1];
  const booked = (await owner.call("GET", `/api/v1/bookings/${id}`)).body.booking;
  assert.equal(booked.note.length, 2000);
  assert.equal((await owner.call("GET", `/api/v1/clients/${booked.client_id}`)).body.client.name, "b".repeat(200));
  await page.context().close();

  // The server refuses too, naming the field, in the reader's language; it counts characters,
  // not bytes (200 characters of a Chinese name are 600 bytes).
  const svc = (await owner.call("GET", "/api/v1/services")).body.services.find((s) => s.name === "Consultation");
  const from = new Date(Date.now() + 8 * 86400000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10);
  const slots = (await (await fetch(url(`/api/v1/public/demo/slots?service=${svc.id}&from=${from}&to=${to}`))).json()).slots;
  const slot = slots[slots.length - 1];
  const book = (client, extra = {}, lang = "en") => fetch(url("/api/v1/public/demo/bookings"), {
    method: "POST", headers: { "Content-Type": "application/json", "Accept-Language": lang },
    body: JSON.stringify({ service_id: svc.id, provider_id: slot.provider_id, start: slot.start, client: { email: "server.limits.e2e@example.com", ...client }, ...extra }),
  });
  let res = await book({ name: "c".repeat(201) }, {}, "zh-TW");
  let body = await res.json();
  assert.equal(res.status, 422, JSON.stringify(body));
  assert.equal(body.error.field, "client.name");
  assert.equal(body.error.message, "「姓名」最多 200 個字元");
  res = await book({ name: "Noel Note" }, { note: "n".repeat(2001) });
  body = await res.json();
  assert.equal(res.status, 422, JSON.stringify(body));
  assert.equal(body.error.field, "note");
  assert.equal(body.error.message, "Note must have at most 2000 characters");
  const chinese = "陳".repeat(200);
  res = await book({ name: chinese });
  body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  assert.equal((await owner.call("GET", `/api/v1/clients/${(await owner.call("GET", `/api/v1/bookings/${body.booking.id}`)).body.booking.client_id}`)).body.client.name, chinese);
});

test("phone: an invalid or expired manage link names the business and leads back to its booking page", async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(url("/b/demo/manage/1#token=expired-or-wrong"));
  await page.getByRole("heading", { name: "This link does not work" }).waitFor();
  assert.equal(await page.locator("#business-name").innerText(), "Demo Clinic");
  await page.getByRole("alert").filter({ hasText: "This link is not valid, or the booking no longer exists." }).waitFor();
  assert.equal(await page.locator(".facts").count(), 0, "nothing about any booking");
  const back = page.getByRole("link", { name: "Go to the booking page of Demo Clinic" });
  assert.equal(await back.getAttribute("href"), "/b/demo");
  await screenshot(page, "manage-phone-bad-link");
  await back.click();
  await page.getByRole("heading", { name: "Choose a service" }).waitFor();

  await page.goto(url("/b/demo/manage/1?lang=zh-TW#token=expired-or-wrong"));
  await page.getByRole("heading", { name: "此連結無法使用" }).waitFor();
  await page.getByRole("link", { name: "前往Demo Clinic的預約頁面" }).waitFor();
  await screenshot(page, "manage-phone-bad-link-zh-TW");

  // A business that does not exist: a page that says so, with no name to give.
  await page.goto(url("/b/no-such-business/manage/1#token=x"));
  await page.getByText("There is no booking page at this address.").waitFor();
  assert.equal(await page.locator("#business-name").innerText(), "");
  await page.context().close();
});

test("phone: the booking page ends with the business's address and a phone number to call", async () => {
  const saved = await owner.call("PATCH", "/api/v1/business", { address: "12 Harbour Street\nLondon E1 6AN", contact_phone: "+44 20 7946 0958" });
  assert.equal(saved.status, 200);
  try {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await page.goto(url("/b/demo"));
    const foot = page.locator("footer.contact");
    await foot.getByText("12 Harbour Street").waitFor();
    assert.equal(await foot.locator(".address").innerText(), "12 Harbour Street\nLondon E1 6AN", "its lines kept");
    assert.equal(await foot.getByRole("link", { name: "+44 20 7946 0958" }).getAttribute("href"), "tel:+442079460958");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no sideways scrolling");
    await foot.scrollIntoViewIfNeeded();
    await screenshot(page, "public-phone-contact");
    await page.context().close();
  } finally {
    await owner.call("PATCH", "/api/v1/business", { address: null, contact_phone: null });
  }
});

/// Each text of each day button, with the number of lines it is laid out on (a Range's client
/// rects: one per line box the text occupies).
const buttonLines = (page, selector) => page.locator(selector).evaluateAll((days) => days.map((d) => {
  const walker = document.createTreeWalker(d, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    texts.push({ text: n.textContent, lines: tops.size });
  }
  return texts;
}));

test("phone: the day and time buttons never break inside a word, in Traditional Chinese and in English", async () => {
  for (const [lang, anyone, weekday] of [["zh-TW", "任何有空的人員", /^週[一二三四五六日]$/], ["en", "Anyone available", /^[A-Z][a-z]{2}$/]]) {
    const page = await newPage(browser, { locale: lang === "en" ? "en-GB" : lang, viewport: PHONE });
    await page.goto(url(`/b/demo?lang=${lang}`));
    await page.getByRole("button", { name: /^Consultation/ }).click();
    await page.getByRole("button", { name: new RegExp("^" + anyone) }).click();
    await page.locator(".times button").first().waitFor();
    const days = await buttonLines(page, ".days .day");
    assert.equal(days.length, 7);
    for (const texts of days) {
      // the weekday, the date and the count, each whole on its own line
      for (const { text, lines } of texts) assert.equal(lines, 1, `${lang}: "${text}" is broken over ${lines} lines (${JSON.stringify(texts)})`);
      assert.match(texts[0].text, weekday, `${lang}: the weekday first (${JSON.stringify(texts)})`);
    }
    // the times too: "上午11:30" stays on one line
    for (const texts of await buttonLines(page, ".times button"))
      for (const { text, lines } of texts) assert.equal(lines, 1, `${lang}: time "${text}" is broken over ${lines} lines`);
    await screenshot(page, `public-phone-days-${lang}`);
    await page.context().close();
  }
});

/// The time of day in a text ("下午1:15", "13:15").
const timeIn = (text) => text.match(/(?:上午|下午|中午|凌晨|早上|晚上)?\d{1,2}:\d{2}/)?.[0];

test("zh-TW: a booking's time reads the same on the booking page, the manage page and in the back office", async () => {
  const page = await newPage(browser, { locale: "zh-TW", viewport: PHONE });
  await page.goto(url("/b/demo?lang=zh-TW"));
  await page.getByRole("button", { name: /^Consultation/ }).click();
  await page.getByRole("button", { name: /^任何有空的人員/ }).click();
  await page.locator(".times button").first().waitFor();
  // a time whose hour is one digit on a 12-hour clock (1–9): where "下午01:00" and "下午1:00" differ
  const hourOf = (iso) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(new Date(iso)));
  let slot = null;
  for (let week = 0; week < 4 && !slot; week++) {
    for (const day of await page.locator(".days .day:not([disabled])").all()) {
      await day.click();
      for (const b of await page.locator(".times button").all()) {
        const h = hourOf(await b.getAttribute("data-start")) % 12;
        if (h >= 1 && h <= 9) { slot = b; break; }
      }
      if (slot) break;
    }
    if (!slot) {
      await page.getByRole("button", { name: "下一週" }).click();
      await page.locator(".times button").first().waitFor();
    }
  }
  assert.ok(slot, "a time at 1–9 o'clock");
  const onButton = timeIn(await slot.innerText());
  assert.match(onButton, /^(上午|下午)[1-9]:\d{2}$/, "the time button: no leading zero");
  await slot.click();
  await page.getByRole("heading", { name: "您的資料" }).waitFor();
  assert.equal(timeIn(await page.locator(".facts").innerText()), onButton, "the summary beside the details");
  await field(page, "姓名").fill("陳時間");
  await field(page, "電子郵件").fill("chen.time@example.com");
  await page.getByRole("button", { name: "確認預約" }).click();
  await page.getByRole("heading", { name: "預約完成" }).waitFor();
  assert.equal(timeIn(await page.locator(".facts").innerText()), onButton, "the confirmation");
  await screenshot(page, "public-zh-TW-time-booked");
  const manage = await page.locator("a[href*='/manage/']").first().getAttribute("href");
  const id = manage.match(/manage\/(\d+)/)[1];
  // the link keeps the reader's language, as the confirmation email's link does (?lang=)
  await page.locator("a[href*='/manage/']").first().click();
  await page.locator("#booking-status").waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "zh-TW", "the manage page in the language the client booked in");
  const facts = await page.locator(".facts").innerText();
  assert.equal(timeIn(facts), onButton, `the manage page: ${facts}`);
  await screenshot(page, "manage-zh-TW-time");
  await page.context().close();

  // the back office, in Traditional Chinese
  const office = await newPage(browser);
  await signIn(office, atrium);
  await office.getByRole("combobox", { name: "Language" }).selectOption("zh-TW");
  await office.getByRole("heading", { level: 1, name: "今天", exact: true }).waitFor();
  await office.goto(url(`/app/#/bookings/${id}`));
  const when = office.locator("dl.kv dd").first();
  await when.filter({ hasText: "Europe/London" }).waitFor();
  assert.equal(timeIn(await when.innerText()), onButton, "the back office's booking");
  await screenshot(office, "backoffice-zh-TW-booking-time");
  await office.context().close();
});
