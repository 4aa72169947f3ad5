// Renders a privacy report (atrium.privacy.export/1) readably: objects as definition lists,
// arrays of objects as tables. Keys are shown through "field.<key>" strings when known; the
// report's codes (statuses, roles, channels, sources, template ids…) through their words in the
// page language, falling back to the code as stored; ids as the names the page knows (services,
// staff, features); weekdays as day names, minutes as HH:MM, times in the business's zone.
import { api, el, t, formatDateTime, formatMoney, pluginText } from "/static/core/atrium.js";
import { zone } from "./session.js";
import { table } from "./ui.js";
import { services as serviceList, staff as staffList } from "./lookups.js";

/// A known code's words (`prefix` + code, e.g. booking.status.confirmed), else the code as stored.
export function known(prefix, code) {
  if (code === null || code === undefined || code === "") return "—";
  const k = prefix + code;
  const s = t(k);
  return s === k ? String(code) : s;
}

export function fieldLabel(key) {
  key = key.replace(/_us$/, ""); // "accepted_at_us" is shown as the time it names
  const k = `field.${key}`;
  const s = t(k);
  return s === k ? key.replace(/_/g, " ") : s;
}

/// A "…_us" value (microseconds since the epoch, as plugins' records keep times) as a time.
const isMicros = (key, v) => /_us$/.test(key) && typeof v === "number" && Number.isFinite(v);
const microsText = (v) => formatDateTime(new Date(Math.floor(v / 1000)).toISOString(), zone());

/// The names the page can show for ids: features (plugin id -> its GET /api/v1/features entry,
/// with name and ui), services and staff (id -> name). A list that cannot be fetched (the role
/// may not read it, the network) leaves its ids as they are.
export async function loadNames({ plugins = true, services = false, staff = false } = {}) {
  const safe = async (fn) => { try { return (await fn()) || []; } catch { return []; } };
  const [features, svc, people] = await Promise.all([
    plugins ? safe(async () => (await api("GET", "/api/v1/features")).features) : [],
    services ? safe(serviceList) : [],
    staff ? safe(staffList) : [],
  ]);
  return {
    plugins: new Map(features.map((f) => [f.id, f])),
    services: new Map(svc.map((s) => [String(s.id), s.name])),
    staff: new Map(people.map((s) => [String(s.id), s.display_name])),
  };
}

const noNames = { plugins: new Map(), services: new Map(), staff: new Map() };

/// "kernel" as Atrium's core, a plugin id as the feature's name in the page language when the
/// page knows it, else the id.
export function sourceName(id, names = noNames) {
  if (id === "kernel") return t("records.kernel");
  const f = names.plugins.get(id);
  if (!f) return id;
  const s = pluginText(f.ui, "name");
  return s === "name" ? f.name || id : s;
}

