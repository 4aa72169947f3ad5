// Clients: search (the query stays in memory, never in the URL), paging, and a new client.
import { api, el, replace, t } from "/static/core/atrium.js";
import { field, checkField, alertBox, busy, pageHead, table, pager } from "./ui.js";
import { rememberClients } from "./lookups.js";

const PAGE = 25;
const state = { q: "", offset: 0 };

export async function renderClients(main) {
  document.title = t("clients.title") + " · Atrium";
  const q = el("input", { type: "search", name: "q", maxlength: 100, value: state.q });
  const box = alertBox();
  const search = el("form", { class: "filters", role: "search", novalidate: true },
    field(t("clients.search"), q), el("div", { class: "field" }, el("button", { type: "submit" }, t("clients.searchButton"))));
  const results = el("div", {});
  // only the "1–25 of N" line is live; the pager stays, so focus stays on its buttons
  const pages = pager("clients", PAGE, (offset) => { state.offset = offset; load(); });
  const load = () => pages.run(search, box, async () => {
    const r = await api("POST", "/api/v1/clients/search", { q: state.q, limit: PAGE, offset: state.offset }); // the words stay out of URLs
    rememberClients(r.clients);
    replace(results,
      r.clients.length ? table([t("client.name"), t("client.email"), t("client.phone")], r.clients.map((c) => [
        el("a", { href: `#/clients/${c.id}` }, c.name || t("client.noName")), c.email || "—", c.phone || "—"])) : el("p", { class: "empty" }, t("clients.none")));
    return { offset: r.offset, count: r.clients.length, total: r.total };
  });
  search.addEventListener("submit", (ev) => { ev.preventDefault(); state.q = q.value.trim(); state.offset = 0; load(); });
  replace(main, pageHead(t("clients.title")), search, box, results, pages.node, newClientForm());
  await load();
}

/// The client fields (create and edit); `c` fills them.
export function clientFields(c = {}) {
  const f = {
    name: el("input", { name: "name", maxlength: 200, value: c.name || "", autocomplete: "off" }),
    email: el("input", { name: "email", type: "email", maxlength: 254, value: c.email || "", autocomplete: "off" }),
    phone: el("input", { name: "phone", type: "tel", maxlength: 32, value: c.phone || "", autocomplete: "off" }),
    notes: el("textarea", { name: "notes", maxlength: 4000 }, c.notes || ""),
    locale: el("select", { name: "locale" }, ["en", "zh-TW"].map((l) => el("option", { value: l, selected: l === c.locale }, t(`lang.${l}`)))),
    marketing_email: el("input", { type: "checkbox", name: "marketing_email", checked: !!c.marketing_email }),
    marketing_sms: el("input", { type: "checkbox", name: "marketing_sms", checked: !!c.marketing_sms }),
  };
  const nodes = [
    el("div", { class: "grid" }, field(t("client.name"), f.name), field(t("client.email"), f.email), field(t("client.phone"), f.phone), field(t("client.locale"), f.locale)),
    field(t("client.notes"), f.notes),
    checkField(t("client.marketingEmail"), f.marketing_email), checkField(t("client.marketingSms"), f.marketing_sms)];
  const read = () => ({
    name: f.name.value.trim() || null, email: f.email.value.trim() || null, phone: f.phone.value.trim() || null,
    notes: f.notes.value.trim() || null, locale: f.locale.value,
    marketing_email: f.marketing_email.checked, marketing_sms: f.marketing_sms.checked,
  });
  return { nodes, read };
}

function newClientForm() {
  const box = alertBox();
  const { nodes, read } = clientFields();
  const form = el("form", { class: "card", novalidate: true }, el("h2", {}, t("clients.new")), nodes, box,
    el("button", { type: "submit", class: "primary" }, t("clients.create")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const c = await api("POST", "/api/v1/clients", read());
      location.hash = `#/clients/${c.id}`;
    });
  });
  return form;
}
