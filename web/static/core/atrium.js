// Atrium pages' shared core (ES module, no build step). Every page imports it:
//   import { api, el, t, loadStrings, pickLocale, mountPlugins } from "/static/core/atrium.js";
// Rules every page keeps: DOM built with el()/textContent (never innerHTML with data),
// no inline script or style (the CSP forbids both), no personal data in URLs or browser
// storage (only the chosen language is remembered), CSRF header on every change.

import { formatMoneyIn } from "./money.js";

const state = { csrf: null, locale: "en", strings: {} };

/// An API answer that was not 2xx: status, code, message and field from the JSON error body.
export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || `HTTP ${status}`);
    this.status = status;
    this.code = err.code || "http_" + status;
    this.field = err.field || null;
  }
}

/// The server could not be reached (offline, connection refused): an ApiError with status 0 and
/// code "network", in the page language (English until the strings are loaded).
export function networkError() {
  const m = t("error.network");
  return new ApiError(0, { error: { code: "network", message: m === "error.network" ? "Could not reach the server. Check the connection and try again." : m } });
}

/// The CSRF token the session was given (from login or GET /api/v1/me).
export function setCsrf(token) { state.csrf = token || null; }

/// Calls the JSON API. Resolves with the parsed body (null for an empty one); rejects with
/// ApiError. Sends X-CSRF-Token on every method but GET/HEAD.
export async function api(method, path, body, opts = {}) {
  // the page language, so that the kernel and plugins (http.request@1 headers) answer in it;
  // opts.headers adds more (e.g. a manage link's X-Manage-Token, kept out of the URL)
  const headers = { Accept: "application/json", "Accept-Language": state.locale, ...(opts.headers || {}) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && method !== "HEAD" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
  let res, text;
  try {
    res = await fetch(path, {
      method, headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    text = await res.text();
  } catch (e) {
    if (e && e.name === "AbortError") throw e;
    throw networkError();
  }
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = { raw: text }; } }
  if (!res.ok) {
    const error = new ApiError(res.status, data);
    // the session is gone (idle or absolute timeout, signed out elsewhere): the back office
    // and the admin listen and go back to sign-in; the public pages have no session
    if (error.status === 401 && error.code === "unauthorized") window.dispatchEvent(new Event("atrium:session-ended"));
    throw error;
  }
  return data;
}

/// Builds an element: el("button", {class: "primary", onclick: fn, "aria-label": "x"}, "text", child).
/// Strings become text nodes; attributes starting with "on" become listeners; null/false are skipped.
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else if (k === "value") node.value = v;
    else if (k === "checked" || k === "disabled" || k === "selected" || k === "required") node[k] = !!v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/// `url` when it is safe to put in an href: http(s) anywhere, a same-origin path ("/…" but
/// not "//…"), or one of the extra `schemes` (e.g. ["otpauth:"]); otherwise null (show the
/// text instead).
export function safeHref(url, schemes = []) {
  if (typeof url !== "string" || !url) return null;
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" || schemes.includes(u.protocol) ? url : null;
  } catch { return null; }
}

/// Replaces the children of `node`.
export function replace(node, ...children) { node.replaceChildren(); for (const c of children.flat()) if (c) node.append(c); return node; }

export const LOCALES = ["en", "zh-TW"];

/// The page language: ?lang=, then the remembered choice, then the business's locale, then
/// the browser's languages; always one of LOCALES.
export function pickLocale(businessLocale) {
  const norm = (l) => (!l ? null : l.toLowerCase().startsWith("zh") ? "zh-TW" : l.toLowerCase().startsWith("en") ? "en" : null);
  const q = new URLSearchParams(location.search).get("lang");
  let remembered = null;
  try { remembered = localStorage.getItem("atrium.lang"); } catch { /* site data blocked: no memory, still works */ }
  return norm(q) || norm(remembered) || norm(businessLocale) ||
    (navigator.languages || []).map(norm).find(Boolean) || "en";
}

/// Remembers the user's language choice (the only thing the pages keep in the browser).
export function rememberLocale(locale) {
  try { localStorage.setItem("atrium.lang", locale); } catch { /* site data blocked */ }
}

/// Loads /static/i18n/<area>.<locale>.json (and English under it, for missing keys).
/// Nothing changes when a file cannot be fetched (it rejects, the page keeps its language).
export async function loadStrings(areas, locale) {
  const load = async (area, loc) => {
    let res;
    try { res = await fetch(`/static/i18n/${area}.${loc}.json`, { cache: "no-cache" }); } catch { throw networkError(); }
    return res.ok ? res.json() : {};
  };
  const strings = {};
  for (const area of [].concat(areas)) {
    Object.assign(strings, await load(area, "en"));
    if (locale !== "en") Object.assign(strings, await load(area, locale));
  }
  Object.assign(state.strings, strings);
  state.locale = locale;
  document.documentElement.lang = locale;
}

export function locale() { return state.locale; }

