// Picks a free slot of a service (and optionally a provider) on a day, from the public
// availability route GET /api/v1/public/{slug}/slots (the back office has no own route).
import { api, el, replace, t, formatDateTime } from "/static/core/atrium.js";
import { field, dateIn, addDays } from "./ui.js";
import { session, zone } from "./session.js";

/// Returns {node, selected()} where selected() is {start, provider_id} or null.
/// getService()/getProvider() give the current ids; call refresh() when they change.
/// `initialDay` (YYYY-MM-DD, optional): the day to open on, e.g. a booking's own when moving it.
export function slotPicker({ getService, getProvider, staffName, initialDay }) {
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
    try { slots = (await api("GET", `/api/v1/public/${encodeURIComponent(session.me.business.slug)}/slots?${q}`)).slots; }
    catch (e) { if (mine === seq) replace(list, el("p", { class: "alert", role: "alert" }, e.message)); return; }
    if (mine !== seq) return;
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
