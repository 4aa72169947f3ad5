// Data & privacy: re-authentication first, then the data views of clients, staff and the
// company with JSON exports, client erasure, support access, the audit log and the records
// of processing. Nothing of it is cached (the server answers no-store).
import { api, el, replace, t } from "/static/core/atrium.js";
import { field, alertBox, busy, pageHead, download, statusLine, say, focusHeading } from "./ui.js";
import { privacyCall, reauthenticate, inPrivacyMode } from "./reauth.js";
import { dataView, loadNames } from "./data-view.js";
import { clientFinder } from "./booking-form.js";
import { staff as staffList } from "./lookups.js";
import { session } from "./session.js";

// The names the data views show for ids (features, services), fetched once per visit of the page.
let namesOnce = null;
const names = () => (namesOnce ||= loadNames({ plugins: true, services: true }));

export async function renderPrivacy(main, ctx) {
  namesOnce = null;
  document.title = t("privacy.title") + " · Atrium";
  const isOwner = session.me.user.role === "owner";
  const tabs = [
    ["clients", t("privacy.tab.clients"), clientsPanel],
    ["staff", t("privacy.tab.staff"), staffPanel],
    ["company", t("privacy.tab.company"), companyPanel],
    ...(isOwner ? [["support", t("privacy.tab.support"), (p) => import("./privacy-support.js").then((m) => m.supportPanel(p))],
      ["audit", t("privacy.tab.audit"), (p) => import("./privacy-support.js").then((m) => m.auditPanel(p))]] : []),
    ["records", t("privacy.tab.records"), (p) => import("./privacy-support.js").then((m) => m.recordsPanel(p))],
  ];
  const panel = el("div", { role: "tabpanel", id: "privacy-panel", tabindex: "-1" });
  // Each tab renders into a fresh container: a slower tab answering after a newer click
  // writes into its own detached container, never over the tab now shown.
  const buttons = tabs.map(([id, label, render]) => el("button", {
    type: "button", role: "tab", id: `tab-${id}`, "aria-controls": "privacy-panel", "aria-selected": "false",
    onclick: async (ev) => {
      for (const b of buttons) {
        b.setAttribute("aria-selected", String(b === ev.currentTarget));
        b.tabIndex = b === ev.currentTarget ? 0 : -1;
      }
      panel.setAttribute("aria-labelledby", `tab-${id}`);
      const view = el("div", {}, el("p", { class: "loading" }, t("app.loading")));
      replace(panel, view);
      try { await render(view); } catch (e) {
        replace(view, el("p", { class: "alert", role: "alert" }, e.message));
      }
    },
  }, label));
  const tablist = el("div", { role: "tablist", class: "tabs", "aria-label": t("privacy.title") }, buttons);
  tablist.addEventListener("keydown", (ev) => { // arrow keys, Home and End move between tabs
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[ev.key];
    if (next === undefined) return;
    ev.preventDefault();
    const b = buttons[(next + buttons.length) % buttons.length];
    b.focus(); b.click();
  });
  replace(main, pageHead(t("privacy.title")), el("p", { class: "muted" }, t("privacy.intro")));
  if (!inPrivacyMode()) {
    const retry = el("button", { type: "button", class: "primary", onclick: () => renderPrivacy(main, ctx) }, t("reauth.confirm"));
    try { await reauthenticate(); } catch { main.append(el("p", {}, t("reauth.needed")), retry); return; }
  }
  main.append(tablist, panel);
  buttons[0].click();
}

/// Two download buttons and the result line for an export path.
function exportButton(label, path, name) {
  const box = alertBox();
  const line = statusLine();
  const wrap = el("div", { class: "export" });
  const b = el("button", { type: "button", onclick: () => busy(wrap, box, async () => {
    const file = await privacyCall(() => download(path, name));
    say(line, t("privacy.downloaded", { file }));
  }) }, label);
  wrap.append(b, box, line);
  return wrap;
}

async function companyPanel(panel) {
  const [data, known] = await Promise.all([privacyCall(() => api("GET", "/api/v1/privacy/company")), names()]);
  replace(panel, el("h2", {}, t("privacy.tab.company")),
    el("div", { class: "button-row" },
      exportButton(t("privacy.exportCompany"), "/api/v1/privacy/company/export", "company.json"),
      exportButton(t("privacy.exportAll"), "/api/v1/privacy/export", "business.json")),
    dataView(strip(data), { names: known }));
}

async function staffPanel(panel) {
  const people = await staffList();
  const who = el("select", { name: "staff" }, people.map((s) => el("option", { value: s.id }, s.display_name)));
  const view = el("div", {});
  let seq = 0; // the answer for the person chosen last wins
  const show = async () => {
    const mine = ++seq;
    const id = who.value;
    try {
      const [data, known] = await Promise.all([privacyCall(() => api("GET", `/api/v1/privacy/staff/${id}`)), names()]);
      if (mine !== seq) return;
      replace(view, exportButton(t("privacy.exportStaff"), `/api/v1/privacy/staff/${id}/export`, `staff-${id}.json`), dataView(strip(data), { names: known }));
    } catch (e) {
      if (mine === seq) replace(view, el("p", { class: "alert", role: "alert" }, e.message));
    }
  };
  who.addEventListener("change", show);
  replace(panel, el("h2", {}, t("privacy.tab.staff")), field(t("privacy.pickStaff"), who), view);
  if (people.length) await show();
}

async function clientsPanel(panel) {
  const view = el("div", {});
  let seq = 0; // the answer for the client picked last wins
  const show = async (c) => {
    const mine = ++seq;
    const [data, known] = await Promise.all([privacyCall(() => api("GET", `/api/v1/privacy/clients/${c.id}`)), names()]);
    if (mine !== seq) return;
    replace(view, el("h3", {}, t("privacy.clientView", { name: data.profile?.name || t("client.noName") })),
      exportButton(t("privacy.exportClient"), `/api/v1/privacy/clients/${c.id}/export`, `client-${c.id}.json`),
      dataView(strip(data), { names: known }), erasure(c, data, () => { finder.reset(); return show(c); }));
    focusHeading(view); // the picked button is gone: focus goes to what it opened
  };
  const finder = clientFinder((c) => { const mine = seq + 1; show(c).catch((e) => { if (seq === mine) replace(view, el("p", { class: "alert", role: "alert" }, e.message)); }); });
  replace(panel, el("h2", {}, t("privacy.tab.clients")), el("p", { class: "muted" }, t("privacy.clientsIntro")), finder, view);
  finder.querySelector("button").click(); // lists the newest clients
}

/// The export header fields are the same in every report; show the data only.
function strip(data) {
  const { schema, kind, generated_at, business, subject, ...rest } = data || {};
  return rest;
}

function erasure(c, data, rerender) {
  if (data.profile && data.profile.erased_at) return el("p", { class: "notice" }, t("client.erased"));
  const word = t("privacy.eraseWord");
  const box = alertBox();
  const confirm = el("input", { name: "confirm", autocomplete: "off", spellcheck: "false" });
  const form = el("form", { class: "card danger-zone", novalidate: true },
    el("h3", {}, t("privacy.erase")), el("p", {}, t("privacy.eraseIntro")),
    field(t("privacy.eraseConfirm", { word }), confirm), box,
    el("button", { type: "submit", class: "danger solid" }, t("privacy.eraseButton")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      if (confirm.value.trim() !== word) throw Object.assign(new Error(t("privacy.eraseMismatch", { word })), { field: "confirm" });
      await privacyCall(() => api("POST", `/api/v1/privacy/clients/${c.id}/erase`, {}));
      await rerender();
    });
  });
  return form;
}
