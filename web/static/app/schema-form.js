// A settings form rendered from a plugin's config_schema (the JSON Schema subset of the SDK):
// integer/number (minimum, maximum), boolean (checkbox), string (maxLength, enum as a select).
import { el, pluginText } from "/static/core/atrium.js";
import { field, checkField } from "./ui.js";

/// The label of a setting: the manifest's ui "config.<key>.label", else the schema title, else the key.
function text(ui, key, suffix, fallback) {
  const k = `config.${key}.${suffix}`;
  const s = pluginText(ui, k);
  return s === k ? fallback : s;
}

/// Builds the inputs for `schema` filled from `config`. Returns {fields, read()} where
/// read() gives the config object to send (numbers parsed, checkboxes as booleans).
export function schemaFields(schema, config, ui, idPrefix) {
  const props = (schema && schema.properties) || {};
  const required = new Set((schema && schema.required) || []);
  const inputs = [];
  const fields = Object.entries(props).map(([key, prop]) => {
    const label = text(ui, key, "label", prop.title || key);
    const help = text(ui, key, "help", prop.description || null);
    const value = config && key in config ? config[key] : prop.default;
    const id = `${idPrefix}-${key}`;
    let input;
    if (prop.type === "boolean") {
      input = el("input", { type: "checkbox", name: key, id, checked: !!value });
      inputs.push({ key, prop, input });
      return checkField(label, input, help);
    }
    if (Array.isArray(prop.enum)) {
      input = el("select", { name: key, id, required: required.has(key) },
        prop.enum.map((v) => el("option", { value: String(v), selected: v === value }, String(v))));
    } else if (prop.type === "integer" || prop.type === "number") {
      input = el("input", {
        type: "number", name: key, id, inputmode: prop.type === "integer" ? "numeric" : "decimal",
        min: prop.minimum ?? null, max: prop.maximum ?? null, step: prop.type === "integer" ? 1 : "any",
        value: value ?? "", required: required.has(key),
      });
    } else {
      input = el("input", { type: "text", name: key, id, maxlength: prop.maxLength ?? null, value: value ?? "", required: required.has(key) });
    }
    inputs.push({ key, prop, input });
    const bounds = boundsHint(prop);
    return field(label, input, [help, bounds].filter(Boolean).join(" ") || null);
  });
  const read = () => {
    const out = {};
    for (const { key, prop, input } of inputs) {
      if (prop.type === "boolean") out[key] = input.checked;
      else if (prop.type === "integer" || prop.type === "number") {
        const raw = input.value.trim();
        out[key] = raw === "" ? null : Number(raw);
        if (raw !== "" && Number.isNaN(out[key])) out[key] = raw; // let the kernel say what is wrong
      } else if (Array.isArray(prop.enum)) {
        out[key] = prop.enum.find((v) => String(v) === input.value) ?? input.value;
      } else out[key] = input.value;
    }
    return out;
  };
  return { fields, read, empty: inputs.length === 0 };
}

function boundsHint(prop) {
  if (prop.minimum === undefined && prop.maximum === undefined) return null;
  if (prop.minimum !== undefined && prop.maximum !== undefined) return `(${prop.minimum}–${prop.maximum})`;
  return prop.minimum !== undefined ? `(≥ ${prop.minimum})` : `(≤ ${prop.maximum})`;
}
