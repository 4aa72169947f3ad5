// delete_history's settings panel in Chromium: the owner switches the feature on in Custom
// features, sets "days" so that the demo's past bookings are due, reads the dry run (counts
// equal the API's preview), places a legal hold on a client found by name (listed by name
// with its reason, the counts drop), lifts it; unpaused, the hourly job erases what was counted and the run
// history shows it; the panel in Traditional Chinese.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAtrium, launchBrowser, newPage, screenshot, signIn, apiSession } from "./support/atrium.mjs";

let atrium, browser, owner;

before(async () => {
  atrium = await startAtrium({ set: { "jobs.tickSeconds": 1 } }); // the purge job runs within a second of being due
  browser = await launchBrowser();
  owner = await apiSession(atrium, "owner");
});
after(async () => {
  await browser?.close();
  await atrium?.stop();
});

const preview = async () => {
  const r = await owner.call("GET", "/api/v1/plugins/delete_history/preview");
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const counts = (p) => new RegExp(`${p.bookings} bookings? and ${p.clients} clients? would be erased now`);

test("switch delete_history on; the dry run counts the demo's due bookings; a legal hold is added and lifted", async () => {
  const page = await newPage(browser);
  await signIn(page, atrium);
  await page.goto(`${atrium.baseUrl}/app/#/settings/features`);
  const card = page.locator('[data-feature="delete_history"]');
  await card.getByRole("heading", { name: "Delete booking history" }).waitFor();
  await card.getByRole("switch").check();
  const panel = card.locator('.plugin-mount[data-plugin="delete_history"]');
  await panel.getByRole("heading", { name: "What would be erased now" }).waitFor();
  // Paused by default: the preview says so.
  await panel.getByText(/^Paused: nothing is deleted/).waitFor();

  // One day after they end: the demo's past bookings are due.
  await card.locator('input[name="days"]').fill("1");
  await card.getByRole("button", { name: "Save settings" }).click();
  await card.getByText("Settings saved.").waitFor();
  const due = await preview();
  assert.ok(due.bookings > 0, `the demo has past bookings: ${JSON.stringify(due)}`);
  const countsLine = card.locator(".dh-counts");
  await countsLine.filter({ hasText: counts(due) }).waitFor();
  assert.match(await countsLine.innerText(), /The oldest of them ended /);
  await card.getByRole("heading", { name: "Legal holds" }).waitFor();
  await card.getByText("No holds.").waitFor();
  await card.getByText(/No runs yet/).waitFor();
  await screenshot(page, "plugins-delete-history-1-preview");

  // A client whose past booking is due.
  const list = await owner.call("GET", "/api/v1/bookings?limit=50");
  const past = list.body.bookings.filter((b) => b.client_id && Date.parse(b.end) < Date.now() - 86400e3);
  assert.ok(past.length, "a past booking with a client");
  const clientId = past[0].client_id;
  const { name } = (await owner.call("GET", `/api/v1/clients/${clientId}`)).body.client;
  assert.ok(name, "the client has a name");

  // Refusals stay beside their field, in the panel's words.
  const form = card.locator("form.dh-hold-form");
  const clientField = form.getByLabel("Client", { exact: true });
  const searches = []; // the back office's client search, with the words in the body
  page.on("request", (r) => { if (r.url().endsWith("/api/v1/clients/search")) searches.push(r.postDataJSON()?.q); });
  await form.getByLabel("Reason", { exact: true }).fill("Dispute about invoice 2026-17");
  await clientField.fill(name.slice(0, 2));
  await form.getByRole("button", { name: "Add hold" }).click(); // typed, not picked
  await form.locator(".field:has(input[name='client']) .field-error")
    .filter({ hasText: "Search for the client by name and pick them from the list." }).waitFor();
  // a booking by its number: digits only, and one that exists
  await form.getByLabel("What to keep").selectOption("booking");
  await form.getByLabel("Booking number").fill("12ab");
  await form.getByRole("button", { name: "Add hold" }).click();
  await form.locator(".field-error").filter({ hasText: "Enter the number (digits only)." }).waitFor();
  await form.getByLabel("Booking number").fill("999999");
  await form.getByRole("button", { name: "Add hold" }).click();
  await form.locator(".field-error").filter({ hasText: "There is no booking with this number." }).waitFor();
  await form.getByLabel("What to keep").selectOption("client");
  assert.equal(await form.getByLabel("Booking number").isVisible(), false);

  // The client, found by name as it is typed and picked from the list.
  const typed = name.slice(0, Math.max(3, name.indexOf(" ")));
  const answered = page.waitForResponse((r) => r.url().endsWith("/api/v1/clients/search") && r.request().postDataJSON()?.q === typed);
  await clientField.fill(typed);
  await answered;
  const option = form.getByRole("button", { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
  await option.first().click();
  await form.getByText(`Chosen: ${name}`).waitFor();
  assert.ok(searches.includes(typed), `searched for what was typed: ${JSON.stringify(searches)}`);
  assert.equal(await clientField.inputValue(), name);

  // The plugin's 422 names its field ("reason", "client_id"): the message goes beside that input.
  const holdsUrl = `${atrium.baseUrl}/api/v1/plugins/delete_history/holds`;
  const refuse = (field, message) => page.route(holdsUrl, (r) => r.request().method() === "POST"
    ? r.fulfill({ status: 422, json: { error: { code: "invalid", message, field } } }) : r.continue());
  await refuse("reason", "Say why in words.");
  await form.getByRole("button", { name: "Add hold" }).click();
  await form.locator(".field:has(textarea[name='reason']) .field-error").filter({ hasText: "Say why in words." }).waitFor();
  await page.unroute(holdsUrl);
  await refuse("client_id", "That client is not one of this business's clients.");
  await form.getByRole("button", { name: "Add hold" }).click();
  await form.locator(".field:has(input[name='client']) .field-error").filter({ hasText: "That client is not one of this business's clients." }).waitFor();
  await page.unroute(holdsUrl);

  await form.getByRole("button", { name: "Add hold" }).click();
  await card.getByRole("status").filter({ hasText: `Hold on ${name} added.` }).waitFor();
  const row = card.locator(`tr[data-hold="client:${clientId}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Dispute about invoice 2026-17/);
  assert.equal(await row.getByRole("link", { name }).getAttribute("href"), `#/clients/${clientId}`);
  assert.doesNotMatch(await row.innerText(), new RegExp(`Client ${clientId}\\b`));
  const held = await preview();
  assert.ok(held.bookings < due.bookings, `the hold keeps the client's bookings out: ${JSON.stringify({ due, held })}`);
  await countsLine.filter({ hasText: counts(held) }).waitFor();
  const api = await owner.call("GET", "/api/v1/plugins/delete_history/holds");
  assert.deepEqual(api.body.holds.map((h) => [h.key, h.reason, h.client_id, h.client_name]),
    [[`client:${clientId}`, "Dispute about invoice 2026-17", clientId, name]]);
  await screenshot(page, "plugins-delete-history-2-hold");

  await row.getByRole("button", { name: `Lift the hold on ${name}` }).click();
  await card.getByText("No holds.").waitFor();
  await countsLine.filter({ hasText: counts(due) }).waitFor();
  assert.deepEqual((await owner.call("GET", "/api/v1/plugins/delete_history/holds")).body.holds, []);

  // Unpaused, and switched off and on (the hourly job is scheduled at the next tick when the
  // feature is switched on): the run erases what the preview counted; the history shows it.
  await card.getByLabel("Paused: preview only, nothing is deleted").uncheck();
  await card.getByRole("button", { name: "Save settings" }).click();
  await card.getByText("Settings saved.").waitFor();
  await card.getByText(/^On: what is due is erased every hour\./).waitFor();
  await card.getByRole("switch").uncheck();
  await card.locator(".badge", { hasText: "Off" }).waitFor();
  await card.getByRole("switch").check();
  await card.getByRole("heading", { name: "Last runs" }).waitFor();
  const runRow = card.locator(".dh-runs tbody tr").first();
  for (let i = 0; i < 40 && !(await runRow.count()); i++) {
    await page.waitForTimeout(250);
    await card.getByRole("button", { name: "Refresh", exact: true }).click();
  }
  const cells = await runRow.locator("td").allInnerTexts();
  assert.deepEqual(cells.slice(1), [String(due.bookings), String(due.clients), "everything due was erased"]);
  // the preview is fetched beside the runs: it may have been read just before the run's last batch
  await card.getByRole("button", { name: "Refresh", exact: true }).click();
  await card.getByText("Nothing would be erased now.").waitFor();
  const runs = (await owner.call("GET", "/api/v1/plugins/delete_history/runs")).body.runs;
  assert.equal(runs.length, 1);
  assert.equal(runs[0].bookings, due.bookings);
  await screenshot(page, "plugins-delete-history-3-run");

  // The panel's strings come from the manifest in the page's language.
  await page.getByRole("combobox", { name: "Language" }).selectOption("zh-TW");
  const zh = page.locator('.plugin-mount[data-plugin="delete_history"]');
  await zh.getByRole("heading", { name: "目前會被刪除的資料" }).waitFor();
  await zh.getByRole("heading", { name: "法律保留" }).waitFor();
  assert.equal(await zh.locator(".dh-counts").innerText(), "目前沒有需要刪除的資料。");
  await zh.getByRole("cell", { name: "到期資料已全部刪除" }).waitFor();
  await screenshot(page, "plugins-delete-history-4-zh-TW");
});
