// Accessibility of the main pages, checked by axe-core (the WCAG 2.1 A and AA rules) in
// Chromium: the booking page at each step (with the terms step of an enabled plugin), the
// manage page, the back office's sign-in, Today, bookings, clients, Custom features (with
// the plugins' panels), My account, and the installation admin. Any violation fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { startAtrium, launchBrowser, newPage, signIn, apiSession } from "./support/atrium.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let atrium, browser;

before(async () => {
  atrium = await startAtrium({ enable: ["terms", "delete_history", "two_factor"] });
  browser = await launchBrowser();
  const owner = await apiSession(atrium, "owner");
  const texts = { summary: "Cancel up to 24 h before.", terms: "# Terms\n\nBe on time.", privacy: "We keep your name." };
  const published = await owner.call("POST", "/api/v1/plugins/terms/versions", { locales: { en: texts, "zh-TW": texts } });
  assert.equal(published.status, 201, JSON.stringify(published.body));
});
after(async () => {
  await browser?.close();
  await atrium?.stop();
});

/// Runs axe on the page as it is now; fails with every violation and its elements.
async function check(page, what) {
  await page.evaluate(axeSource); // through the DevTools protocol: the page's CSP does not apply
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const found = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join("\n      ")}`);
  assert.equal(found.length, 0, `${what}: ${found.length} accessibility violations\n  ${found.join("\n  ")}`);
}

test("the booking page, each step, and the manage page", async () => {
  const page = await newPage(browser);
  await page.goto(atrium.baseUrl + "/b/demo");
  await page.getByRole("heading", { name: "Choose a service" }).waitFor();
  await check(page, "service step");
  await page.getByRole("button", { name: /^Consultation/ }).click();
  await page.getByRole("heading", { name: "Choose who you would like to see" }).waitFor();
  await check(page, "provider step");
  await page.getByRole("button", { name: /^Anyone available/ }).click();
  await page.locator(".times button").first().waitFor();
  await check(page, "time step");
  await page.locator(".times button").first().click();
  await page.getByRole("heading", { name: "Your details" }).waitFor();
  await page.getByText("Cancel up to 24 h before.").waitFor(); // the terms plugin's step is in place
  await check(page, "details step with the terms step");
  await page.getByLabel("Name", { exact: true }).fill("Ada A11y");
  await page.getByLabel("Email", { exact: true }).fill("ada.a11y@example.com");
  await page.getByRole("checkbox", { name: /I have read and accept/ }).check();
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.getByRole("heading", { name: "You're booked" }).waitFor();
  await check(page, "confirmation");
  await page.getByRole("link", { name: "Manage this booking" }).click();
  await page.getByRole("button", { name: /Cancel/ }).first().waitFor();
  await check(page, "manage page");
});

test("the back office's main pages and the plugins' panels", async () => {
  const page = await newPage(browser);
  await page.goto(atrium.baseUrl + "/app/");
  await page.getByLabel("Email", { exact: true }).waitFor();
  await check(page, "sign-in");
  await signIn(page, atrium);
  await check(page, "Today");
  for (const [hash, heading] of [["#/bookings", "Bookings"], ["#/clients", "Clients"], ["#/settings/features", "Custom features"],
    ["#/account", "My account"]]) {
    await page.goto(atrium.baseUrl + "/app/" + hash);
    await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    await page.waitForLoadState("networkidle");
    await check(page, heading);
  }
});

test("the installation admin", async () => {
  const page = await newPage(browser);
  await page.goto(atrium.baseUrl + "/admin/");
  await page.getByLabel("Email", { exact: true }).waitFor();
  await check(page, "admin sign-in");
  await page.getByLabel("Email", { exact: true }).fill(atrium.admin.email);
  await page.getByLabel("Password", { exact: true }).fill(atrium.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Plugins", level: 1 }).waitFor();
  await page.waitForLoadState("networkidle");
  await check(page, "admin plugins");
});
