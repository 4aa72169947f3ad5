// Settings -> Custom features: every plugin of GET /api/v1/features with its switch, the
// reason it is blocked, its settings form (from config_schema) and its "settings" mounts. A
// feature the business switched on but the installation's administrator withdrew (enabled and
// not available) is "Suspended": explained, its switch disabled, its settings and panel not shown.
// Saving or switching updates the card in place: its status line (announced) and the plugin's
// mounted panel (with whatever is being typed in it) stay, focus returns to the control used,
// and the window event "atrium:feature-updated" (detail.feature) tells the panel.
import { api, el, replace, t, pluginText, mountPlugins } from "/static/core/atrium.js";
import { alertBox, statusLine, say, pageHead, checkField, field, busy, refocus } from "./ui.js";
import { session } from "./session.js";

export async function renderFeatures(main, ctx) {
  const { features } = await api("GET", "/api/v1/features");
  document.title = t("features.title") + " · Atrium";
  const list = el("div", { class: "features" });
  replace(main, pageHead(t("features.title")), bookingPageCard(), el("p", { class: "muted" }, t("features.intro")), list);
  if (!features.length) list.append(el("p", { class: "empty" }, t("features.none")));
  const names = new Map(features.map((f) => [f.id, label(f, "name", f.name)]));
  for (const f of features) list.append(await featureCard(f, ctx, names));
}

/// The business's own settings (PATCH /api/v1/business): how far ahead the booking page takes
/// bookings, and the contact details clients see on it and at the foot of every email.
function bookingPageCard() {
  const b = session.me?.business || {};
  const days = el("input", { type: "number", name: "booking_horizon_days", min: 1, max: 3650, step: 1, required: true,
    inputmode: "numeric", value: String(b.booking_horizon_days ?? 365) });
  const address = el("textarea", { name: "address", rows: 3, maxlength: 300, autocomplete: "street-address" });
  address.value = b.address || "";
  const phone = el("input", { type: "tel", name: "contact_phone", maxlength: 32, autocomplete: "tel", value: b.contact_phone || "" });
  const email = el("input", { type: "email", name: "contact_email", maxlength: 254, autocomplete: "email", value: b.contact_email || "" });
  const box = alertBox(), status = statusLine();
  const form = el("form", { class: "card booking-page-settings", novalidate: true },
    el("h2", {}, t("bookingPage.title")), box,
    field(t("bookingPage.horizon"), days, t("bookingPage.horizonHint")),
    field(t("bookingPage.address"), address, t("bookingPage.contactHint")),
    field(t("bookingPage.phone"), phone),
    field(t("bookingPage.email"), email),
    el("button", { type: "submit", class: "primary" }, t("bookingPage.save")), status);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    say(status, null);
    busy(form, box, async () => {
      const saved = await api("PATCH", "/api/v1/business", { booking_horizon_days: Number(days.value),
        address: address.value.trim(), contact_phone: phone.value.trim(), contact_email: email.value.trim() });
      if (session.me?.business) Object.assign(session.me.business, saved);
      days.value = String(saved.booking_horizon_days);
      address.value = saved.address || "";
      phone.value = saved.contact_phone || "";
      email.value = saved.contact_email || "";
      say(status, t("bookingPage.saved", { days: saved.booking_horizon_days }));
    });
  });
  return form;
}

/// The kernel names a setting "days" or "config.days": the form's inputs are named "days".
function fieldError(e) {
  if (e && typeof e.field === "string" && e.field.startsWith("config.")) e.field = e.field.slice(7);
  return e;
}

/// Why a feature cannot be switched on, in the page language for the kernel's known reasons
/// ("requires X …", "conflicts with X …"); any other reason is quoted as the server said it.
function blockedText(reason, names) {
  const name = (id) => names.get(id) || id;
  let m;
  if ((m = reason.match(/^requires (\S+) (.+), (?:which is )?not installed$/))) return t("features.blocked.notInstalled", { name: name(m[1]), range: m[2] });
  if ((m = reason.match(/^requires (\S+) (.+), (\S+) installed$/))) return t("features.blocked.version", { name: name(m[1]), range: m[2], version: m[3] });
  if ((m = reason.match(/^requires (\S+) to be enabled first$/))) return t("features.blocked.enableFirst", { name: name(m[1]) });
  if ((m = reason.match(/^conflicts with (\S+), which is enabled$/))) return t("features.blocked.conflicts", { name: name(m[1]) });
  if (reason === "not offered by this installation") return t("features.blocked.notOffered");
  return t("features.blockedBy", { reason: `“${reason}”` });
}

