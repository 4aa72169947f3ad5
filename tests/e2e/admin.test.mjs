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
  // it asks first, saying how many businesses use it; "Keep it" changes nothing
  await row(page, "delete_history").getByText(/^(No business uses it|\d+ businesses use it)/).waitFor();
  await row(page, "delete_history").getByRole("button", { name: "Keep it" }).click();
  assert.equal((await admin.call("GET", "/api/v1/admin/plugins")).body.plugins.find((x) => x.id === "delete_history").state, "active");
  await row(page, "delete_history").getByRole("button", { name: "Withdraw" }).click();
  await row(page, "delete_history").getByRole("button", { name: "Yes, withdraw" }).click();
  await row(page, "delete_history").getByRole("button", { name: "Offer" }).waitFor();
  await row(page, "delete_history").getByText("Withdrawn by an administrator").waitFor();
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
  await page.getByRole("cell", { name: "Demo Clinic", exact: true }).waitFor();
  await page.getByLabel("Short name").fill("north-clinic");
  await page.getByLabel("Name", { exact: true }).fill("North Clinic");
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByRole("button", { name: "Create business" }).click();
  await page.getByRole("cell", { name: "North Clinic", exact: true }).waitFor();
  const list = (await admin.call("GET", "/api/v1/admin/businesses")).body.businesses;
  assert.equal(list.find((b) => b.slug === "north-clinic")?.time_zone, "Europe/Berlin");
  // Nobody can sign in to it yet: give it an owner, who signs in with the one-time password.
  const north = page.getByRole("row").filter({ hasText: "North Clinic" });
  await north.getByText("None: nobody can sign in").waitFor();
  await north.getByRole("button", { name: "Add an owner to North Clinic" }).click();
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await page.getByLabel("Name", { exact: true }).first().fill("Nora Berg");
  await page.getByRole("button", { name: "Add owner", exact: true }).last().click();
  await page.locator(".field:has(input[name=email]) .field-error").waitFor();
  await page.getByLabel("Email", { exact: true }).fill("nora@north.example");
  await page.getByRole("button", { name: "Add owner", exact: true }).last().click();
  await page.getByRole("heading", { name: "Nora Berg now owns North Clinic" }).waitFor();
  const once = await page.locator("#owner-password").innerText();
  assert.ok(once.length >= 16, once);
  await screenshot(page, "admin-owner-added");
  const nora = await newPage(browser);
  const signedIn = await nora.request.post(`${atrium.baseUrl}/api/v1/auth/login`,
    { data: { business: "north-clinic", email: "nora@north.example", password: once } });
  assert.equal(signedIn.status(), 200);
  assert.equal((await signedIn.json()).user.must_change_password, true);
  await nora.context().close();
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
