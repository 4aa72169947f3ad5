// Shared support for Atrium's browser tests (node --test + playwright-core + Debian chromium).
//
//   import { startAtrium, launchBrowser, newPage, screenshot, signIn } from "./support/atrium.mjs";
//
// Environment (run.sh sets them from a build dir; defaults suit the snapshot in /tmp):
//   ATRIUM_BIN_DIR        directory with `atrium` and `atriumd`   (default <repo>/build/debug/kernel)
//   ATRIUM_PLUGINS_DIR    plugins.dir for both                     (default <repo>/build/debug/plugins)
//   ATRIUM_FIXTURE_PLUGINS_DIR  test fixture plugins (extraPlugins)  (default <repo>/build/debug/tests/fixtures/plugins/lib)
//   ATRIUM_WEB_ROOT       web.root                                 (default <repo>/web)
//   ATRIUM_E2E_WORK       where fresh data dirs go                 (default os.tmpdir())
//   ATRIUM_E2E_ARTIFACTS  screenshots                              (default <repo>/build/e2e-artifacts)
//   ATRIUM_CHROMIUM       the browser                              (default /usr/bin/chromium)
//   ATRIUM_E2E_KEEP=1     keep data dirs (and the server log in them) after stop()
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, openSync, closeSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "node:test";
import { chromium } from "playwright-core";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const env = (k, d) => process.env[k] || d;
const BIN_DIR = env("ATRIUM_BIN_DIR", path.join(REPO, "build", "debug", "kernel"));
const PLUGINS_DIR = env("ATRIUM_PLUGINS_DIR", path.join(REPO, "build", "debug", "plugins"));
const FIXTURE_PLUGINS_DIR = env("ATRIUM_FIXTURE_PLUGINS_DIR", path.join(REPO, "build", "debug", "tests", "fixtures", "plugins", "lib"));
const WEB_ROOT = env("ATRIUM_WEB_ROOT", path.join(REPO, "web"));
const WORK = env("ATRIUM_E2E_WORK", os.tmpdir());
export const ARTIFACTS = env("ATRIUM_E2E_ARTIFACTS", path.join(REPO, "build", "e2e-artifacts"));
const CHROMIUM = env("ATRIUM_CHROMIUM", "/usr/bin/chromium");

export const OWNER = { email: "owner.e2e@example.com", password: "correct horse battery 9" };
export const ADMIN = { email: "admin.e2e@example.com", password: "correct horse battery 9" };

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// A fresh Atrium: data dir, `atrium demo`, a known owner and installation admin, the features
/// in `enable` switched on for demo (`enable`: ["id"] or [{id, config}]), atriumd on a free port
/// (notify.publicUrl = its address; `set`: more {key: value} configuration for atriumd).
/// `extraPlugins`: ids of test fixture plugins (ATRIUM_FIXTURE_PLUGINS_DIR) installed next to the
/// first-party ones, in a plugins folder of this run's own.
export async function startAtrium({ enable = [], set = {}, extraPlugins = [] } = {}) {
  mkdirSync(WORK, { recursive: true });
  const dataDir = mkdtempSync(path.join(WORK, "atrium-e2e-"));
  let pluginsDir = PLUGINS_DIR;
  if (extraPlugins.length) {
    pluginsDir = path.join(dataDir, "plugins");
    mkdirSync(pluginsDir);
    for (const entry of readdirSync(PLUGINS_DIR)) symlinkSync(path.join(PLUGINS_DIR, entry), path.join(pluginsDir, entry));
    for (const id of extraPlugins) symlinkSync(path.join(FIXTURE_PLUGINS_DIR, `${id}.so`), path.join(pluginsDir, `${id}.so`));
  }
  const common = ["--data-dir", path.join(dataDir, "var"), "--set", `plugins.dir=${pluginsDir}`];
  /// Runs the CLI; the last argument may be {input: "stdin text"}. Returns stdout; throws
  /// (with stderr in the message) on a non-zero exit.
  const cli = (...args) => {
    const opts = args.length && typeof args[args.length - 1] === "object" ? args.pop() : {};
    try {
      return execFileSync(path.join(BIN_DIR, "atrium"), [...common, ...args], {
        cwd: dataDir, input: opts.input ?? "", encoding: "utf8", stdio: ["pipe", "pipe", "pipe"],
      });
    } catch (e) {
      throw new Error(`atrium ${args.join(" ")} failed (${e.status}): ${e.stderr || e.message}`);
    }
  };
  cli("demo");
  cli("user", "create", "--email", OWNER.email, "--name", "E2E Owner", "--role", "owner", "--business", "demo",
    { input: OWNER.password + "\n" });
  cli("user", "create", "--email", ADMIN.email, "--name", "E2E Admin", "--role", "installation_admin",
    { input: ADMIN.password + "\n" });
  for (const f of enable) {
    const { id, config } = typeof f === "string" ? { id: f } : f;
    cli("features", "enable", id, "--business", "demo", ...(config ? ["--config", JSON.stringify(config)] : []));
  }

  let proc, baseUrl, exited = null;
  const logFile = path.join(dataDir, "atriumd.log");
  for (let attempt = 0; attempt < 3 && !baseUrl; attempt++) {
    const port = await freePort();
    const log = openSync(logFile, "a");
    const url = `http://127.0.0.1:${port}`;
    const extra = Object.entries({ "notify.publicUrl": url, ...set }).flatMap(([k, v]) => ["--set", `${k}=${v}`]);
    proc = spawn(path.join(BIN_DIR, "atriumd"),
      [...common, "--set", `web.root=${WEB_ROOT}`, "--set", `http.port=${port}`, ...extra],
      { cwd: dataDir, stdio: ["ignore", log, log] });
    closeSync(log);
    exited = null;
    proc.on("exit", (code, sig) => { exited = { code, sig }; });
    for (let i = 0; i < 100 && !exited; i++) {
      try { if ((await fetch(url + "/healthz")).ok) { baseUrl = url; break; } } catch { /* not yet */ }
      await sleep(100);
    }
    if (!baseUrl && !exited) proc.kill("SIGKILL");
  }
  if (!baseUrl) throw new Error(`atriumd did not come up; log:\n${readFileSync(logFile, "utf8").slice(-3000)}`);

  const stop = async () => {
    if (!exited) {
      const done = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await Promise.race([done, sleep(5000)]);
      if (!exited) proc.kill("SIGKILL");
    }
    if (process.env.ATRIUM_E2E_KEEP !== "1") rmSync(dataDir, { recursive: true, force: true });
  };
  return { baseUrl, slug: "demo", owner: { ...OWNER }, admin: { ...ADMIN }, dataDir, logFile, cli, stop };
}

