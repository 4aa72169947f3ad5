// The slot picker: a week at a time (previous / next), the days with free times, and the
// free times of the chosen day, all in the business's time zone. Used by the booking page
// and by the manage page (reschedule).
import { api, el, replace, t } from "/static/core/atrium.js";
import { explain } from "/static/core/errors.js";
import { publicPath, todayIn, addDays, dayLabel, timeLabel, announce } from "./common.js";

const MAX_WEEKS_AHEAD = 26;

/// Returns an element. opts: {slug, serviceId, providerId (null = any), timeZone,
/// onPick(slot), selected (a slot start to mark), message (an error to show first),
/// day ("YYYY-MM-DD": the day to open on, kept even when it has no free time left, e.g. after
/// its time was taken), onDay(day) (told each time the day shown changes),
/// moving ({id, token}: the booking being moved through its manage link)}.
export function slotPicker(opts) {
  const today = todayIn(opts.timeZone);
  // the week shown: the one holding opts.day (weeks start today, as Previous/Next step them)
  const weekOf = (day) => addDays(today, 7 * Math.floor((Date.parse(day) - Date.parse(today)) / (7 * 86400000)));
  const from = opts.day && opts.day >= today ? weekOf(opts.day) : opts.weekFrom && opts.weekFrom > today ? opts.weekFrom : today;
  const st = { from, slots: [], day: opts.day && opts.day >= today ? opts.day : null, keepDay: !!opts.day, loading: false, error: opts.message || null };
  const setDay = (d) => { if (d !== st.day) { st.day = d; if (d && opts.onDay) opts.onDay(d); } };
  const root = el("div", { class: "slot-picker" });
  const ids = { days: "days-" + Math.random().toString(36).slice(2), times: "times-" + Math.random().toString(36).slice(2) };

  const byDay = () => {
    const m = new Map();
    const seen = new Set();
    for (const s of st.slots) {
      if (opts.exclude && s.start === opts.exclude) continue; // the booking's own time is no choice
      // "any provider": one button per start time; the server picks the free provider.
      const key = opts.providerId ? s.start + "|" + s.provider_id : s.start;
      if (seen.has(key)) continue;
      seen.add(key);
      const day = s.start_local.slice(0, 10);
      if (!m.has(day)) m.set(day, []);
      m.get(day).push(s);
    }
    return m;
  };

  async function load() {
    st.loading = true; draw();
    const to = addDays(st.from, 6);
    const q = new URLSearchParams({ service: opts.serviceId, from: st.from, to });
    if (opts.providerId) q.set("provider", opts.providerId);
    // moving a booking: its own time counts as free (a move by a few minutes overlaps it)
    if (opts.moving) q.set("moving", opts.moving.id);
    try {
      const res = await api("GET", publicPath(opts.slug, "/slots?" + q), undefined,
        opts.moving ? { headers: { "X-Manage-Token": opts.moving.token } } : {});
      st.slots = res.slots || [];
      const days = byDay();
      // the day asked for stays chosen (its times may all be gone); else the first with free times
      setDay(days.has(st.day) || (st.keepDay && st.day) ? st.day : [...days.keys()][0] || null);
      st.keepDay = false;
    } catch (e) {
      st.slots = []; st.day = null; st.error = explain(e);
    }
    st.loading = false; draw();
    // Read out through the page's live region once drawn: the new week (after Previous/Next)
    // and how many free times it has, or that it has none.
    const free = [...byDay().values()].reduce((a, l) => a + l.length, 0);
    if (root.isConnected && !st.error && (st.moved || !free)) announce(`${weekLabel()}: ${free ? t("slots.free", { n: free }) : t("slots.none_week")}`);
    st.moved = false;
  }

  const weekLabel = () => t("slots.week", { from: dayLabel(st.from, { day: "numeric", month: "short" }), to: dayLabel(addDays(st.from, 6), { day: "numeric", month: "short", year: "numeric" }) });

  function draw() {
    const days = byDay();
    const dayButtons = [];
    for (let i = 0; i < 7; i++) {
      const d = addDays(st.from, i);
      const n = (days.get(d) || []).length;
      dayButtons.push(el("button", {
        type: "button", class: "day" + (d === st.day ? " chosen" : ""), "aria-pressed": String(d === st.day), disabled: n === 0 || st.loading,
        onclick: () => { setDay(d); draw(); root.querySelector(".times button")?.focus(); },
      }, // two lines, each kept whole ("週三" / "12月2日", "Wed" / "2 Dec"): a phone's narrow button never breaks inside one
      el("span", { class: "day-name" }, el("span", { class: "day-weekday" }, dayLabel(d, { weekday: "short" })), " ",
        el("span", { class: "day-date" }, dayLabel(d, { day: "numeric", month: "short" }))),
      el("span", { class: "day-count" }, n ? t("slots.free", { n }) : t("slots.none_short"))));
    }
    const times = (days.get(st.day) || []).map((s) => el("button", {
      type: "button", class: "time" + (opts.selected === s.start ? " chosen" : ""), "data-start": s.start,
      "aria-label": `${dayLabel(st.day, { weekday: "long", day: "numeric", month: "long" })} ${timeLabel(s.start, opts.timeZone)}` +
        (s.seats_left > 1 ? `, ${t("slots.seats", { n: s.seats_left })}` : ""),
      onclick: () => opts.onPick(s),
    }, timeLabel(s.start, opts.timeZone), s.seats_left > 1 ? el("span", { class: "seats" }, t("slots.seats", { n: s.seats_left })) : null));

    replace(root,
      st.error ? el("p", { class: "notice error", role: "alert" }, st.error) : null,
      el("p", { class: "zone" }, t("slots.zone", { zone: opts.timeZone })),
      el("div", { class: "week-nav" },
        el("button", { type: "button", class: "secondary", "data-nav": "prev", disabled: st.from <= today, onclick: () => move(-7) }, t("slots.prev")),
        el("p", { class: "week-label" }, weekLabel()),
        el("button", { type: "button", class: "secondary", "data-nav": "next", disabled: addDays(st.from, 7) > addDays(today, 7 * MAX_WEEKS_AHEAD), onclick: () => move(7) }, t("slots.next"))),
      el("h3", { id: ids.days }, t("slots.days")),
      el("div", { class: "days", role: "group", "aria-labelledby": ids.days }, dayButtons),
      st.loading ? el("p", { class: "muted" }, t("slots.loading"))
        : days.size === 0 ? el("p", { class: "muted" }, t("slots.none_week"))
          : st.day && !days.has(st.day) ? el("p", { class: "muted", id: "no-times-left" }, t("slots.none_day", { day: dayLabel(st.day, { weekday: "long", day: "numeric", month: "long" }) }))
          : [el("h3", { id: ids.times }, t("slots.times", { day: dayLabel(st.day, { weekday: "long", day: "numeric", month: "long" }) })),
            el("div", { class: "times", role: "group", "aria-labelledby": ids.times }, times)]);
    if (st.refocus) { // keep the keyboard where it was across the redraw
      const b = root.querySelector(`[data-nav="${st.refocus}"]`);
      (b && !b.disabled ? b : root.querySelector(".day:not([disabled])") || root.querySelector("[data-nav]:not([disabled])"))?.focus();
      if (!st.loading) st.refocus = null;
    }
  }

  function move(days) {
    if (st.loading) return;
    st.refocus = days < 0 ? "prev" : "next"; st.moved = true;
    const next = addDays(st.from, days);
    st.from = next < today ? today : next;
    st.day = null; st.keepDay = false; st.error = null;
    load();
  }

  load();
  return root;
}
