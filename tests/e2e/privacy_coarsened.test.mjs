// An erased client's bookings keep only their month (the kernel coarsens their times and their
// history's to the first of the month): the back office says "November 2026" ("2026年11月"),
// never "1 Nov 2026, 00:00", in the booking list, the booking's details and its history.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAtrium, launchBrowser, newPage, screenshot, signIn, apiSession, assertNoPageErrors } from "./support/atrium.mjs";

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

const month = (locale, iso) => new Intl.DateTimeFormat(locale, { timeZone: "UTC", year: "numeric", month: "long" }).format(new Date(iso));

test("an erased client's booking shows its month, in the list, the details and the history, in en and zh-TW", async () => {
  const list = await owner.call("GET", "/api/v1/bookings?limit=200");
  const past = list.body.bookings.find((b) => b.client_id && Date.parse(b.end) < Date.now() - 86400e3);
  assert.ok(past, "the demo has a past booking with a client");
  assert.equal(past.coarsened, false);
  const reauth = await owner.call("POST", "/api/v1/auth/reauth", { password: atrium.owner.password });
  assert.equal(reauth.status, 200, JSON.stringify(reauth.body));
  const erased = await owner.call("POST", `/api/v1/privacy/clients/${past.client_id}/erase`, {});
  assert.equal(erased.status, 200, JSON.stringify(erased.body));
  const { booking, history } = (await owner.call("GET", `/api/v1/bookings/${past.id}`)).body;
  assert.equal(booking.coarsened, true);
  assert.match(booking.start, /-01T00:00:00Z$/);
  assert.ok(history.length > 0 && history.every((h) => /-01T00:00:00Z$/.test(h.at)), JSON.stringify(history));
  const en = month("en-GB", booking.start);
  assert.match(en, /^[A-Z][a-z]+ \d{4}$/); // "November 2026"

  const page = await newPage(browser);
  await signIn(page, atrium);
  await page.goto(`${atrium.baseUrl}/app/#/bookings/${past.id}`);
  await page.getByRole("heading", { name: "History" }).waitFor();
  const main = page.locator("main");
  const when = main.locator("dl.kv dd").first();
  assert.equal(await when.innerText(), en);
  const lines = await main.locator("ol li").allInnerTexts();
  assert.ok(lines.length > 0 && lines.every((l) => l.startsWith(`${en}: `)), JSON.stringify(lines));
  assert.doesNotMatch(await main.innerText(), /00:00/);
  await screenshot(page, "privacy-coarsened-1-booking");

  await page.goto(`${atrium.baseUrl}/app/#/clients/${past.client_id}`);
  const link = main.locator(`a[href="#/bookings/${past.id}"]`);
  await link.waitFor();
  assert.equal(await link.innerText(), en);
  assert.doesNotMatch(await main.innerText(), /00:00/);
  await screenshot(page, "privacy-coarsened-2-client");

  await page.goto(`${atrium.baseUrl}/app/#/bookings/${past.id}`);
  await page.getByRole("heading", { name: "History" }).waitFor();
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh-TW");
  const zh = month("zh-TW", booking.start);
  assert.match(zh, /^\d{4}年\d{1,2}月$/); // "2026年11月"
  await main.locator("dl.kv dd").first().filter({ hasText: zh }).waitFor();
  const zhLines = await main.locator("ol li").allInnerTexts();
  assert.ok(zhLines.length > 0 && zhLines.every((l) => l.startsWith(`${zh}: `)), JSON.stringify(zhLines));
  assert.doesNotMatch(await main.innerText(), /00:00/);
  await screenshot(page, "privacy-coarsened-3-zh-TW");
  await page.goto(`${atrium.baseUrl}/app/#/clients/${past.client_id}`);
  await main.locator(`a[href="#/bookings/${past.id}"]`).filter({ hasText: zh }).waitFor();
  assertNoPageErrors(page);
});
