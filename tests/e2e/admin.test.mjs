// The installation admin (/admin/) in Chromium: sign-in without a business, the plugins
// list (two_factor and delete_history loaded), withdraw and offer again, businesses and health.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAtrium, launchBrowser, newPage, screenshot, apiSession } from "./support/atrium.mjs";

let atrium, browser, admin;

before(async () => {
  atrium = await startAtrium();
  browser = await launchBrowser();
  admin = await apiSession(atrium, "admin");
});
after(async () => {
  await browser?.close();
  await atrium?.stop();
});

async function adminSignIn(page) {
  await page.goto(`${atrium.baseUrl}/admin/`);
  await page.getByRole("heading", { level: 1, name: "Installation admin sign-in" }).waitFor();
  assert.equal(await page.getByLabel("Business", { exact: true }).count(), 0, "no business field");
  await page.getByLabel("Email", { exact: true }).fill(atrium.admin.email);
  await page.getByLabel("Password", { exact: true }).fill(atrium.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Plugins", exact: true }).waitFor();
}

const row = (page, id) => page.locator("tbody tr", { has: page.locator("code", { hasText: id }) });

test("admin sign-in: both first-party plugins are loaded and offered", async () => {
  const page = await newPage(browser);
  await adminSignIn(page);
  for (const id of ["two_factor", "delete_history"]) {
    await row(page, id).waitFor();
    assert.equal(await row(page, id).locator("[data-state]").getAttribute("data-state"), "active");
    assert.match(await row(page, id).innerText(), /Loaded, offered/);
  }
  await screenshot(page, "admin-plugins");

  // Withdraw delete_history, then offer it again.
  await row(page, "delete_history").getByRole("button", { name: "Withdraw" }).click();
  await row(page, "delete_history").getByRole("button", { name: "Offer" }).waitFor();
  await page.getByRole("status").filter({ hasText: "delete_history" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "plugin-action-delete_history", "focus stays on the row's button");
  let p = (await admin.call("GET", "/api/v1/admin/plugins")).body.plugins.find((x) => x.id === "delete_history");
  assert.equal(p.state, "disabled");
  await row(page, "delete_history").getByRole("button", { name: "Offer" }).click();
  await row(page, "delete_history").getByRole("button", { name: "Withdraw" }).waitFor();
  p = (await admin.call("GET", "/api/v1/admin/plugins")).body.plugins.find((x) => x.id === "delete_history");
  assert.equal(p.state, "active");
});

test("admin: businesses and health", async () => {
  const page = await newPage(browser);
  await adminSignIn(page);
  await page.getByRole("link", { name: "Businesses" }).click();
  await page.getByRole("heading", { level: 1, name: "Businesses" }).waitFor();
  await page.getByRole("cell", { name: "Demo Clinic" }).waitFor();
  await page.getByLabel("Short name").fill("north-clinic");
  await page.getByLabel("Name", { exact: true }).fill("North Clinic");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByRole("button", { name: "Create business" }).click();
  await page.getByRole("cell", { name: "North Clinic" }).waitFor();
  const list = (await admin.call("GET", "/api/v1/admin/businesses")).body.businesses;
  assert.equal(list.find((b) => b.slug === "north-clinic")?.time_zone, "Europe/Berlin");
  // A taken slug: the kernel's message beside the field.
  await page.getByLabel("Short name").fill("demo");
  await page.getByLabel("Name", { exact: true }).fill("Again");
  await page.getByRole("button", { name: "Create business" }).click();
  await page.locator(".field-error").waitFor();
  await screenshot(page, "admin-businesses");

  await page.getByRole("link", { name: "Health" }).click();
  await page.getByText("The server and its database are working.").waitFor();
  assert.match(await page.locator("pre.metrics").innerText(), /atrium_/);
  await screenshot(page, "admin-health");
});
