// Back office entry: language, session restore, layout and hash routing (#/…).
import { api, setCsrf, el, replace, t, loadStrings, pickLocale, ApiError } from "/static/core/atrium.js";
import { languageSwitcher, keepingInput, fatal, focusHeading } from "./ui.js";
import { renderLogin } from "./login.js";
import { session } from "./session.js";

const AREAS = ["core", "app"];
const lazy = (file, name) => async (...args) => (await import(file))[name](...args);

/// Routes: pattern on the hash path, render(main, params), which roles see it.
const ROUTES = [
  { re: /^\/$/, render: lazy("./dashboard.js", "renderDashboard"), nav: "nav.dashboard", href: "#/" },
  { re: /^\/bookings$/, render: lazy("./bookings.js", "renderBookings"), nav: "nav.bookings", href: "#/bookings" },
  { re: /^\/bookings\/new$/, render: lazy("./booking-form.js", "renderNewBooking") },
  { re: /^\/bookings\/(\d+)$/, render: lazy("./booking-detail.js", "renderBooking") },
  { re: /^\/clients$/, render: lazy("./clients.js", "renderClients"), nav: "nav.clients", href: "#/clients" },
  { re: /^\/clients\/(\d+)$/, render: lazy("./client-detail.js", "renderClient") },
  { re: /^\/services$/, render: lazy("./services.js", "renderServices"), nav: "nav.services", href: "#/services" },
  { re: /^\/services\/(new)$/, render: lazy("./services.js", "renderService"), managers: true },
  { re: /^\/services\/(\d+)$/, render: lazy("./services.js", "renderService") },
  { re: /^\/staff$/, render: lazy("./staff.js", "renderStaff"), nav: "nav.staff", href: "#/staff" },
  { re: /^\/staff\/(new)$/, render: lazy("./staff-detail.js", "renderStaffMember"), managers: true },
  { re: /^\/staff\/(\d+)$/, render: lazy("./staff-detail.js", "renderStaffMember") },
  { re: /^\/settings\/features$/, render: lazy("./features.js", "renderFeatures"), nav: "nav.features", href: "#/settings/features", managers: true },
  { re: /^\/privacy$/, render: lazy("./privacy.js", "renderPrivacy"), nav: "nav.privacy", href: "#/privacy", managers: true },
  { re: /^\/account$/, render: lazy("./account.js", "renderAccount"), nav: "nav.account", href: "#/account" },
];

const header = el("header", { class: "topbar" });
const nav = el("nav", { class: "mainnav", "aria-label": "" });
const main = document.getElementById("main") || el("main", { id: "main", tabindex: "-1" }); // index.html holds it

function isManager() { return ["owner", "admin"].includes(session.me?.user?.role); }

function renderChrome() {
  const signedIn = !!session.me && !session.me.user.must_change_password;
  replace(header,
    el("a", { class: "skip", href: "#main", onclick: (e) => { e.preventDefault(); main.focus(); } }, t("app.skip")),
    el("span", { class: "brand" }, signedIn && session.me.business ? session.me.business.name : t("app.title")),
    languageSwitcher(AREAS, async () => { // a form being filled keeps what was typed
      await keepingInput(main, () => route());
      header.querySelector("select.lang")?.focus();
    }),
    signedIn ? el("button", { type: "button", class: "link", onclick: signOut }, t("app.signOut")) : null);
  nav.setAttribute("aria-label", t("nav.label"));
  nav.hidden = !signedIn;
  const here = currentPath();
  replace(nav, el("ul", {}, ROUTES.filter((r) => r.nav && (!r.managers || isManager())).map((r) => {
    const href = r.href;
    const active = here === href.slice(1) || (href !== "#/" && here.startsWith(href.slice(1) + "/"));
    return el("li", {}, el("a", { href, "aria-current": active ? "page" : null }, t(r.nav)));
  })));
}

function currentPath() { return (location.hash.replace(/^#/, "") || "/").split("?")[0]; }

async function signOut() {
  try { await api("POST", "/api/v1/auth/logout"); } catch { /* the session may be gone already */ }
  session.me = null; setCsrf(null);
  if (currentPath() !== "/") location.hash = "#/"; // the hashchange shows the sign-in form
  else route();
}

/// Loads the signed-in user (GET /api/v1/me); throws when it cannot.
async function loadMe() {
  session.me = await api("GET", "/api/v1/me");
  setCsrf(session.me.csrf_token);
}

/// On page load: the session of an earlier visit, if any.
async function restore() {
  try { await loadMe(); } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) console.warn("me", e.message);
    session.me = null;
  }
}

// Each route() renders into a fresh container inside <main>; a slower earlier page that
// finishes later writes into its own (detached) container and is ignored.
let generation = 0;
let shownTitle = null;

/// Shows the page of the hash. `focus`: move focus to its h1 once it is there (navigation).
export async function route({ focus = false } = {}) {
  const mine = ++generation;
  renderChrome();
  const view = el("div", { class: "view" });
  replace(main, view);
  if (!session.me || session.me.user.must_change_password || !session.me.business) {
    document.title = t("login.title") + " · Atrium";
    // a /me that fails right after sign-in is shown in the form's alert (busy() catches it)
    return renderLogin(view, { me: session.me, onSignedIn: async () => { await loadMe(); route(); } });
  }
  const path = currentPath();
  const r = ROUTES.find((x) => x.re.test(path)) || ROUTES[0];
  const params = path.match(r.re)?.slice(1) || [];
  if (r.managers && !isManager()) { // the menu hides it; a link or a typed address lands here
    document.title = t("app.managersOnly.title") + " · Atrium";
    replace(view, el("h1", {}, t("app.managersOnly.title")),
      el("p", { class: "notice", id: "managers-only" }, t("app.managersOnly.text")),
      el("p", {}, el("a", { href: "#/" }, t("app.managersOnly.back"))));
    shownTitle = document.title;
    if (focus) focusHeading(view);
    return;
  }
  replace(view, el("p", { class: "loading" }, t("app.loading")));
  try {
    await r.render(view, { params, session, reload: () => route(), isManager: isManager() });
  } catch (e) {
    if (mine !== generation) return;
    if (e instanceof ApiError && e.status === 401) { session.me = null; return route(); }
    replace(view, el("h1", {}, t("app.error")), el("p", { class: "alert", role: "alert" }, e.message || String(e)));
  }
  if (mine !== generation) { if (shownTitle) document.title = shownTitle; return; }
  shownTitle = document.title;
  if (focus) focusHeading(view);
}

async function boot() {
  if (!main.isConnected) document.body.append(main);
  try {
    await restore();
    await loadStrings(AREAS, pickLocale(session.me?.business?.locale));
  } catch (e) { return fatal(main, e); }
  main.before(header, nav);
  window.addEventListener("hashchange", () => route({ focus: true }));
  // A session that ended (idle or absolute timeout) while a form was in use: back to sign-in.
  window.addEventListener("atrium:session-ended", () => { session.me = null; setCsrf(null); route(); });
  await route();
}

boot();
