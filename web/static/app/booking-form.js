// New booking: find or pick a client, a service, a provider (or any) and a free slot.
import { api, el, replace, t, showError } from "/static/core/atrium.js";
import { field, alertBox, busy, pageHead } from "./ui.js";
import { services, staff, namer, rememberClients } from "./lookups.js";
import { slotPicker } from "./slot-picker.js";

/// A client search box with a result list; `onPick(client)`. A failed search is shown in the
/// finder's own alert; an older answer arriving after a newer search is ignored.
export function clientFinder(onPick, initial) {
  const q = el("input", { type: "search", name: "client_q", maxlength: 100, autocomplete: "off" });
  const results = el("ul", { class: "results", "aria-live": "polite" });
  const box = alertBox();
  const picked = el("p", { class: "picked" }, initial ? t("clients.picked", { name: initial.name || t("client.noName") }) : t("clients.nonePicked"));
  let seq = 0;
  const search = async () => {
    const mine = ++seq;
    showError(box, null);
    let r;
    try { r = await api("POST", "/api/v1/clients/search", { q: q.value.trim(), limit: 10 }); } // the words stay out of URLs
    catch (e) {
      if (mine !== seq) return;
      replace(results);
      showError(box, e);
      return;
    }
    if (mine !== seq) return;
    rememberClients(r.clients);
    replace(results, r.clients.length ? r.clients.map((c) => el("li", {}, el("button", { type: "button", class: "link", onclick: () => {
      onPick(c); replace(picked, t("clients.picked", { name: c.name || t("client.noName") })); replace(results);
    } }, [c.name || t("client.noName"), c.email || c.phone].filter(Boolean).join(" · ")))) : el("li", { class: "empty" }, t("clients.none")));
  };
  q.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); search(); } });
  const finder = el("fieldset", {}, el("legend", {}, t("booking.client")),
    field(t("clients.search"), q), el("button", { type: "button", onclick: search }, t("clients.searchButton")), box, results, picked);
  /// Forgets the search and the choice (e.g. the chosen client was just erased): no name stays.
  finder.reset = () => {
    seq += 1; // an answer still on its way is ignored
    q.value = "";
    showError(box, null);
    replace(results);
    replace(picked, t("clients.nonePicked"));
  };
  return finder;
}

export async function renderNewBooking(main) {
  document.title = t("bookings.new") + " · Atrium";
  const [svc, stf] = await Promise.all([services(), staff()]);
  let client = null;
  const box = alertBox();
  const service = el("select", { name: "service_id", required: true }, el("option", { value: "" }, t("bookings.pickService")),
    svc.filter((s) => s.active).map((s) => el("option", { value: s.id }, s.name)));
  const provider = el("select", { name: "provider_id" }, el("option", { value: "" }, t("bookings.anyProvider")),
    stf.filter((s) => s.bookable && s.active !== false).map((s) => el("option", { value: s.id }, s.display_name)));
  const note = el("textarea", { name: "note", maxlength: 2000 });
  const picker = slotPicker({ getService: () => service.value, getProvider: () => provider.value, staffName: namer(stf, "display_name") });
  service.addEventListener("change", picker.refresh);
  provider.addEventListener("change", picker.refresh);
  const form = el("form", { class: "card", novalidate: true },
    clientFinder((c) => { client = c; }),
    field(t("booking.service"), service), field(t("booking.provider"), provider), picker.node,
    field(t("booking.note"), note), box,
    el("button", { type: "submit", class: "primary" }, t("bookings.create")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const slot = picker.selected();
      if (!client) throw Object.assign(new Error(t("bookings.needClient")), { field: "client_q" });
      if (!service.value) throw Object.assign(new Error(t("bookings.needService")), { field: "service_id" });
      if (!slot) throw Object.assign(new Error(t("bookings.needSlot")), { field: "day" });
      const body = { service_id: service.value, client_id: client.id, start: slot.start, provider_id: slot.provider_id };
      if (note.value.trim()) body.note = note.value.trim();
      const b = await api("POST", "/api/v1/bookings", body);
      location.hash = `#/bookings/${b.id}`;
    });
  });
  replace(main, pageHead(t("bookings.new")), form);
  picker.refresh();
}
