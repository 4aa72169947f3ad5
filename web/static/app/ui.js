// Small building blocks shared by the back office and the installation admin pages.
import { api, el, replace, t, locale, LOCALES, loadStrings, rememberLocale, showError } from "/static/core/atrium.js";

let uid = 0;
/// A unique id for label/input pairs.
export function nextId(prefix = "f") { uid += 1; return `${prefix}-${uid}`; }

/// A labelled form field: <div class="field"><label for>text</label>input [hint]</div>.
export function field(label, input, hint) {
  if (!input.id) input.id = nextId();
  const wrap = el("div", { class: "field" }, el("label", { for: input.id }, label), input);
  if (hint) {
    const h = el("p", { class: "hint", id: nextId("hint") }, hint);
    input.setAttribute("aria-describedby", h.id);
    wrap.append(h);
  }
  return wrap;
}

/// A checkbox with its label after it.
export function checkField(label, input, hint) {
  if (!input.id) input.id = nextId();
  const wrap = el("div", { class: "field check" }, input, el("label", { for: input.id }, label));
  if (hint) wrap.append(el("p", { class: "hint" }, hint));
  return wrap;
}

/// An empty, hidden role=alert box for showError().
export function alertBox() { return el("div", { class: "alert", role: "alert", hidden: true }); }

/// A polite status line for confirmations ("Saved").
export function statusLine() { return el("p", { class: "status", role: "status", "aria-live": "polite" }); }

/// Sets a short confirmation in a status line.
export function say(line, text) { replace(line, text ? el("span", {}, text) : null); }

/// Runs an async action for a form: disables its buttons meanwhile and shows errors in `box`.
export async function busy(form, box, fn) {
  const buttons = [...form.querySelectorAll("button")];
  buttons.forEach((b) => { b.disabled = true; });
  try { showError(box, null, form); return await fn(); }
  catch (e) {
    showError(box, e, form);
    if (e && e.status === 401 && e.code === "unauthorized") window.dispatchEvent(new Event("atrium:session-ended"));
    return undefined;
  }
  finally { buttons.forEach((b) => { b.disabled = false; }); }
}

/// A table: headers (strings) and rows (arrays of cells: strings or nodes).
export function table(headers, rows, caption) {
  return el("div", { class: "table-wrap", tabindex: "0" }, el("table", {},
    caption ? el("caption", {}, caption) : null,
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c) => el("td", {}, c)))))));
}

/// The language switcher: a labelled <select>; `onChange(locale)` after the strings are loaded.
export function languageSwitcher(areas, onChange) {
  const sel = el("select", { id: nextId("lang"), class: "lang" },
    LOCALES.map((l) => el("option", { value: l, selected: l === locale() }, t(`lang.${l}`))));
  sel.addEventListener("change", async () => {
    rememberLocale(sel.value);
    await loadStrings(areas, sel.value);
    onChange(sel.value);
  });
  return el("div", { class: "lang-switch" }, el("label", { for: sel.id }, t("lang.label")), sel);
}

/// "YYYY-MM-DD" of an instant in a time zone.
export function dateIn(timeZone, instant = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/// The zone's UTC offset ("+01:00") around noon of a local date.
export function offsetOf(timeZone, date) {
  const noon = new Date(`${date}T12:00:00Z`);
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(noon).find((p) => p.type === "timeZoneName")?.value || "GMT";
  const m = name.match(/GMT([+-]\d{2}):?(\d{2})?/);
  return m ? `${m[1]}:${m[2] || "00"}` : "Z";
}

/// The ISO time of local midnight starting `date` in the zone.
export function localMidnight(timeZone, date) {
  const off = offsetOf(timeZone, date);
  return `${date}T00:00:00${off === "Z" ? "Z" : off}`;
}

/// `date` plus `days` days ("YYYY-MM-DD").
export function addDays(date, days) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/// Downloads a JSON answer of the API as a file (fetch + Blob + object URL; nothing in a URL).
export async function download(path, fallbackName) {
  const res = await fetch(path, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch { /* not JSON */ }
    const { ApiError } = await import("/static/core/atrium.js");
    throw new ApiError(res.status, body);
  }
  const blob = await res.blob();
  const cd = res.headers.get("Content-Disposition") || "";
  const name = (cd.match(/filename="?([^";]+)"?/) || [])[1] || fallbackName;
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name, class: "hidden" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}

/// Fetches a list of pages of an API path lazily: returns the data or throws.
export const get = (path) => api("GET", path);

/// A page heading with optional actions on the right.
export function pageHead(title, ...actions) {
  return el("div", { class: "page-head" }, el("h1", {}, title), actions.length ? el("div", { class: "actions" }, actions) : null);
}

/// A link styled as a button.
export function linkButton(href, text, cls = "button") { return el("a", { href, class: cls }, text); }
