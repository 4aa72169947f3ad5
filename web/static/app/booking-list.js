// The bookings table used by the dashboard, the bookings page and the client detail.
import { el, t, formatDateTime, formatMonth } from "/static/core/atrium.js";
import { services, staff, clientNames, namer } from "./lookups.js";
import { table } from "./ui.js";

/// A status label (booking.status.<status>) in a badge.
export function statusBadge(status) { return el("span", { class: `badge status-${status}` }, t(`booking.status.${status}`)); }

/// Renders bookings as a table (or an empty note). Options: showClient, showDate.
export async function bookingTable(bookings, { showClient = true, dateStyle = "medium", caption } = {}) {
  if (!bookings.length) return el("p", { class: "empty" }, t("bookings.none"));
  const [svc, stf] = await Promise.all([services(), staff()]);
  const serviceName = namer(svc, "name");
  const staffName = namer(stf, "display_name");
  // the bookings list names the clients (client_name); other sources are looked up
  const client = showClient ? await clientNames(bookings.filter((b) => !("client_name" in b)).map((b) => b.client_id)) : null;
  const headers = [t("booking.when"), t("booking.service"), t("booking.provider")];
  if (showClient) headers.push(t("booking.client"));
  headers.push(t("booking.statusLabel"));
  const rows = bookings.map((b) => {
    const when = el("a", { href: `#/bookings/${b.id}` },
      b.coarsened ? formatMonth(b.start) // only the month is left of it
        : formatDateTime(b.start, b.time_zone, dateStyle ? { dateStyle } : { dateStyle: undefined }));
    const row = [when, serviceName(b.service_id), staffName(b.provider_id)];
    if (showClient) {
      const c = !b.client_id ? null : "client_name" in b ? { name: b.client_name } : client(b.client_id);
      row.push(c ? el("a", { href: `#/clients/${b.client_id}` }, c.name || t("client.noName")) : (b.client_id ? `#${b.client_id}` : "—"));
    }
    row.push(statusBadge(b.status));
    return row;
  });
  return table(headers, rows, caption);
}
