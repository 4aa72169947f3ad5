// Small building blocks shared by the back office and the installation admin pages.
import { api, el, replace, t, locale, LOCALES, loadStrings, rememberLocale, showError, networkError, ApiError } from "/static/core/atrium.js";
import { dateIn, offsetOf, localMidnight, addDays } from "./dates.js";

export { dateIn, offsetOf, localMidnight, addDays };

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

// The alert boxes busy() has shown an error in, with their forms: a new action on the same
// page (or in the same dialog) clears the others, so no stale error stays beside another
// form's result.
const shownErrors = new Map();
const scopeOf = (node) => (node && node.closest("dialog, .view")) || document.body;

function clearOtherErrors(form, box) {
  const scope = scopeOf(form);
  for (const [b, f] of [...shownErrors]) {
    if (!b.isConnected) { shownErrors.delete(b); continue; }
    if (b === box || scopeOf(b) !== scope) continue;
    showError(b, null, f.isConnected ? f : null);
    shownErrors.delete(b);
  }
}

/// Runs an async action for a form: disables its buttons meanwhile and shows errors in `box`.
/// Errors an earlier action left in other forms of the same page are cleared first.
export async function busy(form, box, fn) {
  const buttons = [...form.querySelectorAll("button")];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    clearOtherErrors(form, box);
    showError(box, null, form);
    shownErrors.delete(box);
    return await fn();
  } catch (e) {
    showError(box, e, form); // a 401 "unauthorized" has already sent the page back to sign-in (core api())
    shownErrors.set(box, form);
    return undefined;
  }
  finally { buttons.forEach((b) => { b.disabled = false; }); }
}

/// A destructive action asks first, in place: `trigger` (the button that was pressed) is
/// hidden and a group "question [yes] [no]" takes its place, focus on the harmless [no].
/// [no] or Escape puts the button back and focuses it; [yes] runs `run()` (which usually
/// redraws; when the group is still there afterwards, e.g. the action failed, the button
/// comes back). Pressing the trigger again while it asks does nothing more.
export function confirmFirst(trigger, { question, yes, no = t("confirm.keep"), run }) {
  if (trigger.hidden) return;
  const q = el("span", { class: "confirm-q", id: nextId("confirm") }, question);
  const back = () => {
    if (!panel.isConnected) return;
    const hadFocus = panel.contains(document.activeElement);
    panel.remove();
    trigger.hidden = false;
    if (hadFocus || document.activeElement === document.body) trigger.focus();
  };
  const keep = el("button", { type: "button", class: "confirm-no", onclick: back }, no);
  const go = el("button", { type: "button", class: "danger solid confirm-yes", onclick: async () => {
    await run();
    back();
  } }, yes);
  const panel = el("div", { class: "confirm", role: "group", "aria-labelledby": q.id,
    onkeydown: (e) => { if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); back(); } } }, q, go, keep);
  trigger.hidden = true;
  trigger.after(panel);
  keep.focus();
}

/// A table: headers (strings) and rows (arrays of cells: strings or nodes).
/// The wrapper scrolls sideways on narrow screens: a named region, reachable by keyboard.
export function table(headers, rows, caption) {
  return el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption || t("app.tableRegion") }, el("table", {},
    caption ? el("caption", {}, caption) : null,
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c) => el("td", {}, c)))))));
}

/// The language switcher: a labelled <select>; `onChange(locale)` after the strings are loaded.
/// Runs `redraw()` (a language switch redraws the page) and puts back what was typed or
/// chosen in `root`'s named fields into the new fields of the same name, so a form being
/// filled survives. Passwords are not carried over. Restored fields get the events a user's
/// input would fire, in page order, so the page's own reactions (e.g. a dependent list) run.
export async function keepingInput(root, redraw) {
  const fields = () => [...root.querySelectorAll("input[name], textarea[name], select[name]")]
    .filter((f) => !["password", "hidden", "file", "submit", "button"].includes(f.type));
  const key = (f) => (f.type === "radio" || f.type === "checkbox") && f.value !== "on" ? `${f.name}=${f.value}` : f.name;
  const saved = new Map();
  for (const f of fields()) {
    if (f.type === "radio" || f.type === "checkbox") {
      if (f.checked !== f.defaultChecked) saved.set(key(f), f.checked);
    } else if (f.tagName === "SELECT" ? [...f.options].some((o) => o.selected !== o.defaultSelected) : f.value !== f.defaultValue) {
      if (!saved.has(key(f))) saved.set(key(f), f.value);
    }
  }
  await redraw();
  if (!saved.size) return;
  for (const f of fields()) {
    const k = key(f);
    if (!saved.has(k)) continue;
    const v = saved.get(k);
    saved.delete(k); // the first field of that name only
    if (f.type === "radio" || f.type === "checkbox") {
      if (f.checked === v || f.disabled) continue;
      f.checked = v;
    } else {
      if (f.value === v || f.disabled || f.readOnly) continue;
      if (f.tagName === "SELECT" && ![...f.options].some((o) => o.value === v)) continue;
      f.value = v;
    }
    f.dispatchEvent(new Event(f.tagName === "SELECT" || f.type === "radio" || f.type === "checkbox" ? "change" : "input", { bubbles: true }));
  }
}

