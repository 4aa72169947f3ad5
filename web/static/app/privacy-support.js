// Data & privacy panels for owners: support access codes, the audit log, and (for managers)
// the records of processing.
import { api, el, replace, t, formatDateTime, locale } from "/static/core/atrium.js";
import { field, alertBox, busy, table, download, statusLine, say, refocus, confirmFirst } from "./ui.js";
import { dataView, fieldLabel, known, loadNames, sourceName, settingLabel, plainText } from "./data-view.js";
import { zone, session } from "./session.js";

const when = (iso) => (iso ? formatDateTime(iso, zone()) : "—");

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

/// Who did it: a staff member's name as the audit log names them when read ("Staff #1" for one
/// no longer known), a feature's name, the server's command line, support or the installation's
/// admin by number.
function actorText(e, names) {
  const id = e.actor_id || "";
  switch (e.actor_kind) {
    case "staff": return e.actor_name || names.staff.get(id) || t("audit.numbered", { kind: t("audit.actorKind.staff"), id });
    case "plugin": return t("audit.byFeature", { name: sourceName(id, names) });
    case "cli": case "system": return known("audit.actorKind.", e.actor_kind);
    default: return id ? t("audit.numbered", { kind: known("audit.actorKind.", e.actor_kind), id }) : known("audit.actorKind.", e.actor_kind);
  }
}

/// What it was about: a person's or feature's name when known, else its kind and number.
function subjectText(e, names) {
  const id = e.subject_id || "";
  switch (e.subject_kind) {
    case "": case "none": case null: case undefined: return "—";
    case "staff": return names.staff.get(id) || t("audit.numbered", { kind: t("audit.subjectKind.staff"), id });
    case "plugin": return sourceName(id, names);
    case "service": return names.services.get(id) || t("audit.numbered", { kind: known("audit.subjectKind.", e.subject_kind), id });
    case "business": return session.me?.business?.name || t("audit.subjectKind.business");
    default: return id ? t("audit.numbered", { kind: known("audit.subjectKind.", e.subject_kind), id }) : known("audit.subjectKind.", e.subject_kind);
  }
}

/// The kernel's (and first-party features') actions in words; another feature's own action as
/// "<feature>: <action>"; anything else as stored.
function actionText(action, names) {
  const k = `audit.act.${action}`;
  const s = t(k);
  if (s !== k) return s;
  const dot = action.indexOf(".");
  const plugin = dot > 0 ? action.slice(0, dot) : "";
  if (plugin && names.plugins.has(plugin)) return t("audit.act.byFeature", { name: sourceName(plugin, names), action: action.slice(dot + 1).replace(/[._]/g, " ") });
  return action;
}

const HASH = /^[0-9a-f]{40,}$/i;
/// Details keys whose values are staff users' ids (the audit log answers their names).
const STAFF_IDS = new Set(["published_by", "provider_id", "staff_id", "user_id"]);
/// Details keys whose values are codes with words of their own.
const CODES = { status: "booking.status.", role: "role.", channel: "channel.", template: "template.", locale: "lang." };

/// A detail's key in words: a language by its name, "…_us" (microseconds) as the time it names.
function detailLabel(k) {
  const lang = `lang.${k}`;
  return t(lang) !== lang ? t(lang) : fieldLabel(k.replace(/_us$/, ""));
}

/// One detail's value: an {old, new} change as "old → new", times in the business's zone
/// (…_us: microseconds), long hashes shortened (the raw entry has them).
function detailValue(key, v, e, names) {
  const word = (x) => {
    if (typeof x !== "string") return plainText(x);
    if (STAFF_IDS.has(key)) return names.staff.get(x) || t("audit.numbered", { kind: t("audit.subjectKind.staff"), id: x });
    return CODES[key] ? known(CODES[key], x) : plainText(x);
  };
  if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 2 && "old" in v && "new" in v)
    return JSON.stringify(v.old) === JSON.stringify(v.new) ? word(v.new) : `${word(v.old)} → ${word(v.new)}`;
  if (key === "changed" && Array.isArray(v)) return v.map((k) => fieldLabel(String(k))).join(", ");
  if (STAFF_IDS.has(key) || CODES[key]) return word(v);
  if (key === "service_id" && typeof v === "string") return names.services.get(v) || v;
  if (v && typeof v === "object" && !Array.isArray(v))
    return Object.keys(v).length ? Object.entries(v).map(([k, y]) => `${detailLabel(k)}: ${detailValue(k, y, e, names)}`).join("; ") : "—";
  if (/_us$/.test(key) && typeof v === "number") return formatDateTime(new Date(Math.floor(v / 1000)).toISOString(), zone());
  if (typeof v === "string" && HASH.test(v)) return `${v.slice(0, 12)}…`;
  if (key === "scope" && typeof v === "string") return known("support.scope.", v);
  if ((key === "second_factor" || key === "plugin") && typeof v === "string") return sourceName(v, names);
  return plainText(v);
}