async function featureCard(feature, ctx, names) {
  let f = feature;
  const { schemaFields } = await import("./schema-form.js");
  const card = el("section", { class: "card feature", "data-feature": f.id, "aria-labelledby": `feat-${f.id}` });
  const box = alertBox();
  const status = statusLine();
  const top = el("div", {});
  const bottom = el("div", {});
  let holder = null; // the plugin's mounted panel, kept across redraws
  card.append(top, box, status, bottom);

  const update = async (features, message, focusId) => {
    const next = features.find((x) => x.id === f.id);
    if (!next) return;
    await draw(next);
    // the plugin's panel stays mounted: it hears of the new state (delete_history's preview follows)
    window.dispatchEvent(new CustomEvent("atrium:feature-updated", { detail: { feature: next } }));
    say(status, message);
    refocus(document.getElementById(focusId), card.querySelector("h2"));
  };

  const draw = async (next) => {
    f = next;
    const name = label(f, "name", f.name);
    // switched on by the business but withdrawn by the installation's administrator: off until
    // it is offered again, its settings kept; nothing of it is mounted or can be changed
    const suspended = f.enabled && !f.available;
    // suspended after errors: still on, and still refusing what it guards until the
    // installation administrator lifts it; the owner may still switch it off
    const faulted = f.enabled && f.available && !!f.suspended;
    const sw = el("input", { type: "checkbox", role: "switch", id: `switch-${f.id}`, checked: f.enabled && !suspended,
      disabled: suspended || (!f.enabled && (!f.available || !!f.blocked_by)) });
    const { fields, read, empty } = schemaFields(f.config_schema, f.config, f.ui, `cfg-${f.id}`);
    const form = el("form", { class: "feature-config", novalidate: true, "aria-label": t("features.settingsOf", { name }) },
      fields, empty ? null : el("button", { type: "submit", class: "primary", id: `save-${f.id}` }, t("features.save")));
    sw.addEventListener("change", async () => {
      const on = sw.checked;
      sw.disabled = true;
      say(status, "");
      const done = await busy(bottom, box, async () => {
        try {
          const r = await api("POST", `/api/v1/features/${encodeURIComponent(f.id)}/${on ? "enable" : "disable"}`);
          await update(r.features, on ? t("features.enabledNow") : t("features.disabledNow"), sw.id);
          return true;
        } catch (e) { throw fieldError(e); }
      });
      if (!done && sw.isConnected) { sw.checked = !on; sw.disabled = false; sw.focus(); }
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      say(status, "");
      busy(form, box, async () => {
        try {
          const r = await api("PUT", `/api/v1/features/${encodeURIComponent(f.id)}/config`, { config: read() });
          await update(r.features, t("features.saved"), `save-${f.id}`);
        } catch (e) { throw fieldError(e); }
      });
    });
    const blocked = f.blocked_by && !f.enabled;
    const badge = suspended ? ["suspended", t("features.suspended")] : faulted ? ["suspended", t("features.faulted")]
      : f.enabled ? ["on", t("features.on")] : ["off", t("features.off")];
    replace(top,
      el("div", { class: "feature-head" },
        el("h2", { id: `feat-${f.id}` }, name),
        el("span", { class: `badge ${badge[0]}` }, badge[1])),
      el("p", {}, label(f, "description", f.description)),
      checkField(t("features.switch", { name }), sw),
      suspended ? el("p", { class: "notice suspended", id: `suspended-${f.id}` }, t("features.suspendedText"))
        : faulted ? el("p", { class: "notice suspended", id: `faulted-${f.id}`, role: "status" }, t("features.faultedText"))
        : !f.available ? el("p", { class: "notice", id: `unavailable-${f.id}` }, t("features.unavailable")) : null,
      blocked ? el("p", { class: "notice blocked", id: `blocked-${f.id}` }, blockedText(f.blocked_by, names)) : null);
    const why = [suspended ? `suspended-${f.id}` : faulted ? `faulted-${f.id}` : !f.available ? `unavailable-${f.id}` : null,
      blocked ? `blocked-${f.id}` : null].filter(Boolean);
    if (why.length) sw.setAttribute("aria-describedby", why.join(" "));
    // a suspended feature's settings cannot be saved (the kernel has no plugin to check them)
    replace(bottom, empty || suspended ? null : el("h3", {}, t("features.settings")), empty || suspended ? null : form);

    const panel = f.enabled && f.available && (f.web_mounts || []).some((m) => m.slot === "settings");
    if (panel && !holder) {
      const mounts = f.web_mounts.map((m) => ({ plugin: f.id, slot: m.slot, url: m.url, ui: f.ui }));
      holder = el("div", { class: "plugin-mounts" });
      card.append(holder);
      await mountPlugins("settings", mounts, holder, { business: session.me.business, me: session.me, feature: f, reload: ctx.reload });
    } else if (!panel && holder) { holder.remove(); holder = null; }
  };
  await draw(f);
  return card;
}

function label(f, key, fallback) {
  const s = pluginText(f.ui, key);
  return s === key ? fallback : s;
}
