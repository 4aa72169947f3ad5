// Dashboard: today's bookings in the business's time zone, then the next seven days.
import { api, el, replace, t, formatLocale } from "/static/core/atrium.js";
import { dateIn, localMidnight, addDays, pageHead, linkButton } from "./ui.js";
import { bookingTable } from "./booking-list.js";
import { zone } from "./session.js";

export async function renderDashboard(main) {
  const tz = zone();
  const today = dateIn(tz);
  const q = (from, to, extra = "") => `/api/v1/bookings?from=${encodeURIComponent(localMidnight(tz, from))}&to=${encodeURIComponent(localMidnight(tz, to))}&limit=200${extra}`;
  const [todays, soon] = await Promise.all([
    api("GET", q(today, addDays(today, 1))),
    api("GET", q(addDays(today, 1), addDays(today, 8), "&status=confirmed")),
  ]);
  document.title = t("dashboard.title") + " · Atrium";
  const longDate = new Intl.DateTimeFormat(formatLocale(), { timeZone: tz, dateStyle: "full" }).format(new Date());
  replace(main,
    pageHead(t("dashboard.title"), linkButton("#/bookings/new", t("bookings.new"), "button primary")),
    el("p", { class: "muted" }, longDate, " · ", tz),
    el("section", { "aria-labelledby": "today-h" },
      el("h2", { id: "today-h" }, t("dashboard.todayCount", { n: todays.total })),
      await bookingTable(todays.bookings, { dateStyle: null, timeOnly: true })),
    el("section", { "aria-labelledby": "soon-h" },
      el("h2", { id: "soon-h" }, t("dashboard.upcoming", { n: soon.total })),
      await bookingTable(soon.bookings)));
}
