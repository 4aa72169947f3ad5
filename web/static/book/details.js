// Step 4 of the booking page: the client's details, the two separate (unticked, optional)
// promotional-message choices, a note, whatever enabled plugins add (booking_step mounts),
// the processor notice link, and the POST. Field names match the API's `field` values
// (client.email, …) so showError() puts a refusal beside the right input.
import { el, t, locale, showError, mountPlugins, safeHref } from "/static/core/atrium.js";
import { explained } from "/static/core/errors.js";
import { announce } from "./common.js";

let uid = 0;

function field(name, label, input, hint) {
  const id = "f-" + name.replace(/\W/g, "_") + "-" + ++uid;
  input.id = id;
  input.name = name;
  const hintId = hint ? id + "-hint" : null;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  return el("div", { class: "field" }, el("label", { for: id }, label), hint ? el("span", { class: "hint", id: hintId }, hint) : null, input);
}

function check(name, label) {
  const id = "f-" + name.replace(/\W/g, "_") + "-" + ++uid;
  return el("div", { class: "field check" },
    el("input", { type: "checkbox", id, name }),
    el("label", { for: id }, label));
}

/// A count-down under `input` (inside its .field), shown from `near` characters before `max`:
/// "12 characters left", then "3 characters too many". Nothing typed or pasted is ever cut;
/// the returned check refuses the form while the text is too long. Counts code points, as
/// the server does.
function limited(input, max, near, label) {
  const count = el("span", { class: "count", id: input.id + "-count", hidden: true });
  input.closest(".field").append(count);
  input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} ${count.id}`.trim());
  const length = () => [...input.value].length;
  let wasOver = false;
  const update = () => {
    const n = length(), over = n > max;
    count.hidden = n < max - near;
    count.classList.toggle("over", over);
    count.textContent = over ? t(n - max === 1 ? "details.over_one" : "details.over", { n: n - max })
      : t(max - n === 1 ? "details.left_one" : "details.left", { n: max - n });
    if (over !== wasOver) { // said once when crossing the limit, not at every key
      wasOver = over;
      if (over) announce(count.textContent);
    }
  };
  input.addEventListener("input", update);
  update();
  return () => length() > max ? { message: t("details.too_long", { field: label, max, n: length() - max }), field: input.name } : null;
}

/// The processor notice: a link when its address is http(s), else the address as text.
function processorNotice(url) {
  if (!url) return null;
  const href = safeHref(url);
  return el("p", { class: "processor" }, href
    ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }, t("details.processor"))
    : [t("details.processor"), ": ", url]);
}

/// ctx: {S (page state), slug, submit(body) -> Promise (rejects with ApiError to show here)}.
export function detailsStep({ S, submit }) {
  const d = S.draft;
  const extras = {};
  const alert = el("div", { class: "notice error", role: "alert", hidden: true });
  const plugins = el("div", { class: "plugin-steps" });
  const button = el("button", { type: "submit", class: "primary" }, t("details.confirm"));

  const form = el("form", { class: "details", novalidate: true },
    alert,
    field("client.name", t("details.name"), el("input", { type: "text", autocomplete: "name", required: true, value: d.name || "" })),
    field("client.email", t("details.email"), el("input", { type: "email", autocomplete: "email", maxlength: "254", value: d.email || "" }), t("details.contact_hint")),
    field("client.phone", t("details.phone"), el("input", { type: "tel", autocomplete: "tel", maxlength: "32", value: d.phone || "" })),
    el("fieldset", { class: "marketing" },
      el("legend", {}, t("details.marketing")),
      el("p", { class: "hint" }, t("details.marketing_hint")),
      check("client.marketing_email", t("details.marketing_email")),
      check("client.marketing_sms", t("details.marketing_sms"))),
    field("note", t("details.note"), el("textarea", { rows: "3" }, d.note || "")),
    plugins,
    processorNotice(S.business.processor_notice_url),
    el("div", { class: "actions" }, button));

  const val = (name) => form.elements[name];
  val("client.marketing_email").checked = !!d.marketing_email;
  val("client.marketing_sms").checked = !!d.marketing_sms;
  // the server's limits (name 200, note 2000 characters): said as the text nears them
  const tooLong = [limited(val("client.name"), 200, 40, t("details.name")), limited(val("note"), 2000, 200, t("details.note"))];
  // Keep what was typed across a language switch (memory only, never browser storage).
  form.addEventListener("input", () => {
    Object.assign(d, {
      name: val("client.name").value, email: val("client.email").value, phone: val("client.phone").value,
      note: val("note").value, marketing_email: val("client.marketing_email").checked, marketing_sms: val("client.marketing_sms").checked,
    });
  });

  // One mountPlugins call per mount, so each plugin's setExtra() files under its own id.
  // check(fn): before sending, fn() may return {message, field} (the name of one of the
  // step's inputs) to stop and show the message beside it, as the kernel's refusals are.
  const checks = [];
  const ctxBase = { business: S.business, service: S.service, slot: S.slot, check: (fn) => { checks.push(fn); } };
  for (const m of (S.business.plugin_mounts || []).filter((x) => x.slot === "booking_step")) {
    mountPlugins("booking_step", [m], plugins, { ...ctxBase, setExtra: (obj) => { extras[m.plugin] = obj; } });
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = (name) => val(name).value.trim() || null;
    const body = {
      service_id: S.service.id,
      start: S.slot.start,
      client: {
        name: val("client.name").value.trim(), email: text("client.email"), phone: text("client.phone"),
        marketing_email: val("client.marketing_email").checked, marketing_sms: val("client.marketing_sms").checked,
      },
      locale: locale(),
    };
    if (S.provider) body.provider_id = S.provider;
    const note = text("note");
    if (note) body.note = note;
    const extra = Object.fromEntries(Object.entries(extras).filter(([, v]) => v && typeof v === "object"));
    if (Object.keys(extra).length) body.extra = extra;
    showError(alert, null, form);
    for (const over of tooLong) {
      const refusal = over();
      if (refusal) { showError(alert, refusal, form); return; }
    }
    for (const check of checks) {
      let refusal = null;
      try { refusal = check(); } catch { /* a broken check stops nothing: the server decides */ }
      if (refusal && refusal.message) { showError(alert, { message: String(refusal.message), field: refusal.field }, form); return; }
    }
    button.disabled = true;
    try {
      await submit(body);
    } catch (e) {
      showError(alert, explained(e), form); // in the page language; a plugin's refusal as it wrote it
      // A refusal no input owns (a plugin's, a 503) is at the top of a long form: bring it to view.
      if (!form.querySelector('[aria-invalid="true"]')) {
        alert.tabIndex = -1;
        alert.scrollIntoView({ block: "center" });
        alert.focus({ preventScroll: true });
      }
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
