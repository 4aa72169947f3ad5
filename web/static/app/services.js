// Services: list (with inactive ones), create and edit.
import { api, el, replace, t, formatMoney } from "/static/core/atrium.js";
import { field, checkField, alertBox, busy, pageHead, table, linkButton, statusLine, say } from "./ui.js";
import { forget, services as allServices } from "./lookups.js";
import { session } from "./session.js";
import { currencyForBusiness } from "/static/core/money.js";

/// The currency most of the business's services use (the first of them on a tie), else the
/// one of the business's country (its time zone, else its language): a new service starts in it.
async function usualCurrency() {
  const count = new Map();
  for (const x of await allServices()) {
    const c = String(x.currency || "").toUpperCase();
    if (/^[A-Z]{3}$/.test(c)) count.set(c, (count.get(c) || 0) + 1);
  }
  let best = currencyForBusiness(session.me?.business?.time_zone, session.me?.business?.locale), most = 0;
  for (const [c, n] of count) if (n > most) { best = c; most = n; }
  return best;
}

export async function renderServices(main, ctx) {
  document.title = t("services.title") + " · Atrium";
  const { services } = await api("GET", "/api/v1/services?include_inactive=1");
  replace(main,
    pageHead(t("services.title"), ctx.isManager ? linkButton("#/services/new", t("services.new"), "button primary") : null),
    services.length ? table([t("service.name"), t("service.duration"), t("service.price"), t("service.capacity"), t("service.active")],
      services.map((s) => [el("a", { href: `#/services/${s.id}` }, s.name), t("service.minutes", { n: s.duration_min }),
        formatMoney(s.price_cents, s.currency), String(s.capacity), s.active ? t("common.yes") : t("common.no")])) : el("p", { class: "empty" }, t("services.none")));
}

export async function renderService(main, ctx) {
  const isNew = ctx.params[0] === "new";
  const s = isNew ? { currency: await usualCurrency(), duration_min: 30, buffer_min: 0, price_cents: 0, capacity: 1, active: true, description: "" }
    : await api("GET", `/api/v1/services/${ctx.params[0]}`);
  document.title = (isNew ? t("services.new") : s.name) + " · Atrium";
  const f = {
    name: el("input", { name: "name", maxlength: 200, required: true, value: s.name || "" }),
    description: el("textarea", { name: "description", maxlength: 2000 }, s.description || ""),
    duration_min: el("input", { name: "duration_min", type: "number", min: 5, max: 720, step: 1, value: s.duration_min }),
    buffer_min: el("input", { name: "buffer_min", type: "number", min: 0, max: 240, step: 1, value: s.buffer_min }),
    price: el("input", { name: "price_cents", type: "number", min: 0, step: "0.01", value: (s.price_cents / 100).toFixed(2), inputmode: "decimal" }),
    currency: el("input", { name: "currency", maxlength: 3, value: s.currency, autocapitalize: "characters" }),
    capacity: el("input", { name: "capacity", type: "number", min: 1, max: 100, step: 1, value: s.capacity }),
    active: el("input", { type: "checkbox", name: "active", checked: s.active }),
  };
  const box = alertBox();
  const status = statusLine();
  const form = el("form", { class: "card", novalidate: true },
    field(t("service.name"), f.name), field(t("service.description"), f.description),
    el("div", { class: "grid" },
      field(t("service.durationMin"), f.duration_min), field(t("service.bufferMin"), f.buffer_min, t("service.bufferHint")),
      field(t("service.price"), f.price), field(t("service.currency"), f.currency, t("service.currencyHint")),
      field(t("service.capacity"), f.capacity, t("service.capacityHint"))),
    checkField(t("service.activeLabel"), f.active), box, status,
    ctx.isManager ? el("button", { type: "submit", class: "primary" }, isNew ? t("services.create") : t("common.save")) : null);
  if (!ctx.isManager) for (const i of form.querySelectorAll("input, textarea")) i.disabled = true;
  const num = (x) => (x.value.trim() === "" ? null : Number(x.value));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      // the price is typed in the currency's units; the API's limit is in cents: say it in the units typed
      const price = f.price.value.trim();
      if (price !== "" && !(Number(price) >= 0 && Number(price) <= 1000000)) throw Object.assign(new Error(t("service.priceRange")), { field: "price_cents" });
      const body = {
        name: f.name.value.trim(), description: f.description.value, duration_min: num(f.duration_min),
        buffer_min: num(f.buffer_min), price_cents: f.price.value.trim() === "" ? null : Math.round(Number(f.price.value) * 100),
        currency: f.currency.value.trim().toUpperCase(), capacity: num(f.capacity), active: f.active.checked,
      };
      if (isNew) {
        const created = await api("POST", "/api/v1/services", body);
        forget();
        location.hash = `#/services/${created.id}`;
      } else {
        await api("PATCH", `/api/v1/services/${s.id}`, body);
        forget();
        say(status, t("common.saved"));
      }
    });
  });
  replace(main, pageHead(isNew ? t("services.new") : s.name, linkButton("#/services", t("services.back"), "button")), form);
}