/// A UI string with {name} placeholders filled from `vars`; the key itself when missing.
export function t(key, vars) {
  const s = state.strings[key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

/// A plugin's UI string from its manifest's `ui` object (locale, then English, then key).
export function pluginText(ui, key) {
  return (ui && ui[state.locale] && ui[state.locale][key]) ?? (ui && ui.en && ui.en[key]) ?? key;
}

/// The locale dates and times are formatted in: the page language, except that an English
/// page follows the browser's first English locale (en-GB writes "30 Nov 2026, 09:00", plain
/// "en" is en-US). zh-TW stays zh-TW.
export function formatLocale() {
  if (state.locale !== "en") return state.locale;
  for (const l of navigator.languages || [navigator.language]) {
    if (typeof l !== "string" || !/^en(-|$)/i.test(l)) continue;
    try { if (Intl.DateTimeFormat.supportedLocalesOf([l]).length) return l; } catch { /* not a valid tag */ }
  }
  return "en";
}

/// How every page writes a time of day (booking, manage and back-office pages alike): the
/// locale's short time, "13:15" (en-GB), "1:15 PM" (en-US), "下午1:15" (zh-TW).
export const TIME_STYLE = "short";

/// Date and time in the business's zone, in the page language (formatLocale()).
export function formatDateTime(iso, timeZone, opts) {
  return new Intl.DateTimeFormat(formatLocale(), { timeZone, dateStyle: "medium", timeStyle: TIME_STYLE, ...opts }).format(new Date(iso));
}

/// A time of day in the business's zone, as formatDateTime writes it.
export function formatTime(iso, timeZone) {
  return new Intl.DateTimeFormat(formatLocale(), { timeZone, timeStyle: TIME_STYLE }).format(new Date(iso));
}

/// The month of a coarsened time (an erased client's or a purged booking: the API's
/// "coarsened"): only the month is true, so no day and no 00:00 ("November 2026",
/// "2026年11月"). The kernel coarsens to the first of the month in UTC: read it there.
export function formatMonth(iso) {
  return new Intl.DateTimeFormat(formatLocale(), { timeZone: "UTC", year: "numeric", month: "long" }).format(new Date(iso));
}

/// A price in the page language, with the currency's own symbol and decimals (core/money.js).
export function formatMoney(cents, currency) { return formatMoneyIn(state.locale, cents, currency); }

/// Mounts plugin page modules. `mounts`: [{plugin, slot, url, ui}] (ui optional). Each
/// module is imported once and its `mount(element, context)` called with a fresh <section>;
/// a module that fails to load or throws shows a short notice instead of breaking the page.
/// `base` is merged into each context: {business, booking, extra, …} as the page offers.
export async function mountPlugins(slot, mounts, container, base = {}) {
  const mounted = [];
  for (const m of (mounts || []).filter((x) => x.slot === slot)) {
    const section = el("section", { class: "plugin-mount", "data-plugin": m.plugin, "data-slot": slot });
    container.append(section);
    const ctx = {
      ...base, slot, pluginId: m.plugin, locale: state.locale, dateLocale: formatLocale(), api, el,
      /// Adds the plugin's own stylesheet /plugins/<id>/<file> to the page, once.
      stylesheet: (file) => {
        const id = `plugin-css-${m.plugin}-${file}`.replace(/[^\w-]/g, "_");
        if (!document.getElementById(id))
          document.head.append(Object.assign(document.createElement("link"), { id, rel: "stylesheet", href: `/plugins/${m.plugin}/${file}` }));
      },
      t: (key, vars) => { const s = pluginText(m.ui, key); return vars ? s.replace(/\{(\w+)\}/g, (x, k) => (k in vars ? String(vars[k]) : x)) : s; },
    };
    try {
      const mod = await import(m.url);
      await mod.mount(section, ctx);
      mounted.push({ plugin: m.plugin, section, mod });
    } catch (e) {
      console.error(`plugin ${m.plugin} (${slot})`, e);
      replace(section, el("p", { class: "notice error", role: "alert" }, t("plugin.failed", { plugin: m.plugin })));
    }
  }
  return mounted;
}

/// Shows an ApiError (or any error) once: beside the field it names inside `form` (marked
/// aria-invalid, focused, the message in its aria-describedby), else in `box` (an element with
/// role="alert").
/// The field's own aria-describedby (a hint) is kept: the message's id is added to it and the
/// original is restored when the error is cleared.
export function showError(box, error, form) {
  replace(box, null);
  box.hidden = true;
  let inline = false;
  if (form) {
    for (const f of form.querySelectorAll("[aria-invalid]")) f.removeAttribute("aria-invalid");
    for (const f of form.querySelectorAll("[data-described-by]")) {
      const orig = f.getAttribute("data-described-by");
      if (orig) f.setAttribute("aria-describedby", orig); else f.removeAttribute("aria-describedby");
      f.removeAttribute("data-described-by");
    }
    for (const m of form.querySelectorAll(".field-error")) m.remove();
    const name = error && error.field;
    const input = name && form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      const msg = el("span", { class: "field-error", id: `err-${name.replace(/\W/g, "_")}` }, error.message);
      const orig = input.getAttribute("aria-describedby") || "";
      input.setAttribute("data-described-by", orig);
      input.setAttribute("aria-describedby", `${orig} ${msg.id}`.trim());
      const holder = input.closest("label, .field");
      if (holder) holder.append(msg); else input.after(msg);
      input.focus(); // read out with its message (aria-describedby)
      inline = true;
    }
  }
  // one message per problem: beside the input it is about, else in the box
  if (error && !inline) {
    replace(box, el("span", {}, error.message || String(error)));
    box.hidden = false;
  }
}
