// The links Atrium sends by email, followed in Chromium: the confirmation's manage link
// (reschedule, promotional-message choices) and a campaign's unsubscribe link. Email goes to
// an in-process SMTP sink.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAtrium, launchBrowser, newPage, screenshot, apiSession } from "./support/atrium.mjs";
import { startSmtpSink } from "./support/smtp-sink.mjs";

let atrium, browser, owner, sink, manageLink, clientId, confirmation;
const EMAIL = "kim.e2e@example.com";

before(async () => {
  sink = await startSmtpSink();
  atrium = await startAtrium({ set: sink.config });
  browser = await launchBrowser();
  owner = await apiSession(atrium, "owner");
});
after(async () => {
  await browser?.close();
  await atrium?.stop();
  await sink?.close();
});

const url = (p) => atrium.baseUrl + p;
const linkIn = (mail, re) => { const m = mail.text.match(re); assert.ok(m, `no link ${re} in:\n${mail.text.slice(0, 2000)}`); return m[0]; };
/// Whether the kernel serves a public manage route yet (404 from the router = not yet).
async function routeExists(method, link, rest, body) {
  const u = new URL(link);
  const token = new URLSearchParams(u.hash.slice(1)).get("token");
  const res = await fetch(url(`/api/v1/public/demo/bookings/${u.pathname.split("/").pop()}${rest}?token=${encodeURIComponent(token)}`),
    { method, headers: { "Content-Type": "application/json" }, body: body && JSON.stringify(body) });
  return res.status !== 404;
}

