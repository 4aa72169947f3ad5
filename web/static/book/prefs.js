// "Messages" on the manage page: booking messages (confirmations, reminders, changes; on
// unless the client switched them off, e.g. through an email's unsubscribe link) and
// promotional ones (off unless the client opted in), one checkbox per channel; every change
// is saved at once (withdrawing consent is one click, as easy as giving it).
import { el, replace, t, showError } from "/static/core/atrium.js";
import { explain, explained } from "/static/core/errors.js";

/// ctx: {call(method, rest, body)} -> a call on the booking's token-protected API.
export function preferencesSection({ call }) {
  const status = el("p", { class: "muted", role: "status", "aria-live": "polite" });
  const alert = el("div", { class: "notice error", role: "alert", hidden: true });
  const body = el("div", {}, el("p", { class: "muted" }, t("prefs.loading")));
  const section = el("section", { class: "card prefs", "aria-labelledby": "prefs-h" },
    el("h2", { id: "prefs-h" }, t("prefs.title")), el("p", { class: "hint" }, t("prefs.explain")), alert, body, status);

  const box = (name, label, value) => {
    const input = el("input", { type: "checkbox", id: "pref-" + name, name, checked: value });
    input.addEventListener("change", async () => {
      input.disabled = true;
      replace(status, t("prefs.saving"));
      showError(alert, null);
      try {
        const res = await call("PUT", "/preferences", { [name]: input.checked });
        input.checked = !!res[name];
        replace(status, t(input.checked ? "prefs.saved_on" : "prefs.saved_off", { what: label }));
      } catch (e) {
        input.checked = !input.checked;
        replace(status);
        showError(alert, explained(e));
      }
      input.disabled = false;
      input.focus();
    });
    return el("div", { class: "field check" }, input, el("label", { for: "pref-" + name }, label));
  };

  call("GET", "/preferences").then((p) => {
    replace(body, el("div", { class: "prefs-form", role: "group", "aria-labelledby": "prefs-h" },
      // only the channels the business has an address for (no SMS choices without a phone number)
      ...[["booking_email", "prefs.booking_email", "email"], ["booking_sms", "prefs.booking_sms", "sms"],
        ["marketing_email", "prefs.email", "email"], ["marketing_sms", "prefs.sms", "sms"]]
        .filter(([, , channel]) => !p.reachable || p.reachable[channel])
        .map(([name, label]) => box(name, t(label), !!p[name]))));
  }).catch((e) => {
    // 403: this link was shown to whoever booked with an address that already had a record;
    // only the link emailed to that address may change its choices
    replace(body, el("p", { class: "muted" }, e.status === 404 ? t("prefs.unavailable") : e.status === 403 ? t("prefs.useEmail") : explain(e)));
  });
  return section;
}
