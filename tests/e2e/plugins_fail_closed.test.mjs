// A plugin that keeps failing (the throwing_hook test fixture, enabled for the demo) fails
// closed: anonymous bookings are refused, never let through; after the fault limit it is
// suspended for the demo only, still enabled there. The owner sees "Suspended after errors"
// on Custom features; the installation admin sees the suspension and the last fault, and
// lifts it with one button.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAtrium, launchBrowser, newPage, screenshot, signIn, apiSession, assertNoPageErrors } from "./support/atrium.mjs";

let atrium, browser, admin;

before(async () => {
  atrium = await startAtrium({ extraPlugins: ["throwing_hook"], enable: ["throwing_hook"] });
  browser = await launchBrowser();
  admin = await apiSession(atrium, "admin");
});
after(async () => {
  await browser?.close();
  await atrium?.stop();
});

async function bookAnonymously(n) {
  const base = `${atrium.baseUrl}/api/v1/public/demo`;
  const service = (await (await fetch(`${base}/services`)).json()).services.find((x) => x.name === "Consultation");
  const day = (d) => new Date(Date.now() + d * 86400e3).toISOString().slice(0, 10);
  const { slots } = await (await fetch(`${base}/slots?service=${service.id}&from=${day(1)}&to=${day(14)}`)).json();
  const answers = [];
  for (let i = 0; i < n; i++) {
    const slot = slots[i];
    const r = await fetch(`${base}/bookings`, { method: "POST", headers: { "Content-Type": "application/json", Origin: atrium.baseUrl,
      "X-Forwarded-For": `203.0.113.${i + 1}` },
      body: JSON.stringify({ service_id: service.id, provider_id: slot.provider_id, start: slot.start, locale: "en",
        client: { name: `Visitor ${i}`, email: `visitor${i}.e2e@example.com` } }) });
    answers.push({ status: r.status, body: await r.json() });
  }
  return answers;
}

test("a failing plugin never lets a booking through, is suspended for the demo, shown to the owner and lifted by the admin", async () => {
  const answers = await bookAnonymously(8);
  for (const a of answers) {
    assert.equal(a.status, 503, JSON.stringify(a.body));
    assert.equal(a.body.error.code, "unavailable");
    assert.doesNotMatch(JSON.stringify(a.body), /boom/);
  }
  let p = (await admin.call("GET", "/api/v1/admin/plugins")).body.plugins.find((x) => x.id === "throwing_hook");
  assert.equal(p.state, "suspended");
  assert.equal(p.suspended_businesses, 1);
  assert.equal(p.faults, 5, "not called after the suspension");
  assert.match(p.last_fault, /^booking\.validate@1: status 6: fixture boom/);

  // The owner: still on, "Suspended after errors", explained.
  const page = await newPage(browser);
  await signIn(page, atrium);
  await page.goto(`${atrium.baseUrl}/app/#/settings/features`);
  const card = page.locator('[data-feature="throwing_hook"]');
  await card.getByText("Suspended after errors", { exact: true }).waitFor();
  await card.getByText(/keeps protecting your business/).waitFor();
  assert.equal(await card.getByRole("switch").isChecked(), true);
  await screenshot(page, "plugins-fail-closed-1-owner");
  assertNoPageErrors(page);

  // The installation admin: the suspension and the last fault, and "Lift suspension".
  const adminPage = await newPage(browser);
  await adminPage.goto(`${atrium.baseUrl}/admin/`);
  await adminPage.getByLabel("Email", { exact: true }).fill(atrium.admin.email);
  await adminPage.getByLabel("Password", { exact: true }).fill(atrium.admin.password);
  await adminPage.getByRole("button", { name: "Sign in" }).click();
  const row = adminPage.locator("tbody tr", { has: adminPage.locator("code", { hasText: "throwing_hook" }) });
  await row.getByText("Suspended for some businesses").waitFor();
  await row.getByText(/Suspended after errors for 1 business/).waitFor();
  await row.getByText(/Last fault .*fixture boom/).waitFor();
  await screenshot(adminPage, "plugins-fail-closed-2-admin");
  await row.getByRole("button", { name: "Lift the suspension of" }).click();
  await row.getByText("Loaded, offered").waitFor();
  assertNoPageErrors(adminPage);

  p = (await admin.call("GET", "/api/v1/admin/plugins")).body.plugins.find((x) => x.id === "throwing_hook");
  assert.equal(p.suspended_businesses, 0);
  // Lifted: the next booking reaches the plugin again (and is refused again: it still throws).
  const again = await bookAnonymously(1);
  assert.equal(again[0].status, 503);
  p = (await admin.call("GET", "/api/v1/admin/plugins")).body.plugins.find((x) => x.id === "throwing_hook");
  assert.equal(p.faults, 6);
  await page.reload();
  await card.getByText("On", { exact: true }).waitFor();
});