/// A feature's settings change ({old, new}) as one line per setting that changed, by the
/// feature's own labels: "Days after a booking ends: 30 → 45"; the first settings as they were set.
function settingsLines(e, change, names) {
  const label = (k) => settingLabel(e.subject_id, k, names);
  const { old: before, new: after } = change;
  if (!after || typeof after !== "object") return [[t("field.config"), `${plainText(before)} → ${plainText(after)}`]];
  if (!before || typeof before !== "object") return Object.entries(after).map(([k, y]) => [label(k), plainText(y)]);
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => [label(k), `${plainText(before[k])} → ${plainText(after[k])}`]);
}

/// The detail lines of an entry: [label, value] pairs.
function detailLines(e, names) {
  const lines = [];
  for (const [k, v] of Object.entries(e.details)) {
    if (k === "config" && e.subject_kind === "plugin" && v && typeof v === "object" && "old" in v && "new" in v) lines.push(...settingsLines(e, v, names));
    else lines.push([detailLabel(k), detailValue(k, v, e, names)]);
  }
  return lines;
}

/// An entry's details as a short "label: value" list, the raw JSON in a <details> beneath.
function detailsCell(e, names) {
  const d = e.details;
  if (!d || typeof d !== "object" || !Object.keys(d).length) return "";
  return el("div", { class: "audit-details" },
    el("ul", { class: "pairs" }, detailLines(e, names).map(([k, v]) => el("li", {}, el("span", { class: "pair-key" }, `${k}:`), " ", v))),
    el("details", { class: "raw" }, el("summary", {}, t("audit.raw")),
      el("pre", {}, el("code", {}, JSON.stringify({ action: e.action, details: d }, null, 2)))));
}

export async function auditPanel(panel) {
  const PAGE = 50;
  const body = el("div", {});
  const line = statusLine();
  const box = alertBox();
  let before = null;
  const more = el("button", { type: "button" }, t("audit.older"));
  const names = await loadNames({ plugins: true, staff: true, services: true });
  const load = async () => {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (before) q.set("before", before);
    const r = await api("GET", `/api/v1/audit?${q}`);
    for (const [id, name] of Object.entries(r.staff_names || {})) names.staff.set(id, name);
    say(line, r.chain_intact ? t("audit.intact") : "");
    if (!r.chain_intact) { box.hidden = false; replace(box, t("audit.broken")); }
    body.append(table([t("audit.at"), t("audit.actor"), t("audit.action"), t("audit.subject"), t("audit.details")], r.entries.map((e) => [
      el("span", { class: "when" }, when(e.at)), actorText(e, names), actionText(e.action, names), subjectText(e, names), detailsCell(e, names)])));
    before = r.entries.length ? r.entries[r.entries.length - 1].id : before;
    more.hidden = r.entries.length < PAGE;
  };
  more.addEventListener("click", () => load().catch((e) => { box.hidden = false; replace(box, e.message); }));
  const dl = el("button", { type: "button", onclick: () => download("/api/v1/audit?download=1", "audit.json").catch((e) => { box.hidden = false; replace(box, e.message); }) }, t("audit.download"));
  replace(panel, el("h2", {}, t("privacy.tab.audit")), el("div", { class: "button-row" }, dl), line, box, body, more);
  await load();
}

export async function recordsPanel(panel) {
  const [r, names] = await Promise.all([api("GET", "/api/v1/privacy/records-of-processing"), loadNames({ plugins: true })]);
  const acts = r.activities || [];
  const heading = (a) => {
    const who = sourceName(a.source, names);
    const k = `records.subject.${a.subject}`;
    return a.subject && a.subject !== "none" && t(k) !== k ? t("records.heading", { source: who, subject: t(k) }) : who;
  };
  // in the page's language (the API answers in it); a feature that offers no translation is
  // shown in English, marked as such and said once
  const foreign = (a) => a.locale && a.locale !== locale();
  replace(panel, el("h2", {}, t("privacy.tab.records")), el("p", { class: "muted" }, t("records.intro")),
    acts.some(foreign) ? el("p", { class: "muted" }, t("records.english")) : null,
    acts.length ? acts.map((a) => el("section", { class: "card" },
      el("h3", {}, heading(a)),
      dataView(Object.fromEntries(Object.entries(a).filter(([k]) => !["source", "subject", "locale"].includes(k))),
        { names, section: "processing", textLocale: a.locale || "en" })))
      : el("p", { class: "empty" }, t("common.none")));
}
