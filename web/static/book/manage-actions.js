// The manage page's two actions, each a panel with a confirm step: cancel (optional reason)
// and reschedule (a new free time of the same service with the same provider).
import { el, replace, t, locale, showError } from "/static/core/atrium.js";
import { explain, explained } from "/static/core/errors.js";
import { whenLabel } from "./common.js";
import { slotPicker } from "./slots.js";

/// ctx: {booking, business, call(method, rest, body), done(booking, noticeKey), close()}.
export function cancelPanel(ctx) {
  const alert = el("div", { class: "notice error", role: "alert", hidden: true });
  const reason = el("textarea", { id: "cancel-reason", name: "reason", rows: "3", maxlength: "500" });
  const yes = el("button", { type: "submit", class: "danger primary" }, t("cancel.confirm"));
  const form = el("form", { class: "panel", "aria-labelledby": "cancel-h" },
    el("h2", { id: "cancel-h" }, t("cancel.title")),
    el("p", {}, t("cancel.explain")),
    alert,
    el("div", { class: "field" }, el("label", { for: "cancel-reason" }, t("cancel.reason")), reason),
    el("div", { class: "actions" }, yes, el("button", { type: "button", onclick: ctx.close }, t("cancel.keep"))));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    yes.disabled = true;
    showError(alert, null, form);
    const body = { locale: locale() };
    if (reason.value.trim()) body.reason = reason.value.trim();
    try {
      const res = await ctx.call("POST", "/cancel", body);
      ctx.done(res.booking, "cancel.done");
    } catch (e) {
      showError(alert, explained(e), form); // 422 rejected: the policy plugin's own message
      yes.disabled = false;
    }
  });
  return form;
}

export function reschedulePanel(ctx) {
  const b = ctx.booking, tz = b.time_zone || ctx.business.time_zone;
  const panel = el("section", { class: "panel", "aria-labelledby": "move-h" });
  let chosen = null, message = null, day = null; // day: of the time last chosen, shown again after a clash or "another time"

  const picker = () => slotPicker({
    slug: ctx.slug, serviceId: b.service_id, providerId: b.provider_id, timeZone: tz, message,
    weekFrom: (b.start_local || "").slice(0, 10) || undefined, exclude: b.start, // the booking's week, without its own time
    day: day || undefined,
    moving: ctx.moving, // …but with the times it overlaps: a move by a few minutes is offered
    onPick: (slot) => { chosen = slot; day = slot.start_local.slice(0, 10); message = null; draw(); },
  });

  function draw() {
    if (!chosen) {
      replace(panel, el("h2", { id: "move-h" }, t("move.title")), picker(),
        el("div", { class: "actions" }, el("button", { type: "button", onclick: ctx.close }, t("move.keep"))));
      return;
    }
    const alert = el("div", { class: "notice error", role: "alert", hidden: true });
    const yes = el("button", { type: "button", class: "primary" }, t("move.confirm"));
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      try {
        const res = await ctx.call("POST", "/reschedule", { start: chosen.start, locale: locale() });
        ctx.done(res.booking, "move.done");
      } catch (e) {
        if (e.status === 409 || (e.status === 422 && e.field === "start")) { message = explain(e); chosen = null; draw(); return; }
        showError(alert, explained(e));
        yes.disabled = false;
      }
    });
    replace(panel,
      el("h2", { id: "move-h", tabindex: "-1" }, t("move.check")),
      el("p", {}, t("move.from_to", { from: whenLabel(b.start, tz), to: whenLabel(chosen.start, tz), zone: tz })),
      alert,
      el("div", { class: "actions" }, yes, el("button", { type: "button", onclick: () => { chosen = null; draw(); } }, t("move.other"))));
    panel.querySelector("h2").focus();
  }
  draw();
  return panel;
}
