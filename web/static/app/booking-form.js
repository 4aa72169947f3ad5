// New booking: find, pick or add a client, a service, a provider (or any) and a free slot.
// #/bookings/new?client=ID opens with that client chosen (a client's page links here).
import { api, el, replace, t, showError } from "/static/core/atrium.js";
import { field, alertBox, busy, pageHead } from "./ui.js";
import { services, staff, namer, rememberClients, clientNames } from "./lookups.js";
import { slotPicker } from "./slot-picker.js";

/// A client search box with a result list; `onPick(client)`. A failed search is shown in the
/// finder's own alert; an older answer arriving after a newer search is ignored. `initial`: the
/// client chosen already (its name shown; a search changes it). `opts.create`: also a folded
/// "Add a new client" part (newClientPart) whose client, once added, is picked.
export function clientFinder(onPick, initial, opts = {}) {
  const q = el("input", { type: "search", name: "client_q", maxlength: 100, autocomplete: "off" });
  const results = el("ul", { class: "results", "aria-live": "polite" });
  const box = alertBox();
  const picked = el("p", { class: "picked", "aria-live": "polite" }, initial ? t("clients.picked", { name: initial.name || t("client.noName") }) : t("clients.nonePicked"));
  let seq = 0;
  const choose = (c) => {
    onPick(c);
    replace(picked, t("clients.picked", { name: c.name || t("client.noName") }));
    replace(results);
    fresh?.clear(); // a client picked: nothing half-typed for a new one stays
  };
  const fresh = opts.create ? newClientPart(choose, box) : null;
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
    replace(results, r.clients.length ? r.clients.map((c) => el("li", {}, el("button", { type: "button", class: "link", onclick: () => choose(c) },
      [c.name || t("client.noName"), c.email || c.phone].filter(Boolean).join(" · ")))) : el("li", { class: "empty" }, t("clients.none")));
  };
  q.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); search(); } });
  const finder = el("fieldset", {}, el("legend", {}, t("booking.client")),
    field(t("clients.search"), q), el("button", { type: "button", onclick: search }, t("clients.searchButton")), box, results, picked,
    fresh?.node);
  /// Forgets the search and the choice (e.g. the chosen client was just erased): no name stays.
  finder.reset = () => {
    seq += 1; // an answer still on its way is ignored
    q.value = "";
    showError(box, null);
    replace(results);
    replace(picked, t("clients.nonePicked"));
  };
  /// Whether a new client's details are typed in (and not added yet): booking then adds them.
  finder.newClientTyped = () => !!fresh && fresh.typed();
  /// Adds the new client typed in and picks it; rejects with the server's refusal (its field named).
  finder.addNewClient = () => fresh.create();
  return finder;
}

