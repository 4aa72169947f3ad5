// Installation admin (/admin/): sign-in without a business, the installation's plugins
// (state, load errors, offering and safe mode), businesses, and health.
import { api, setCsrf, el, replace, t, loadStrings, pickLocale, ApiError } from "/static/core/atrium.js";
import { languageSwitcher, keepingInput, pageHead, fatal, focusHeading } from "/static/app/ui.js";
import { renderLogin } from "/static/app/login.js";
import { renderPlugins, renderBusinesses, renderHealth } from "./admin-pages.js";

const AREAS = ["core", "app", "admin"];
const ROUTES = [
  { path: "/", nav: "admin.nav.plugins", render: renderPlugins },
  { path: "/businesses", nav: "admin.nav.businesses", render: renderBusinesses },
  { path: "/health", nav: "admin.nav.health", render: renderHealth },
];
const state = { me: null };
const header = el("header", { class: "topbar" });
const nav = el("nav", { class: "mainnav" });
const main = el("main", { id: "main", tabindex: "-1" });

const isAdmin = () => state.me?.user?.role === "installation_admin";
const path = () => (location.hash.replace(/^#/, "") || "/");

function chrome() {
  replace(header,
    el("a", { class: "skip", href: "#main", onclick: (e) => { e.preventDefault(); main.focus(); } }, t("app.skip")),
    el("span", { class: "brand" }, t("admin.title")),
    languageSwitcher(AREAS, async () => {
      await keepingInput(main, () => route());
      header.querySelector("select.lang")?.focus();
    }),
    state.me ? el("button", { type: "button", class: "link", onclick: signOut }, t("app.signOut")) : null);
  nav.setAttribute("aria-label", t("admin.nav.label"));
  nav.hidden = !isAdmin();
  replace(nav, el("ul", {}, ROUTES.map((r) => el("li", {}, el("a", { href: `#${r.path}`, "aria-current": path() === r.path ? "page" : null }, t(r.nav))))));
}

async function loadMe() { state.me = await api("GET", "/api/v1/me"); setCsrf(state.me.csrf_token); }

async function restore() {
  try { await loadMe(); } catch { state.me = null; }
}

async function signOut() {
  try { await api("POST", "/api/v1/auth/logout"); } catch { /* already gone */ }
  state.me = null; setCsrf(null); route();
}

// Each route() renders into a fresh container: a slower earlier page finishing later is ignored.
let generation = 0;

async function route({ focus = false } = {}) {
  const mine = ++generation;
  chrome();
  const view = el("div", { class: "view" });
  replace(main, view);
  if (!state.me || state.me.user.must_change_password) {
    document.title = t("admin.title");
    // a /me that fails right after sign-in is shown in the form's alert
    return renderLogin(view, { me: state.me, withBusiness: false, title: t("admin.signIn"), onSignedIn: async () => { await loadMe(); route(); } });
  }
  if (!isAdmin()) {
    return replace(view, el("section", { class: "card narrow" }, el("h1", {}, t("admin.title")), el("p", {}, t("admin.notAdmin")),
      el("a", { href: "/app/" }, t("admin.toApp"))));
  }
  const r = ROUTES.find((x) => x.path === path()) || ROUTES[0];
  document.title = `${t(r.nav)} · ${t("admin.title")}`;
  replace(view, el("p", { class: "loading" }, t("app.loading")));
  try { await r.render(view); }
  catch (e) {
    if (mine !== generation) return;
    if (e instanceof ApiError && e.status === 401) { state.me = null; return route(); }
    replace(view, pageHead(t("app.error")), el("p", { class: "alert", role: "alert" }, e.message));
  }
  if (mine === generation && focus) focusHeading(view);
}

(async () => {
  document.body.append(main);
  try {
    await restore();
    await loadStrings(AREAS, pickLocale());
  } catch (e) { return fatal(main, e); }
  main.before(header, nav);
  window.addEventListener("hashchange", () => route({ focus: true }));
  window.addEventListener("atrium:session-ended", () => { state.me = null; setCsrf(null); route(); });
  await route();
})();
