// One client: details (editable by managers), booking history, and plugins' client tabs.
import { api, el, replace, t, mountPlugins } from "/static/core/atrium.js";
import { alertBox, busy, pageHead, statusLine, say, linkButton } from "./ui.js";
import { bookingTable } from "./booking-list.js";
import { clientFields } from "./clients.js";
import { session } from "./session.js";

export async function renderClient(main, ctx) {
  const { client: c, bookings } = await api("GET", `/api/v1/clients/${ctx.params[0]}`);
  document.title = t("client.title") + " · Atrium";
  const box = alertBox();
  const status = statusLine();
  const { nodes, read } = clientFields(c);
  const form = el("form", { class: "card", novalidate: true }, el("h2", {}, t("client.details")), nodes, box, status,
    ctx.isManager ? el("button", { type: "submit", class: "primary" }, t("client.save")) : null);
  if (!ctx.isManager) for (const i of form.querySelectorAll("input, select, textarea")) i.disabled = true;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => { await api("PATCH", `/api/v1/clients/${c.id}`, read()); say(status, t("client.saved")); });
  });
  const sorted = [...bookings].sort((a, b) => b.start.localeCompare(a.start));
  const tabs = el("div", { class: "plugin-mounts" });
  replace(main,
    // New booking opens with this client chosen (not for an erased client: nobody to book for)
    pageHead(c.name || t("client.noName"), ...(c.erased_at ? [] : [linkButton(`#/bookings/new?client=${encodeURIComponent(c.id)}`, t("bookings.new"), "button")])),
    c.erased_at ? el("p", { class: "notice" }, t("client.erased")) : null,
    form,
    el("section", { "aria-labelledby": "client-bookings" },
      el("h2", { id: "client-bookings" }, t("client.bookings", { n: bookings.length })),
      await bookingTable(sorted, { showClient: false })),
    tabs);
  const me = await api("GET", "/api/v1/me"); // fresh: a feature may have been switched on since sign-in
  await mountPlugins("client_tab", me.plugin_mounts || [], tabs, { business: me.business, me, client: c, reload: ctx.reload });
}