/// A feature's own label for one of its settings (its manifest's ui "config.<key>.label").
export function settingLabel(pluginId, key, names = noNames) {
  const f = names.plugins.get(pluginId);
  const k = `config.${key}.label`;
  const s = f ? pluginText(f.ui, k) : k;
  return s === k ? fieldLabel(key) : s;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/// Minutes after midnight as HH:MM (1440 is 24:00).
export function hhmm(min) {
  const m = Number(min);
  if (!Number.isFinite(m)) return String(min);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/// A calendar day (YYYY-MM-DD) in the page language, no time.
export function formatDay(day) {
  return formatDateTime(`${day}T12:00:00Z`, "UTC", { timeStyle: undefined });
}

/// Codes whose words depend only on their key; `source` and `action` depend on the section.
const ENUMS = {
  status: "booking.status.", from: "booking.status.", to: "booking.status.", role: "role.",
  channel: "channel.", category: "category.", template: "template.", actor_kind: "audit.actorKind.",
  weekday: "weekday.", locale: "lang.",
};
const BY_SECTION = {
  bookings: { source: "booking.source." },
  consents: { source: "consent.source.", action: "consent.action." },
  messages: { state: "message.state." },
};

/// Any value as short text: null as "—", yes/no, times in the business's zone, objects as
/// "key: value" pairs (never JSON).
export function plainText(v) {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
  if (Array.isArray(v)) return v.length ? v.map(plainText).join(", ") : "—";
  if (typeof v === "object") {
    const e = Object.entries(v);
    return e.length ? e.map(([k, x]) => `${fieldLabel(k)}: ${isMicros(k, x) ? microsText(x) : x && typeof x === "object" && !Array.isArray(x) ? `(${plainText(x)})` : plainText(x)}`).join("; ") : "—";
  }
  if (typeof v === "string" && ISO_TIME.test(v)) return formatDateTime(v, zone());
  return String(v);
}

/// One value of the report as text, by its key and the section it is in.
function scalar(key, v, section, names) {
  if (v === null || v === undefined || v === "") return "—";
  if (isMicros(key, v)) return microsText(v);
  const prefix = (BY_SECTION[section] || {})[key] || ENUMS[key];
  if (prefix && typeof v !== "object") return known(prefix, v);
  if (key === "source" && section === "processing") return sourceName(String(v), names);
  if (key === "plugin") return sourceName(String(v), names);
  if ((key === "id" || key === "booking_id") && typeof v !== "object") return `#${v}`;
  if (typeof v === "string" && ISO_DAY.test(v)) return formatDay(v);
  return plainText(v);
}

// The records of processing's texts are the server's (Atrium's and the features' own wording),
// in English unless `textLocale` says otherwise (the records page asks for the page's
// language): English is marked as such for screen readers on a page in another language.
const SERVER_TEXTS = new Set(["data", "purpose", "legal_basis", "recipients", "retention"]);
function cell(key, v, section, names, textLocale = "en") {
  const text = scalar(key, v, section, names);
  return section === "processing" && textLocale === "en" && SERVER_TEXTS.has(key) && typeof v === "string" ? el("span", { lang: "en" }, text) : text;
}

/// Rows of a table made friendlier before they are shown: price_cents + currency as one price,
/// service_id as the service's name.
function tidyRow(row, names) {
  const out = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === "currency" && "price_cents" in row) continue;
    if (k === "price_cents" && "currency" in row) out.price = v === null || v === undefined ? null : formatMoney(v, row.currency);
    else if (k === "service_id") out.service = names.services.get(String(v)) ?? (v ? `#${v}` : null);
    else out[k] = v;
  }
  return out;
}

/// Working hours as one row per day: "Monday", "09:00–13:00, 14:00–17:00".
function hoursRows(list) {
  const byDay = new Map();
  for (const h of list) {
    if (!byDay.has(h.weekday)) byDay.set(h.weekday, []);
    byDay.get(h.weekday).push(`${hhmm(h.start_min)}–${hhmm(h.end_min)}`);
  }
  return [...byDay].sort((a, b) => a[0] - b[0]).map(([d, iv]) => ({ day: known("weekday.", d), hours: iv.join(", ") }));
}

/// A node for any JSON value of a report. `opts`: {names} from loadNames() (ids shown as names),
/// `section` (the key the value is under), `depth` (heading level), `textLocale` (the language
/// of the server's own texts in it: "en" unless the answer says otherwise).
export function dataView(value, opts = {}) {
  const { names = noNames, section = null, depth = 0, textLocale = "en" } = opts;
  if (section === "working_hours" && Array.isArray(value) && value.every((h) => h && "weekday" in h)) value = hoursRows(value);
  if (Array.isArray(value)) {
    if (!value.length) return el("p", { class: "empty" }, t("common.none"));
    if (value.every((x) => x && typeof x === "object" && !Array.isArray(x))) {
      const rows = value.map((x) => tidyRow(x, names));
      const keys = [...new Set(rows.flatMap((x) => Object.keys(x)))];
      return table(keys.map(fieldLabel), rows.map((x) => keys.map((k) => cell(k, x[k], section, names, textLocale))));
    }
    return el("p", {}, value.map((x) => scalar("", x, section, names)).join(", "));
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (!entries.length) return el("p", { class: "empty" }, t("common.none"));
    const simple = entries.filter(([, v]) => !v || typeof v !== "object");
    const nested = entries.filter(([, v]) => v && typeof v === "object");
    const H = depth === 0 ? "h3" : "h4";
    // under "plugins" the keys are feature ids: headed by the feature's name
    const heading = (k) => (section === "plugins" ? sourceName(k, names) : fieldLabel(k));
    return el("div", { class: "data-view" },
      simple.length ? el("dl", { class: "kv" }, simple.flatMap(([k, v]) => [el("dt", {}, fieldLabel(k)), el("dd", {}, cell(k, v, section, names, textLocale))])) : null,
      nested.map(([k, v]) => el("section", {}, el(H, {}, heading(k)), dataView(v, { names, section: k, depth: depth + 1 }))));
  }
  return el("p", {}, scalar("", value, section, names));
}
