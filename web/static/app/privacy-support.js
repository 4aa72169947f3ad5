// Data & privacy panels for owners: support access codes, the audit log, and (for managers)
// the records of processing.
import { api, el, replace, t, formatDateTime } from "/static/core/atrium.js";
import { field, alertBox, busy, table, download, statusLine, say, refocus, confirmFirst } from "./ui.js";
import { dataView, fieldLabel } from "./data-view.js";
import { zone } from "./session.js";

const when = (iso) => (iso ? formatDateTime(iso, zone()) : "—");
/// A known code's words (`prefix` + code, e.g. audit.act.auth.login), else the code as stored.
const known = (prefix, code) => { const k = prefix + code; const s = t(k); return s === k ? code : s; };

export async function supportPanel(panel) {
  const { grants } = await api("GET", "/api/v1/support-codes");
  const box = alertBox();
  const scope = el("select", { name: "scope" }, ["read", "write"].map((s) => el("option", { value: s }, t(`support.scope.${s}`))));
  const minutes = el("input", { name: "minutes", type: "number", min: 1, max: 60, step: 1, value: 30 });
  const shown = el("div", { "aria-live": "polite" });
  const form = el("form", { class: "card", novalidate: true }, el("h3", {}, t("support.grant")), el("p", { class: "muted" }, t("support.intro")),
    el("div", { class: "grid" }, field(t("support.scope"), scope), field(t("support.minutes"), minutes, t("support.minutesHint"))),
    box, el("button", { type: "submit", class: "primary" }, t("support.grantButton")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const g = await api("POST", "/api/v1/support-codes", { scope: scope.value, minutes: Number(minutes.value) });
      await supportPanel(panel);
      const once = el("div", { class: "card", role: "status", tabindex: "-1" }, el("p", {}, t("support.codeOnce")),
        el("p", {}, el("code", { class: "code-once" }, g.code)), el("p", { class: "muted" }, t("support.expires", { at: when(g.expires_at) })));
      panel.prepend(once);
      once.focus(); // the form that was used is gone: focus on the code shown once
    });
  });
  const listBox = alertBox();
  const list = el("div", {});
  const rows = grants.map((g) => [g.id, t(`support.scope.${g.scope}`), el("span", { class: `badge status-${g.state}` }, t(`support.state.${g.state}`)),
    when(g.created_at), when(g.expires_at),
    ["active", "in_use"].includes(g.state) ? el("button", { type: "button", class: "danger", onclick: (ev) => confirmFirst(ev.currentTarget, {
      question: t(g.state === "in_use" ? "support.revokeQuestionInUse" : "support.revokeQuestion", { id: g.id }),
      yes: t("support.revokeYes"), no: t("support.revokeNo"),
      run: () => busy(list, listBox, async () => {
        await api("DELETE", `/api/v1/support-codes/${g.id}`);
        await supportPanel(panel);
        say(panel.querySelector("#support-list-status"), t("support.revoked"));
        refocus(null, panel.querySelector("#support-list-h"));
      }),
    }) }, t("support.revoke")) : ""]);
  replace(list, grants.length ? table(["#", t("support.scope"), t("support.stateLabel"), t("support.created"), t("support.expiresAt"), ""], rows) : el("p", { class: "empty" }, t("support.none")));
  const listStatus = statusLine();
  listStatus.id = "support-list-status";
  replace(panel, el("h2", {}, t("privacy.tab.support")), form, shown, el("h3", { id: "support-list-h" }, t("support.list")), listStatus, listBox, list);
}

export async function auditPanel(panel) {
  const PAGE = 50;
  const body = el("div", {});
  const line = statusLine();
  const box = alertBox();
  let before = null;
  const more = el("button", { type: "button" }, t("audit.older"));
  const load = async () => {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (before) q.set("before", before);
    const r = await api("GET", `/api/v1/audit?${q}`);
    say(line, r.chain_intact ? t("audit.intact") : "");
    if (!r.chain_intact) { box.hidden = false; replace(box, t("audit.broken")); }
    body.append(table([t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.subject"), t("audit.details")], r.entries.map((e) => [
      when(e.at), `${t(`audit.actorKind.${e.actor_kind}`)} ${e.actor_id || ""}`.trim(), known("audit.act.", e.action),
      e.subject_kind ? `${known("audit.subjectKind.", e.subject_kind)} ${e.subject_id || ""}`.trim() : "—",
      e.details && Object.keys(e.details).length ? JSON.stringify(e.details) : ""])));
    before = r.entries.length ? r.entries[r.entries.length - 1].id : before;
    more.hidden = r.entries.length < PAGE;
  };
  more.addEventListener("click", () => load().catch((e) => { box.hidden = false; replace(box, e.message); }));
  const dl = el("button", { type: "button", onclick: () => download("/api/v1/audit?download=1", "audit.json").catch((e) => { box.hidden = false; replace(box, e.message); }) }, t("audit.download"));
  replace(panel, el("h2", {}, t("privacy.tab.audit")), el("div", { class: "button-row" }, dl), line, box, body, more);
  await load();
}

export async function recordsPanel(panel) {
  const r = await api("GET", "/api/v1/privacy/records-of-processing");
  const acts = r.activities || [];
  replace(panel, el("h2", {}, t("privacy.tab.records")), el("p", { class: "muted" }, t("records.intro")),
    acts.length ? acts.map((a) => el("section", { class: "card" },
      el("h3", {}, `${a.source === "kernel" ? t("records.kernel") : a.source} · ${fieldLabel(a.subject || "")}`),
      dataView(Object.fromEntries(Object.entries(a).filter(([k]) => !["source", "subject"].includes(k)))))) : el("p", { class: "empty" }, t("common.none")));
}