/// One HTTP request through node:http (not fetch): Node 18's fetch (Debian 12's nodejs) has no
/// Headers.getSetCookie, and its joined "set-cookie" value cannot be split reliably (Expires
/// holds a comma). Returns {status, headers (a Headers), setCookies (array), text}.
export function httpRequest(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (k !== "set-cookie") h.set(k, Array.isArray(v) ? v.join(", ") : String(v));
        }
        resolve({ status: res.statusCode, headers: h, setCookies: res.headers["set-cookie"] || [],
          text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("error", reject);
    if (body !== undefined) req.end(body); else req.end();
  });
}

/// JSON API calls as a signed-in user, outside the browser (for checks): returns
/// {call(method, path, body) -> {status, body}, csrf}.
export async function apiSession(atrium, who = "owner") {
  const cred = atrium[who];
  let cookie = "", csrf = null;
  const call = async (method, p, body) => {
    const headers = { Accept: "application/json", Origin: atrium.baseUrl };
    if (cookie) headers.Cookie = cookie;
    if (csrf && method !== "GET") headers["X-CSRF-Token"] = csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await httpRequest(atrium.baseUrl + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.setCookies;
    if (set.length) cookie = set.map((c) => c.split(";")[0]).join("; ");
    const text = res.text;
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = { raw: text }; }
    return { status: res.status, body: json, headers: res.headers };
  };
  const login = { email: cred.email, password: cred.password };
  if (who !== "admin") login.business = atrium.slug;
  const r = await call("POST", "/api/v1/auth/login", login);
  if (r.status !== 200) throw new Error(`login as ${who} failed: ${r.status} ${JSON.stringify(r.body)}`);
  csrf = r.body?.csrf_token ?? r.body?.csrf ?? null;
  return { call, get csrf() { return csrf; } };
}

/// The Debian chromium through playwright-core (never a downloaded browser).
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// Pages created by newPage() whose errors have not been checked yet; checked after each test.
const watched = new Set();

/// The errors a page has collected so far (page errors, console errors; CSP violations are
/// console errors). 4xx answers of /api/ calls are expected in error-path tests and ignored.
export function pageErrors(page) { return page.__atriumErrors || []; }

/// Throws when the page logged an error. newPage() pages are also checked after each test.
export function assertNoPageErrors(page) {
  const errs = pageErrors(page);
  if (errs.length) throw new Error(`page errors:\n  ${errs.join("\n  ")}`);
}

afterEach(() => {
  const pages = [...watched];
  watched.clear();
  for (const p of pages) assertNoPageErrors(p);
});

/// A page in a fresh browser context; any page error or console error fails the running test.
export async function newPage(browser, { locale = "en-GB", viewport = { width: 1280, height: 900 }, timezoneId } = {}) {
  const context = await browser.newContext({ locale, viewport, timezoneId });
  const page = await context.newPage();
  page.__atriumErrors = [];
  page.on("pageerror", (e) => page.__atriumErrors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const where = m.location()?.url || "";
    if (where.endsWith("/favicon.ico")) return; // the browser's own request, not the page's
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) && where.includes("/api/")) return;
    page.__atriumErrors.push(`console.error: ${m.text()}${where ? ` (${where})` : ""}`);
  });
  page.setDefaultTimeout(10000);
  watched.add(page);
  return page;
}

/// Full-page PNG into ARTIFACTS/<name>.png; returns the path.
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, "_")}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/// Signs in through the back office's login form (labels "Business", "Email", "Password",
/// button "Sign in") and waits for the dashboard's "Today" heading. who: "owner" | "admin".
export async function signIn(page, atrium, who = "owner") {
  const cred = atrium[who];
  await page.goto(atrium.baseUrl + "/app/");
  await page.getByLabel("Email", { exact: true }).waitFor(); // the form appears once the strings are loaded
  const business = page.getByLabel("Business", { exact: true });
  if (who !== "admin" && await business.count()) await business.fill(atrium.slug);
  await page.getByLabel("Email", { exact: true }).fill(cred.email);
  await page.getByLabel("Password", { exact: true }).fill(cred.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Today" }).waitFor();
}
