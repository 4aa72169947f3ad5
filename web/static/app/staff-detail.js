// One staff member: name, bookable, active (managers), weekly hours and days off.
import { api, el, replace, t, locale } from "/static/core/atrium.js";
import { field, checkField, alertBox, busy, pageHead, linkButton, statusLine, say, table, refocus } from "./ui.js";
import { forget } from "./lookups.js";

const DAYS = [0, 1, 2, 3, 4, 5, 6];
const hhmm = (min) => `${String(Math.floor(min / 60)).padStart(2, "0")}:${String(min % 60).padStart(2, "0")}`;
const minutes = (v) => { const [h, m] = v.split(":").map(Number); return h * 60 + m; };
/// A calendar date ("YYYY-MM-DD") in the page language.
const day = (d) => (d ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`)) : "—");

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
  const addRow = (day, start = 540, end = 1020) => {
    const from = el("input", { type: "time", name: "hours", value: hhmm(start), step: 300, disabled: !editable, "aria-label": t("hours.from", { day: t(`weekday.${day}`) }) });
    const to = el("input", { type: "time", name: "hours_end", value: hhmm(end), step: 300, disabled: !editable, "aria-label": t("hours.to", { day: t(`weekday.${day}`) }) });
    const row = el("li", { class: "interval" }, from, " – ", to, editable ? el("button", { type: "button", class: "link", onclick: () => row.remove() }, t("hours.remove")) : null);
    row.read = () => ({ weekday: day, start_min: minutes(from.value || "00:00"), end_min: to.value === "00:00" ? 1440 : minutes(to.value || "00:00") });
    dayLists.get(day).append(row);
  };
  const fieldsets = DAYS.map((d) => {
    const list = el("ul", { class: "results" });
    dayLists.set(d, list);
    return el("fieldset", {}, el("legend", {}, t(`weekday.${d}`)), list,
      editable ? el("button", { type: "button", onclick: () => addRow(d) }, t("hours.add")) : null);
  });
  for (const h of hours) addRow(h.weekday, h.start_min, h.end_min);
  const form = el("form", { class: "card", novalidate: true }, el("h2", {}, t("hours.title")), el("p", { class: "muted" }, t("hours.intro")),
    el("div", { class: "grid" }, fieldsets), box, status, editable ? el("button", { type: "submit", class: "primary" }, t("hours.save")) : null);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const week = [...form.querySelectorAll("li.interval")].map((r) => r.read());
      await api("PUT", `/api/v1/staff/${id}/hours`, { hours: week });
      say(status, t("common.saved"));
    });
  });
  return form;
}

function daysOff(id, list, editable, rerender) {
  const box = alertBox();
  const first = el("input", { type: "date", name: "first_day" });
  const last = el("input", { type: "date", name: "last_day" });
  const reason = el("input", { name: "reason", maxlength: 200 });
  const rows = list.map((d) => [day(d.first_day), day(d.last_day), d.reason || "—",
    editable ? el("button", { type: "button", class: "link", onclick: () => busy(section, box, async () => {
      await api("DELETE", `/api/v1/staff/${id}/days-off/${d.id}`);
      await rerender(t("daysOff.removed"));
    }) }, t("daysOff.remove")) : ""]);
  const form = el("form", { class: "filters", novalidate: true },
    field(t("daysOff.first"), first), field(t("daysOff.last"), last), field(t("daysOff.reason"), reason),
    el("div", { class: "field" }, el("button", { type: "submit", class: "primary" }, t("daysOff.add"))));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const body = { first_day: first.value, last_day: last.value || first.value };
      if (reason.value.trim()) body.reason = reason.value.trim();
      await api("POST", `/api/v1/staff/${id}/days-off`, body);
      await rerender(t("daysOff.added"));
    });
  });
  const section = el("section", { class: "card" }, el("h2", { id: "days-off-h" }, t("daysOff.title")), statusLine(),
    list.length ? table([t("daysOff.first"), t("daysOff.last"), t("daysOff.reason"), ""], rows) : el("p", { class: "empty" }, t("daysOff.none")),
    box, editable ? form : null);
  section.querySelector(".status").id = "days-off-status";
  return section;
}
