// Renders a privacy report (atrium.privacy.export/1) readably: objects as definition lists,
// arrays of objects as tables. Keys are shown through "field.<key>" strings when known.
import { el, t, formatDateTime } from "/static/core/atrium.js";
import { zone } from "./session.js";
import { table } from "./ui.js";

export function fieldLabel(key) {
  const k = `field.${key}`;
  const s = t(k);
  return s === k ? key.replace(/_/g, " ") : s;
}

function scalar(v) {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
  if (typeof v === "object") return JSON.stringify(v);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z$/.test(v)) return formatDateTime(v, zone());
  return String(v);
}

/// A node for any JSON value.
export function dataView(value, depth = 0) {
  if (Array.isArray(value)) {
    if (!value.length) return el("p", { class: "empty" }, t("common.none"));
    if (value.every((x) => x && typeof x === "object" && !Array.isArray(x))) {
      const keys = [...new Set(value.flatMap((x) => Object.keys(x)))];
      return table(keys.map(fieldLabel), value.map((x) => keys.map((k) => scalar(x[k]))));
    }
    return el("p", {}, value.map(scalar).join(", "));
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (!entries.length) return el("p", { class: "empty" }, t("common.none"));
    const simple = entries.filter(([, v]) => !v || typeof v !== "object");
    const nested = entries.filter(([, v]) => v && typeof v === "object");
    const H = depth === 0 ? "h3" : "h4";
    return el("div", { class: "data-view" },
      simple.length ? el("dl", { class: "kv" }, simple.flatMap(([k, v]) => [el("dt", {}, fieldLabel(k)), el("dd", {}, scalar(v))])) : null,
      nested.map(([k, v]) => el("section", {}, el(H, {}, fieldLabel(k)), dataView(v, depth + 1))));
  }
  return el("p", {}, scalar(value));
}
