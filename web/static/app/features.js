// Settings -> Custom features: every plugin of GET /api/v1/features with its switch, the
// reason it is blocked, its settings form (from config_schema) and its "settings" mounts.
import { api, el, replace, t, pluginText, showError, mountPlugins } from "/static/core/atrium.js";
import { alertBox, statusLine, say, pageHead, checkField } from "./ui.js";
import { session } from "./session.js";

export async function renderFeatures(main, ctx) {
  const { features } = await api("GET", "/api/v1/features");
  document.title = t("features.title") + " · Atrium";
  const list = el("div", { class: "features" });
  replace(main, pageHead(t("features.title")), el("p", { class: "muted" }, t("features.intro")), list);
  if (!features.length) list.append(el("p", { class: "empty" }, t("features.none")));
  for (const f of features) list.append(await featureCard(f, ctx));
}

/// The kernel names a setting "days" or "config.days": the form's inputs are named "days".
function fieldError(e) {
  if (e && typeof e.field === "string" && e.field.startsWith("config.")) e.field = e.field.slice(7);
  return e;
}

async function featureCard(f, ctx, notice) {
  const name = label(f, "name", f.name);
  const card = el("section", { class: "card feature", "data-feature": f.id, "aria-labelledby": `feat-${f.id}` });
  const box = alertBox();
  const status = statusLine();
  const replaceWith = async (features, message) => {
    const next = features.find((x) => x.id === f.id);
    if (next) card.replaceWith(await featureCard(next, ctx, message));
  };

  const sw = el("input", { type: "checkbox", role: "switch", id: `switch-${f.id}`, checked: f.enabled,
    disabled: !f.enabled && (!f.available || !!f.blocked_by) });
  sw.addEventListener("change", async () => {
    sw.disabled = true;
    try {
      const r = await api("POST", `/api/v1/features/${encodeURIComponent(f.id)}/${sw.checked ? "enable" : "disable"}`);
      await replaceWith(r.features, sw.checked ? t("features.enabledNow") : t("features.disabledNow"));
    } catch (e) {
      sw.checked = !sw.checked; sw.disabled = false;
      showError(box, fieldError(e), form);
    }
  });

  const { schemaFields } = await import("./schema-form.js");
  const { fields, read, empty } = schemaFields(f.config_schema, f.config, f.ui, `cfg-${f.id}`);
  const form = el("form", { class: "feature-config", novalidate: true, "aria-label": t("features.settingsOf", { name }) },
    fields, empty ? null : el("button", { type: "submit", class: "primary" }, t("features.save")));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    say(status, "");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      showError(box, null, form);
      const r = await api("PUT", `/api/v1/features/${encodeURIComponent(f.id)}/config`, { config: read() });
      await replaceWith(r.features, t("features.saved"));
    } catch (e) {
      showError(box, fieldError(e), form);
    } finally { button.disabled = false; }
  });

  card.append(...[
    el("div", { class: "feature-head" },
      el("h2", { id: `feat-${f.id}` }, name),
      el("span", { class: `badge ${f.enabled ? "on" : "off"}` }, f.enabled ? t("features.on") : t("features.off"))),
    el("p", {}, label(f, "description", f.description)),
    checkField(t("features.switch", { name }), sw),
    !f.available ? el("p", { class: "notice" }, t("features.unavailable")) : null,
    f.blocked_by && !f.enabled ? el("p", { class: "notice blocked", id: `blocked-${f.id}` }, t("features.blockedBy", { reason: f.blocked_by })) : null,
    box, status,
    empty ? null : el("h3", {}, t("features.settings")), empty ? null : form].filter(Boolean));
  if (f.blocked_by && !f.enabled) sw.setAttribute("aria-describedby", `blocked-${f.id}`);
  if (notice) say(status, notice);

  if (f.enabled && (f.web_mounts || []).some((m) => m.slot === "settings")) {
    const mounts = f.web_mounts.map((m) => ({ plugin: f.id, slot: m.slot, url: m.url, ui: f.ui }));
    const holder = el("div", { class: "plugin-mounts" });
    card.append(holder);
    await mountPlugins("settings", mounts, holder, { business: session.me.business, me: session.me, feature: f, reload: ctx.reload });
  }
  return card;
}

function label(f, key, fallback) {
  const s = pluginText(f.ui, key);
  return s === key ? fallback : s;
}
