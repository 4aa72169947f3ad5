// The manage page /b/{slug}/manage/{id}#token=…: the booking, cancel (with a confirm step),
// reschedule (a new time of the same service), message choices and what enabled plugins add
// (manage_booking mounts). The token travels in the fragment, which browsers never send to
// a server; a link of the older form ?token=… is moved there, so a reload, a bookmark or a
// new tab keeps working and no server or proxy log ever sees it.
import { api, el, replace, t, mountPlugins } from "/static/core/atrium.js";
import { explain } from "/static/core/errors.js";
import { pathParts, publicPath, setupLanguage, loadBusiness, fatal, boot, focusHeading, announce, whenLabel, facts, contactFooter } from "./common.js";
import { cancelPanel, reschedulePanel } from "./manage-actions.js";
import { preferencesSection } from "./prefs.js";

const main = document.getElementById("main");
const { slug, id } = pathParts();
const query = new URLSearchParams(location.search);
const token = new URLSearchParams(location.hash.slice(1)).get("token") || query.get("token");
if (query.has("token")) { // keep only a language choice in the query; the token goes to the fragment
  const keep = query.get("lang") ? "?lang=" + encodeURIComponent(query.get("lang")) : "";
  history.replaceState(null, "", location.pathname + keep + "#token=" + encodeURIComponent(token));
}

const S = { business: null, booking: null, services: [], providers: [], panel: null, notice: null, fatal: null, badLink: false };
/// A call on this booking, the token in a header (never in a URL a server or proxy may log).
const call = (method, rest = "", body) =>
  api(method, publicPath(slug, `/bookings/${id}${rest}`), body, { headers: { "X-Manage-Token": token } });

function statusText(s) { return t("status." + s); }

function bookingFacts() {
  const b = S.booking, tz = b.time_zone || S.business.time_zone;
  const service = S.services.find((s) => s.id === String(b.service_id));
  const provider = S.providers.find((p) => p.id === String(b.provider_id));
  return facts([
    [t("summary.service"), service ? service.name : "#" + b.service_id],
    [t("summary.provider"), provider ? provider.display_name : null],
    [t("summary.time"), `${whenLabel(b.start, tz)} (${tz})`],
    [t("summary.status"), el("span", { class: "status-badge", id: "booking-status", "data-status": b.status }, statusText(b.status))],
  ]);
}

/// A link that is wrong, expired or of a booking that is gone: whose page this is and the way
/// to its booking page (nothing about any booking).
function badLink() {
  const name = S.business.name;
  document.getElementById("business-name").textContent = name;
  replace(main,
    el("h1", {}, t("manage.bad_title")),
    el("p", { class: "notice error", role: "alert" }, t("manage.bad_link")),
    el("p", {}, el("a", { class: "button", id: "to-booking-page", href: `/b/${encodeURIComponent(slug)}` }, t("manage.to_booking_page", { business: name }))));
}

function render(moveFocus) {
  if (S.badLink) return badLink();
  if (S.fatal) return fatal(main, S.fatal());
  const b = S.booking;
  document.getElementById("business-name").textContent = S.business.name;
  contactFooter(S.business);
  const ctx = {
    slug, business: S.business, booking: b, call, moving: { id, token },
    // Focus goes to the booking's heading; the notice is read through the page's live region.
    done: (booking, noticeKey) => { S.booking = booking; S.panel = null; S.notice = noticeKey; render(true); announce(t(noticeKey)); },
    close: () => { S.panel = null; render(true); },
  };
  const actions = b.status === "confirmed" && !S.panel
    ? el("div", { class: "actions" },
      el("button", { type: "button", class: "secondary", onclick: () => { S.panel = "reschedule"; S.notice = null; render(true); } }, t("manage.reschedule")),
      el("button", { type: "button", class: "danger", onclick: () => { S.panel = "cancel"; S.notice = null; render(true); } }, t("manage.cancel")))
    : null;
  const plugins = el("div", { class: "plugin-steps" });
  replace(main,
    el("h1", {}, t("manage.title")),
    S.notice ? el("p", { class: "notice ok", id: "manage-notice" }, t(S.notice)) : null,
    el("section", { class: "card", "aria-labelledby": "booking-h" },
      el("h2", { id: "booking-h" }, t("manage.booking")),
      bookingFacts(),
      b.status !== "confirmed" ? el("p", { class: "muted" }, t("manage.not_changeable")) : null,
      actions,
      S.panel === "cancel" ? cancelPanel(ctx) : null,
      S.panel === "reschedule" ? reschedulePanel(ctx) : null),
    plugins,
    preferencesSection({ call }),
    el("p", {}, el("a", { href: `/b/${encodeURIComponent(slug)}` }, t("manage.book_again"))));
  mountPlugins("manage_booking", S.business.plugin_mounts, plugins, { business: S.business, booking: b, token });
  if (moveFocus) focusHeading(main.querySelector(".panel") || main);
}

async function start() {
  let business = null;
  try { business = await loadBusiness(slug); } catch { /* shown below */ }
  await setupLanguage(business?.locale, () => (S.booking || S.fatal || S.badLink) && render(false), "manage.title");
  S.business = business;
  if (!business) S.fatal = () => t("page.no_business");
  else if (!token || !id) S.badLink = true;
  else {
    try {
      const [res, sv, pr] = await Promise.all([call("GET"), api("GET", publicPath(slug, "/services")), api("GET", publicPath(slug, "/providers"))]);
      S.booking = res.booking; S.services = sv.services || []; S.providers = pr.providers || [];
    } catch (e) {
      if (e.status === 404 || e.status === 400) S.badLink = true; else S.fatal = () => explain(e); // 400: a token too long to be one
    }
  }
  render(false);
}

boot(main, start);
