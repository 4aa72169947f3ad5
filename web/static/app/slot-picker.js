// Picks a free slot of a service (and optionally a provider) on a day, from the public
// availability route GET /api/v1/public/{slug}/slots, or, when moving a booking, from
// GET /api/v1/bookings/{id}/slots (the booking's own time counts as free there).
import { api, el, replace, t, formatDateTime } from "/static/core/atrium.js";
import { field, dateIn, addDays } from "./ui.js";
import { session, zone } from "./session.js";

/// Returns {node, selected()} where selected() is {start, provider_id} or null.
/// getService()/getProvider() give the current ids; call refresh() when they change.
/// `initialDay` (YYYY-MM-DD, optional): the day to open on, e.g. a booking's own when moving it.
/// `moving` (a booking, optional): the booking being moved; its own start is no choice.
export function slotPicker({ getService, getProvider, staffName, initialDay, moving }) {
  const tz = zone();
  const today = dateIn(tz);
  const day = el("input", { type: "date", name: "day", value: initialDay && initialDay >= today ? initialDay : addDays(today, 1), min: today });
  const list = el("div", { class: "slot-list", "aria-live": "polite" });
  let chosen = null;
  let seq = 0; // answers for an earlier service, provider or day are ignored
  const refresh = async () => {
    const mine = ++seq;
    chosen = null;
    const service = getService();
    if (!service || !day.value) { replace(list, el("p", { class: "muted" }, t("slots.pickService"))); return; }
    replace(list, el("p", { class: "muted" }, t("app.loading")));
    const q = new URLSearchParams({ service, from: day.value, to: day.value });
    if (getProvider()) q.set("provider", getProvider());
    let slots;
    const path = moving ? `/api/v1/bookings/${encodeURIComponent(moving.id)}/slots?${q}`
      : `/api/v1/public/${encodeURIComponent(session.me.business.slug)}/slots?${q}`;
    try { slots = (await api("GET", path)).slots; }
    catch (e) { if (mine === seq) replace(list, el("p", { class: "alert", role: "alert" }, e.message)); return; }
    if (mine !== seq) return;
    if (moving) slots = slots.filter((s) => !(s.start === moving.start && String(s.provider_id) === String(moving.provider_id)));
    if (!slots.length) { replace(list, el("p", { class: "empty" }, t("slots.none"))); return; }
    const buttons = slots.map((s) => {
      const b = el("button", { type: "button", "aria-pressed": "false", "data-start": s.start },
        formatDateTime(s.start, tz, { dateStyle: undefined }), getProvider() ? "" : ` · ${staffName(s.provider_id)}`);
      b.addEventListener("click", () => {
        for (const x of buttons) x.setAttribute("aria-pressed", "false");
        b.setAttribute("aria-pressed", "true");
        chosen = { start: s.start, provider_id: s.provider_id };
      });
      return b;
    });
    replace(list, el("ul", { class: "slots", "aria-label": t("slots.label") }, buttons.map((b) => el("li", {}, b))));
  };
  day.addEventListener("change", refresh);
  const node = el("fieldset", {}, el("legend", {}, t("slots.legend")), field(t("slots.day"), day), list);
  return { node, refresh, selected: () => chosen };
}