/// "Add a new client": name, email and phone (POST /api/v1/clients needs a name and an email
/// or a phone). Added by its own button, or by the booking's (finder.addNewClient); then
/// `choose(client)`, which clears the part. A refusal goes beside the field it names
/// (busy/showError on the whole form: the inputs carry the API's names); an email another
/// client has (409) offers that client instead, when the search can find it.
function newClientPart(choose, box) {
  const name = el("input", { name: "name", maxlength: 200, autocomplete: "off" });
  const email = el("input", { name: "email", type: "email", maxlength: 254, autocomplete: "off" });
  const phone = el("input", { name: "phone", type: "tel", maxlength: 32, autocomplete: "off" });
  const inputs = [name, email, phone];
  const offer = el("div", { class: "offer", "aria-live": "polite" });
  const add = el("button", { type: "button" }, t("clients.addAndChoose"));
  const summary = el("summary", {}, t("clients.addNew"));
  const node = el("details", { class: "new-client" }, summary,
    el("p", { class: "hint" }, t("clients.addNewHint")),
    el("div", { class: "grid" }, field(t("client.name"), name), field(t("client.email"), email), field(t("client.phone"), phone)),
    offer, add);
  // what was typed comes back after a language switch (keepingInput fires "input"): show it
  node.addEventListener("input", () => { node.open = true; });
  const clear = () => {
    for (const i of inputs) i.value = "";
    replace(offer);
    showError(box, null, node); // and the refusals beside its fields
    node.open = false;
  };
  const offerExisting = async (address) => {
    let found = null;
    try {
      const r = await api("POST", "/api/v1/clients/search", { q: address, limit: 10 });
      found = r.clients.find((c) => (c.email || "").toLowerCase() === address.toLowerCase()) || null;
    } catch { /* the refusal beside the email says enough */ }
    if (!found) return;
    rememberClients([found]);
    replace(offer, el("p", {}, el("button", { type: "button", class: "link", onclick: () => { choose(found); summary.focus(); } },
      t("clients.chooseExisting", { name: found.name || t("client.noName") }))));
  };
  const create = async () => {
    replace(offer);
    const body = { name: name.value.trim() || null, email: email.value.trim() || null, phone: phone.value.trim() || null };
    let c;
    try { c = await api("POST", "/api/v1/clients", body); }
    catch (e) {
      if (e.status === 409 && e.field === "email" && body.email) await offerExisting(body.email);
      throw e;
    }
    rememberClients([c]);
    choose(c);
    return c;
  };
  add.addEventListener("click", () => busy(add.form, box, create));
  return { node, create, typed: () => inputs.some((i) => i.value.trim()), clear };
}

/// The client a link asked for (#/bookings/new?client=ID), or null (none, or not to be seen).
async function linkedClient() {
  const id = new URLSearchParams(location.hash.split("?")[1] || "").get("client");
  if (!id || !/^\d{1,18}$/.test(id)) return null;
  const c = (await clientNames([id]))(id);
  return c && !c.erased_at ? c : null;
}

export async function renderNewBooking(main) {
  document.title = t("bookings.new") + " · Atrium";
  const [svc, stf, linked] = await Promise.all([services(), staff(), linkedClient()]);
  let client = linked;
  const box = alertBox();
  const service = el("select", { name: "service_id", required: true }, el("option", { value: "" }, t("bookings.pickService")),
    svc.filter((s) => s.active).map((s) => el("option", { value: s.id }, s.name)));
  const provider = el("select", { name: "provider_id" }, el("option", { value: "" }, t("bookings.anyProvider")),
    stf.filter((s) => s.bookable && s.active !== false).map((s) => el("option", { value: s.id }, s.display_name)));
  const note = el("textarea", { name: "note", maxlength: 2000 });
  const picker = slotPicker({ getService: () => service.value, getProvider: () => provider.value, staffName: namer(stf, "display_name") });
  service.addEventListener("change", picker.refresh);
  provider.addEventListener("change", picker.refresh);
  const finder = clientFinder((c) => {
    client = c;
    // the choice survives a reload and a language switch (an id, no personal data)
    history.replaceState(null, "", `#/bookings/new?client=${encodeURIComponent(c.id)}`);
  }, client, { create: true });
  const form = el("form", { class: "card", novalidate: true },
    finder,
    field(t("booking.service"), service), field(t("booking.provider"), provider), picker.node,
    field(t("booking.note"), note), box,
    el("button", { type: "submit", class: "primary" }, t("bookings.create")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const slot = picker.selected();
      const adding = finder.newClientTyped();
      if (!client && !adding) throw Object.assign(new Error(t("bookings.needClient")), { field: "client_q" });
      if (!service.value) throw Object.assign(new Error(t("bookings.needService")), { field: "service_id" });
      if (!slot) throw Object.assign(new Error(t("bookings.needSlot")), { field: "day" });
      if (adding) await finder.addNewClient(); // picks it: a booking refused next is tried again for the same client
      const body = { service_id: service.value, client_id: client.id, start: slot.start, provider_id: slot.provider_id };
      if (note.value.trim()) body.note = note.value.trim();
      const b = await api("POST", "/api/v1/bookings", body);
      location.hash = `#/bookings/${b.id}`;
    });
  });
  replace(main, pageHead(t("bookings.new")), form);
  picker.refresh();
}
