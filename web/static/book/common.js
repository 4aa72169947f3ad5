// Shared by the public pages (booking, manage, unsubscribe): language set-up and switcher,
// the business, and date helpers that work in the business's time zone.
import { api, el, replace, t, loadStrings, pickLocale, rememberLocale, LOCALES, locale, formatLocale, formatTime, TIME_STYLE } from "/static/core/atrium.js";
import { explain } from "/static/core/errors.js";
import { dateIn } from "/static/app/dates.js";

/// {slug, id} from /b/{slug} or /b/{slug}/manage/{id}.
export function pathParts() {
  const m = location.pathname.match(/^\/b\/([^/]+)(?:\/manage\/(\d+))?/);
  return { slug: m ? decodeURIComponent(m[1]) : null, id: m ? m[2] || null : null };
}

export const publicPath = (slug, rest = "") => `/api/v1/public/${encodeURIComponent(slug)}${rest}`;

/// Loads the strings for `businessLocale` (or the browser's / remembered choice), draws the
/// language switcher into #lang-switch and calls `rerender()` after every switch.
export async function setupLanguage(businessLocale, rerender, titleKey) {
  await loadStrings(["core", "book"], pickLocale(businessLocale));
  const box = document.getElementById("lang-switch");
  const draw = () => {
    if (titleKey) document.title = t(titleKey);
    replace(box, el("nav", { class: "lang", "aria-label": t("lang.label") },
      LOCALES.map((l) => el("button", {
        type: "button", lang: l, class: "link", "aria-pressed": String(l === locale()),
        onclick: async () => {
          if (l === locale()) return;
          rememberLocale(l);
          const q = new URLSearchParams(location.search);
          if (q.has("lang")) { q.delete("lang"); history.replaceState(null, "", location.pathname + (q.size ? "?" + q : "") + location.hash); }
          try {
            await loadStrings(["core", "book"], l);
          } catch (e) { // offline: say so at the top of the page, keep what is shown
            document.getElementById("main")?.prepend(el("p", { class: "notice error", role: "alert" }, explain(e)));
            return;
          }
          draw();
          rerender();
        },
      }, t("lang." + l)))));
  };
  draw();
}

/// Fatal page problem: replaces <main>'s content with a message (in English when even the
/// page's strings could not be loaded).
export function fatal(main, message) {
  const title = t("page.problem");
  replace(main, el("h1", {}, title === "page.problem" ? "Something went wrong" : title), el("p", { class: "notice error", role: "alert" }, message));
}

/// Runs a page's start-up; whatever it throws (the strings or the API unreachable) becomes
/// the fatal message instead of a blank page.
export function boot(main, start) {
  start().catch((e) => { console.warn(e); fatal(main, explain(e) || String(e)); });
}

export async function loadBusiness(slug) { return api("GET", publicPath(slug)); }

/// Says `text` through the page's one live region (#live, outside <main>, never redrawn),
/// once the new content is in place; a region made together with its text is often not read.
let announced = 0;
export function announce(text) {
  let live = document.getElementById("live");
  if (!live) { live = el("div", { id: "live", class: "visually-hidden", role: "status" }); document.body.append(live); }
  const n = ++announced;
  live.textContent = "";
  setTimeout(() => { if (n === announced) live.textContent = text; }, 100);
}

/// Moves keyboard and screen-reader focus to a freshly shown heading.
export function focusHeading(node) {
  const h = node.querySelector("h2") || node.querySelector("h1");
  if (h) { h.setAttribute("tabindex", "-1"); h.focus({ preventScroll: false }); }
}

// ---- dates: "YYYY-MM-DD" strings are calendar dates in the business's zone ----

export function todayIn(timeZone) {
  return dateIn(timeZone, new Date());
}

const utcOf = (ymd) => { const [y, m, d] = ymd.split("-").map(Number); return Date.UTC(y, m - 1, d); };

export function addDays(ymd, n) { return new Date(utcOf(ymd) + n * 86400000).toISOString().slice(0, 10); }

/// "Mon 30 Nov" in the page language.
export function dayLabel(ymd, opts = { weekday: "short", day: "numeric", month: "short" }) {
  return new Intl.DateTimeFormat(formatLocale(), { ...opts, timeZone: "UTC" }).format(new Date(utcOf(ymd)));
}

/// "09:45" ("上午9:45") for an instant, in the business's zone: as the back office writes it.
export function timeLabel(iso, timeZone) { return formatTime(iso, timeZone); }

/// "Monday 30 November 2026, 09:45" for an instant, in the business's zone.
export function whenLabel(iso, timeZone) {
  return new Intl.DateTimeFormat(formatLocale(), { timeZone, dateStyle: "full", timeStyle: TIME_STYLE }).format(new Date(iso));
}

/// A definition list from [[term, value], …] (null values skipped).
/// The business's address, phone and email (those it set) at the foot of the page, the phone
/// and email as links a phone can call or write to. Drawn again on every render (language).
export function contactFooter(business) {
  let foot = document.getElementById("business-contact");
  if (!foot) {
    foot = el("footer", { id: "business-contact", class: "contact" });
    document.getElementById("main").after(foot);
  }
  const b = business || {};
  const parts = [
    b.address ? el("p", { class: "address" }, b.address) : null,
    b.contact_phone ? el("p", {}, el("a", { href: `tel:${b.contact_phone.replace(/[^+0-9]/g, "")}` }, b.contact_phone)) : null,
    b.contact_email ? el("p", {}, el("a", { href: `mailto:${b.contact_email}` }, b.contact_email)) : null,
  ].filter(Boolean);
  replace(foot, parts.length ? [el("h2", { class: "visually-hidden" }, t("contact.title", { business: b.name })), el("p", { class: "brand" }, b.name), ...parts] : null);
  foot.hidden = !parts.length;
}

export function facts(rows) {
  return el("dl", { class: "facts" }, rows.filter((r) => r[1] !== null && r[1] !== undefined && r[1] !== "")
    .flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}