test("book in zh-TW with promotional email; the emailed manage link opens the booking", async () => {
  const page = await newPage(browser);
  await page.goto(url("/b/demo?lang=zh-TW"));
  await page.getByRole("button", { name: /^Follow-up/ }).click();
  await page.getByRole("button", { name: /^任何有空的人員/ }).click();
  await page.locator(".times button").first().click();
  await page.getByLabel("姓名", { exact: true }).fill("Kim E2E");
  await page.getByLabel("電子郵件", { exact: true }).fill(EMAIL);
  await page.getByLabel("以電子郵件寄送優惠與最新消息給我").check();
  await page.getByRole("button", { name: "確認預約" }).click();
  await page.getByRole("heading", { name: "預約完成" }).waitFor();

  const mail = await sink.waitFor((m) => m.to.includes(EMAIL));
  // The confirmation speaks the booking's language, decoded as UTF-8 (subject and body).
  assert.match(mail.text, /Subject: 您在 Demo Clinic 的預約/);
  assert.match(mail.text, /Kim E2E 您好/);
  confirmation = mail;
  // the token in the fragment: no server, proxy or log between the client and Atrium sees it
  const emailed = linkIn(mail, /http:\/\/127\.0\.0\.1:\d+\/b\/demo\/manage\/\d+\?lang=zh-TW#token=[\w-]+/);
  assert.match(mail.text, /取消訂閱這類訊息: http/); // the footer in the message's language too
  await page.goto(emailed);
  // The link carries the message's language: the page opens in it, whatever the browser's.
  await page.getByRole("heading", { name: "預約內容" }).waitFor();
  assert.equal(new URL(page.url()).search, "?lang=zh-TW");
  await page.reload(); // a reload (or a bookmark, a new tab) keeps working
  await page.getByRole("heading", { name: "預約內容" }).waitFor();
  assert.equal(await page.locator("#booking-status").innerText(), "已確認");
  manageLink = emailed.replace("?lang=zh-TW", "?lang=en"); // the tests below read English
  const id = new URL(manageLink).pathname.split("/").pop();
  clientId = (await owner.call("GET", `/api/v1/bookings/${id}`)).body.booking.client_id;
  await screenshot(page, "manage-from-email");
  await page.context().close();
});

test("reschedule through the manage link", async (t) => {
  assert.ok(manageLink, "needs the first test");
  if (!(await routeExists("POST", manageLink, "/reschedule", {}))) return t.skip("the kernel has no public reschedule route yet");
  const page = await newPage(browser);
  const inUrls = []; // the token goes in a header, never in a URL a server or proxy could log
  page.on("request", (r) => { if (/[?&#]token=/.test(r.url())) inUrls.push(r.url()); });
  await page.goto(manageLink);
  const before = await page.locator("#booking-status").innerText();
  assert.equal(before, "Confirmed");
  await page.getByRole("button", { name: "Move to another time" }).click();
  const last = page.locator(".times button").last();
  const start = await last.getAttribute("data-start");
  await last.click();
  await page.getByRole("heading", { name: "Move the booking?" }).waitFor();
  await screenshot(page, "manage-4-reschedule");
  await page.getByRole("button", { name: "Yes, move it" }).click();
  await page.getByText("Your booking has been moved.").first().waitFor(); // the notice (and the live region)
  const id = new URL(manageLink).pathname.split("/").pop();
  assert.equal((await owner.call("GET", `/api/v1/bookings/${id}`)).body.booking.start, start);
  // A move by a few minutes is offered: 15 minutes earlier overlaps the booking itself, and
  // its own time no longer counts as busy when it is the one moving.
  await page.getByRole("button", { name: "Move to another time" }).click();
  const earlier = new Date(Date.parse(start) - 15 * 60e3).toISOString().replace(".000Z", "Z");
  const nudge = page.locator(`.times button[data-start="${earlier}"]`);
  await nudge.waitFor();
  assert.equal(await page.locator(`.times button[data-start="${start}"]`).count(), 0, "its own time is no choice");
  await nudge.click();
  await page.getByRole("button", { name: "Yes, move it" }).click();
  await page.getByText("Your booking has been moved.").first().waitFor();
  assert.equal((await owner.call("GET", `/api/v1/bookings/${id}`)).body.booking.start, earlier);
  assert.deepEqual(inUrls, []);
  await page.context().close();
});

test("promotional messages on the manage page: withdrawing is one click", async (t) => {
  assert.ok(manageLink, "needs the first test");
  if (!(await routeExists("GET", manageLink, "/preferences"))) return t.skip("the kernel has no public preferences route yet");
  const page = await newPage(browser);
  await page.goto(manageLink);
  const email = page.getByLabel("Offers and news by email");
  await email.waitFor();
  assert.equal(await email.isChecked(), true);
  // no phone number on file: no SMS choices to make
  assert.equal(await page.getByLabel("Offers and news by text message (SMS)").count(), 0);
  assert.equal(await page.getByLabel("Booking messages by text message (SMS)").count(), 0);
  await email.uncheck();
  await page.getByText(/no longer receive/).waitFor();
  await screenshot(page, "manage-5-preferences");
  const c = await owner.call("GET", `/api/v1/clients/${clientId}`);
  assert.equal(c.body.client.marketing_email, false);
  await email.check();
  await page.getByText(/Saved: you will receive/).waitFor();
  assert.equal((await owner.call("GET", `/api/v1/clients/${clientId}`)).body.client.marketing_email, true);
  await page.context().close();
});

test("a booking email's unsubscribe link says reminders stop too and confirms once; the page and the manage page turn them back on", async () => {
  assert.ok(confirmation, "needs the first test");
  const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(linkIn(confirmation, /http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[\w.~-]+/));
  await page.getByRole("heading", { name: "Stop these messages?" }).waitFor();
  assert.match(await page.locator(".facts").innerText(), /Booking messages/);
  // Before: what stops, reminders included.
  assert.equal(await page.locator("#unsub-effect").innerText(),
    "This stops every booking message from Demo Clinic by email: confirmations, changes and the reminders before your appointments.");
  await screenshot(page, "unsubscribe-phone-booking-1");
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await page.getByRole("heading", { name: "You have been unsubscribed" }).waitFor();
  // After: one confirmation, which says the reminders stop too (and once through the live region).
  const said = "You will receive no more booking messages from Demo Clinic by email, including the reminders before your appointments.";
  assert.deepEqual(await page.locator("main .notice:visible").allInnerTexts(), [said]);
  assert.doesNotMatch(await page.locator("main").innerText(), /Done/);
  await page.waitForFunction((t) => document.getElementById("live")?.textContent === t, said);
  await screenshot(page, "unsubscribe-phone-booking-2-done");
  await page.getByRole("button", { name: "Subscribe again" }).click(); // an undo on the same page
  await page.getByRole("heading", { name: "Stop these messages?" }).waitFor();
  assert.equal(await page.locator("#unsub-status").innerText(), "Subscribed");
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await page.getByRole("heading", { name: "You have been unsubscribed" }).waitFor();
  await screenshot(page, "unsubscribe-booking-messages");

  await page.goto(manageLink); // the manage page shows the choice and turns it back on
  const booking = page.getByLabel("Booking messages by email");
  await booking.waitFor();
  assert.equal(await booking.isChecked(), false);
  await booking.check();
  await page.getByText(/Saved: you will receive “Booking messages by email”/).waitFor();
  // and they arrive again: cancelling sends the cancellation
  const before = sink.messages.length;
  await page.getByRole("button", { name: "Cancel booking" }).first().click();
  await page.getByRole("button", { name: /Yes, cancel/ }).click();
  await page.locator("#booking-status").filter({ hasText: "Cancelled" }).waitFor();
  const cancelled = await sink.waitFor((m, i) => m.to.includes(EMAIL) && sink.messages.indexOf(m) >= before);
  assert.ok(cancelled);
  await page.context().close();
});

test("a campaign's unsubscribe link: the page shows what it is about and unsubscribes", async () => {
  const sent = await owner.call("POST", "/api/v1/notifications/campaigns", { subject: "Spring offer", text: "10% off.", channel: "email" });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const mail = await sink.waitFor((m) => m.to.includes(EMAIL) && /10% off/.test(m.text)).catch((e) => {
    throw new Error(e.message + "\n" + sink.messages.map((m) => m.to + "\n" + m.text.slice(0, 600)).join("\n----\n"));
  });
  const link = linkIn(mail, /http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[\w.~-]+/);
  const page = await newPage(browser);
  const res = await page.goto(link);
  assert.match(res.headers()["content-security-policy"], /script-src 'self'/);
  await page.getByRole("heading", { name: "Stop these messages?" }).waitFor();
  const facts = await page.locator(".facts").innerText();
  assert.match(facts, /Demo Clinic/);
  assert.match(facts, /Offers and news/);
  assert.match(await page.locator("#unsub-effect").innerText(), /Booking messages, such as the reminders before your appointments, still come\./);
  assert.equal(await page.locator("#unsub-status").innerText(), "Subscribed");
  await screenshot(page, "unsubscribe-1");
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await page.getByRole("heading", { name: "You have been unsubscribed" }).waitFor();
  assert.equal(await page.locator("#unsub-status").innerText(), "Unsubscribed");
  await screenshot(page, "unsubscribe-2-done");
  assert.equal((await owner.call("GET", `/api/v1/clients/${clientId}`)).body.client.marketing_email, false);
  await page.context().close();
});
