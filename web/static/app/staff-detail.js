// One staff member: name, bookable, active (managers), weekly hours and days off.
import { api, el, replace, t, formatLocale, ApiError } from "/static/core/atrium.js";
import { field, checkField, alertBox, busy, pageHead, linkButton, statusLine, say, table, refocus, confirmFirst } from "./ui.js";
import { forget } from "./lookups.js";

const DAYS = [0, 1, 2, 3, 4, 5, 6];
const hhmm = (min) => `${String(Math.floor(min / 60)).padStart(2, "0")}:${String(min % 60).padStart(2, "0")}`;
const minutes = (v) => { const [h, m] = v.split(":").map(Number); return h * 60 + m; };
/// A calendar date ("YYYY-MM-DD") in the page language.
const day = (d) => (d ? new Intl.DateTimeFormat(formatLocale(), { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`)) : "—");

export async function renderStaffMember(main, ctx) {
  const id = ctx.params[0];
  const { staff } = await api("GET", "/api/v1/staff");
  const s = staff.find((x) => x.id === id);
  if (!s) throw new Error(t("app.notFound"));
  document.title = t("staff.title") + " · Atrium"; // not the person's name: titles end up in the browser's history
  const parts = [pageHead(s.display_name, linkButton("#/staff", t("staff.back"), "button"))];
  if (ctx.isManager) parts.push(profileForm(s));
  const [{ hours }, { days_off }] = await Promise.all([api("GET", `/api/v1/staff/${id}/hours`), api("GET", `/api/v1/staff/${id}/days-off`)]);
  const rerender = async (message) => { // the days off changed: draw again, then say so from the list's heading
    await renderStaffMember(main, ctx);
    say(main.querySelector("#days-off-status"), message);
    refocus(null, main.querySelector("#days-off-h"));
  };
  parts.push(hoursForm(id, hours, ctx.isManager), daysOff(id, days_off, ctx.isManager, rerender));
  replace(main, ...parts);
}

function profileForm(s) {
  const box = alertBox();
  const status = statusLine();
  const name = el("input", { name: "display_name", maxlength: 200, value: s.display_name });
  const bookable = el("input", { type: "checkbox", name: "bookable", checked: s.bookable });
  const active = el("input", { type: "checkbox", name: "active", checked: s.active });
  const form = el("form", { class: "card", novalidate: true }, el("h2", {}, t("staff.profile")),
    el("p", { class: "muted" }, `${s.email || ""} · ${t(`role.${s.role}`)}`),
    field(t("staff.name"), name), checkField(t("staff.bookableLabel"), bookable), checkField(t("staff.activeLabel"), active, t("staff.activeHint")),
    box, status, el("button", { type: "submit", class: "primary" }, t("common.save")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      await api("PATCH", `/api/v1/staff/${s.id}`, { display_name: name.value.trim(), bookable: bookable.checked, active: active.checked });
      forget(); say(status, t("common.saved"));
    });
  });
  return form;
}

function hoursForm(id, hours, editable) {
  const box = alertBox();
  const status = statusLine();
  const dayLists = new Map();
  let n = 0; // each time input has a name of its own, so an error can stand beside it
  const addRow = (day, start = 540, end = 1020, focus = false) => {
    n += 1;
    const dayName = t(`weekday.${day}`);
    const from = el("input", { type: "time", name: `hours.${day}.${n}.start`, value: hhmm(start), step: 300, disabled: !editable, "aria-label": t("hours.from", { day: dayName }) });
    const to = el("input", { type: "time", name: `hours.${day}.${n}.end`, value: hhmm(end), step: 300, disabled: !editable, "aria-label": t("hours.to", { day: dayName }) });
    const remove = () => {
      const list = dayLists.get(day);
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      refocus(next && next.querySelector("input"), list.parentElement.querySelector(".add-hours"));
    };
    const row = el("li", { class: "interval field" }, from, " – ", to,
      editable ? el("button", { type: "button", class: "link", onclick: remove, "aria-label": t("hours.removeOf", { day: dayName }) }, t("hours.remove")) : null);
    row.from = from; row.to = to; row.day = day;
    dayLists.get(day).append(row);
    if (focus) from.focus();
  };
  const fieldsets = DAYS.map((d) => {
    const list = el("ul", { class: "results" });
    dayLists.set(d, list);
    return el("fieldset", {}, el("legend", {}, t(`weekday.${d}`)), list,
      editable ? el("button", { type: "button", class: "add-hours", onclick: () => addRow(d, 540, 1020, true) }, t("hours.add")) : null);
  });
  for (const h of hours) addRow(h.weekday, h.start_min, h.end_min);
  const form = el("form", { class: "card", novalidate: true }, el("h2", {}, t("hours.title")), el("p", { class: "muted" }, t("hours.intro")),
    el("div", { class: "grid" }, fieldsets), box, status, editable ? el("button", { type: "submit", class: "primary" }, t("hours.save")) : null);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    say(status, "");
    busy(form, box, async () => {
      const week = readWeek(dayLists);
      try {
        await api("PUT", `/api/v1/staff/${id}/hours`, { hours: week });
      } catch (e) {
        // the server names the whole week ("hours"), not an input: its reason goes to this
        // form's alert, focus stays where it was
        if (e instanceof ApiError && e.field && /^hours\b/.test(e.field)) e.field = null;
        throw e;
      }
      say(status, t("common.saved"));
    });
  });
  return form;
}

/// The week as the API takes it, checked day by day first: an empty (or half typed) time, an
/// end not after its start, or two intervals of one day that overlap throw an error naming
/// the input it is about (shown beside it). An end of 00:00 is midnight at the end of the day.
function readWeek(dayLists) {
  const fail = (input, key, day) => { throw Object.assign(new Error(t(key, { day: t(`weekday.${day}`) })), { field: input.name }); };
  const week = [];
  for (const [day, list] of dayLists) {
    const rows = [...list.querySelectorAll("li.interval")].map((row) => {
      if (!row.from.value || row.from.validity.badInput) fail(row.from, "hours.err.empty", day);
      if (!row.to.value || row.to.validity.badInput) fail(row.to, "hours.err.empty", day);
      const start = minutes(row.from.value);
      const end = row.to.value === "00:00" ? 1440 : minutes(row.to.value);
      if (start >= end) fail(row.to, "hours.err.order", day);
      return { row, start, end };
    });
    rows.sort((a, b) => a.start - b.start);
    for (let i = 1; i < rows.length; i++) if (rows[i - 1].end > rows[i].start) fail(rows[i].row.from, "hours.err.overlap", day);
    for (const r of rows) week.push({ weekday: day, start_min: r.start, end_min: r.end });
  }
  return week;
}

function daysOff(id, list, editable, rerender) {
  const box = alertBox();
  const first = el("input", { type: "date", name: "first_day" });
  const last = el("input", { type: "date", name: "last_day" });
  const reason = el("input", { name: "reason", maxlength: 200 });
  const rows = list.map((d) => [day(d.first_day), day(d.last_day), d.reason || "—",
    editable ? el("button", { type: "button", class: "link", onclick: (ev) => confirmFirst(ev.currentTarget, {
      question: t("daysOff.removeQuestion", { first: day(d.first_day), last: day(d.last_day) }),
      yes: t("daysOff.removeYes"), no: t("daysOff.removeNo"),
      run: () => busy(section, box, async () => {
        await api("DELETE", `/api/v1/staff/${id}/days-off/${d.id}`);
        await rerender(t("daysOff.removed"));
      }),
    }) }, t("daysOff.remove")) : ""]);
  const form = el("form", { class: "filters", novalidate: true },
    field(t("daysOff.first"), first), field(t("daysOff.last"), last), field(t("daysOff.reason"), reason),
    el("div", { class: "field" }, el("button", { type: "submit", class: "primary" }, t("daysOff.add"))));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const body = { first_day: first.value, last_day: last.value || first.value };
      if (reason.value.trim()) body.reason = reason.value.trim();
      const added = await api("POST", `/api/v1/staff/${id}/days-off`, body);
      // a day off cancels nothing: say so when bookings stand on those days
      const n = added.bookings_affected;
      await rerender(n ? t(n === 1 ? "daysOff.addedWithBooking" : "daysOff.addedWithBookings", { n }) : t("daysOff.added"));
    });
  });
  const section = el("section", { class: "card" }, el("h2", { id: "days-off-h" }, t("daysOff.title")), statusLine(),
    list.length ? table([t("daysOff.first"), t("daysOff.last"), t("daysOff.reason"), ""], rows) : el("p", { class: "empty" }, t("daysOff.none")),
    box, editable ? form : null);
  section.querySelector(".status").id = "days-off-status";
  return section;
}