export function languageSwitcher(areas, onChange) {
  const sel = el("select", { id: nextId("lang"), class: "lang" },
    LOCALES.map((l) => el("option", { value: l, selected: l === locale() }, t(`lang.${l}`))));
  const problem = el("span", { class: "alert", role: "alert", hidden: true });
  sel.addEventListener("change", async () => {
    const chosen = sel.value;
    try {
      await loadStrings(areas, chosen);
    } catch (e) {
      sel.value = locale();
      problem.hidden = false;
      replace(problem, e.message || String(e));
      return;
    }
    rememberLocale(chosen);
    onChange(chosen);
  });
  return el("div", { class: "lang-switch" }, el("label", { for: sel.id }, t("lang.label")), sel, problem);
}

/// A page that cannot be shown at all (the strings or the session could not be loaded):
/// a heading and the message in an alert, in English when no strings are there.
export function fatal(main, error) {
  const s = (key, fallback) => { const v = t(key); return v === key ? fallback : v; };
  replace(main, el("h1", { tabindex: "-1" }, s("app.error", "Something went wrong")),
    el("p", { class: "alert", role: "alert" }, (error && error.message) || String(error)),
    el("p", {}, el("button", { type: "button", onclick: () => location.reload() }, s("app.retry", "Try again"))));
}

/// Focus back on `node` after a redraw (when it is still there and enabled), else on
/// `fallback` (given tabindex -1 when it is not focusable).
export function refocus(node, fallback) {
  if (node && node.isConnected && !node.disabled) { if (document.activeElement !== node) node.focus(); return; }
  const f = typeof fallback === "string" ? document.getElementById(fallback) : fallback;
  if (!f) return;
  if (!f.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(f.tagName)) f.setAttribute("tabindex", "-1");
  f.focus();
}

/// Moves focus to the h1 (else the first h2/h3) inside `node` after new content is in place.
export function focusHeading(node) {
  const h = node && (node.querySelector("h1") || node.querySelector("h2, h3"));
  if (!h) return;
  if (!h.hasAttribute("tabindex")) h.setAttribute("tabindex", "-1");
  h.focus({ preventScroll: false });
}

/// A pager that stays on the page: a live "1–25 of N" line and Previous / Next. `go(offset)`
/// loads a page; `run(form, box, fn)` runs a load through busy() (buttons of `form` and the
/// pager disabled meanwhile) where fn resolves {offset, count, total}, then updates the line
/// and keeps focus on the button used (the other one, or the line, when it became disabled).
export function pager(idPrefix, size, go) {
  const line = el("span", { class: "range", id: `${idPrefix}-range`, role: "status", "aria-live": "polite" });
  const state = { offset: 0, count: 0, total: 0 };
  const prev = el("button", { type: "button", id: `${idPrefix}-prev`, disabled: true, onclick: () => go(Math.max(0, state.offset - size)) }, t("paging.previous"));
  const next = el("button", { type: "button", id: `${idPrefix}-next`, disabled: true, onclick: () => go(state.offset + size) }, t("paging.next"));
  const node = el("div", { class: "pager" }, line, prev, next);
  const run = async (form, box, fn) => {
    const had = document.activeElement;
    const r = await busy(form, box, () => { prev.disabled = true; next.disabled = true; return fn(); });
    if (r) Object.assign(state, r);
    replace(line, t("bookings.range", { first: state.total ? state.offset + 1 : 0, last: state.offset + state.count, total: state.total }));
    prev.disabled = state.offset === 0;
    next.disabled = state.offset + state.count >= state.total;
    if (had === prev || had === next) refocus(had, had === prev ? (next.disabled ? line : next) : (prev.disabled ? line : prev));
  };
  return { node, run };
}

/// Downloads a JSON answer of the API as a file (fetch + Blob + object URL; nothing in a URL).
export async function download(path, fallbackName) {
  let res, blob;
  try {
    res = await fetch(path, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
    if (!res.ok) {
      let body = null;
      try { body = await res.json(); } catch { /* not JSON */ }
      throw new ApiError(res.status, body);
    }
    blob = await res.blob();
  } catch (e) { throw e instanceof ApiError ? e : networkError(); }
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
