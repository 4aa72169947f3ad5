// Bookings: list with a date range, status and provider filter, and paging.
import { api, el, replace, t } from "/static/core/atrium.js";
import { field, pageHead, linkButton, dateIn, addDays, localMidnight, alertBox, busy, pager } from "./ui.js";
import { bookingTable } from "./booking-list.js";
import { staff } from "./lookups.js";
import { zone } from "./session.js";

const PAGE = 25;
const STATUSES = ["confirmed", "cancelled", "completed", "no_show"];
// The filters survive moving between pages of the back office (memory only).
const filters = { from: null, to: null, status: "", provider: "", offset: 0 };

export async function renderBookings(main) {
  const tz = zone();
  if (!filters.from) { filters.from = dateIn(tz); filters.to = addDays(filters.from, 30); }
  document.title = t("bookings.title") + " · Atrium";
  const from = el("input", { type: "date", name: "from", value: filters.from });
  const to = el("input", { type: "date", name: "to", value: filters.to });
  const status = el("select", { name: "status" }, el("option", { value: "" }, t("bookings.anyStatus")),
    STATUSES.map((s) => el("option", { value: s, selected: s === filters.status }, t(`booking.status.${s}`))));
  const provider = el("select", { name: "provider" }, el("option", { value: "" }, t("bookings.anyProvider")),
    (await staff()).filter((s) => s.bookable !== false).map((s) => el("option", { value: s.id, selected: s.id === filters.provider }, s.display_name)));
  const box = alertBox();
  const form = el("form", { class: "filters", novalidate: true, "aria-label": t("bookings.filters") },
    field(t("bookings.from"), from), field(t("bookings.to"), to), field(t("booking.statusLabel"), status),
    field(t("booking.provider"), provider),
    el("div", { class: "field" }, el("button", { type: "submit" }, t("bookings.apply"))));
  const results = el("div", {});
  // only the "1–25 of N" line is live; the pager stays, so focus stays on its buttons
  const pages = pager("bookings", PAGE, (offset) => { filters.offset = offset; load(); });
  replace(main, pageHead(t("bookings.title"), linkButton("#/bookings/new", t("bookings.new"), "button primary")), form, box, results, pages.node);

  const load = async () => {
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(filters.offset) });
    if (filters.from) q.set("from", localMidnight(tz, filters.from));
    if (filters.to) q.set("to", localMidnight(tz, addDays(filters.to, 1)));
    if (filters.status) q.set("status", filters.status);
    if (filters.provider) q.set("provider", filters.provider);
    await pages.run(form, box, async () => {
      const r = await api("GET", `/api/v1/bookings?${q}`);
      replace(results, await bookingTable(r.bookings));
      return { offset: r.offset, count: r.bookings.length, total: r.total };
    });
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    Object.assign(filters, { from: from.value || null, to: to.value || null, status: status.value, provider: provider.value, offset: 0 });
    load();
  });
  await load();
}
