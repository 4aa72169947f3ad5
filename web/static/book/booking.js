// The public booking page /b/{slug}: service -> provider (or any) -> time -> details (and
// what enabled plugins add) -> confirmation. One step is shown at a time; state stays in memory.
import { api, el, replace, t, formatMoney, safeHref } from "/static/core/atrium.js";
import { pathParts, publicPath, setupLanguage, loadBusiness, fatal, boot, focusHeading, whenLabel, facts } from "./common.js";
import { explain } from "/static/core/errors.js";
import { slotPicker } from "./slots.js";
import { detailsStep } from "./details.js";

const main = document.getElementById("main");
const { slug } = pathParts();
const S = { fatal: null, business: null, services: [], providers: [], step: "service", service: null, provider: null, slot: null, draft: {}, slotError: null, result: null };
const STEPS = ["service", "provider", "time", "details", "done"];

function go(step, opts = {}) { S.step = step; render(opts.keepFocus ? false : true); }

function providerName(id) {
  return id ? (S.providers.find((p) => p.id === String(id))?.display_name ?? "") : t("provider.any");
}

function frame(title, body, back) {
  const n = STEPS.indexOf(S.step) + 1;
  return [
    el("h1", { class: "page-title" }, t("book.title")),
    el("p", { class: "progress" }, t("book.step", { n, total: STEPS.length })),
    el("section", { class: "step", "aria-labelledby": "step-title" },
      el("h2", { id: "step-title" }, title),
      summary(),
      body,
      back ? el("p", { class: "back" }, el("button", { type: "button", class: "link", onclick: back }, t("book.back"))) : null),
  ];
}

/// What has been chosen so far, above the current step.
function summary() {
  if (S.step === "service" || S.step === "done") return null;
  const tz = S.business.time_zone;
  return facts([
    [t("summary.service"), S.service && `${S.service.name} · ${t("service.minutes", { n: S.service.duration_min })}`],
    [t("summary.provider"), S.step !== "provider" ? providerName(S.provider) : null],
    [t("summary.time"), S.step === "details" && S.slot ? `${whenLabel(S.slot.start, tz)} (${tz})` : null],
  ]);
}

function serviceStep() {
  const list = el("ul", { class: "choices" }, S.services.map((s) => el("li", {},
    el("button", { type: "button", class: "choice", "data-service": s.id, onclick: () => { S.service = s; S.slot = null; go("provider"); } },
      el("span", { class: "choice-name" }, s.name),
      el("span", { class: "choice-meta" }, `${t("service.minutes", { n: s.duration_min })} · ${formatMoney(s.price_cents, s.currency)}`),
      s.description ? el("span", { class: "choice-desc" }, s.description) : null))));
  return frame(t("step.service"), S.services.length ? list : el("p", { class: "muted" }, t("service.none")));
}

function providerStep() {
  const pick = (id) => { S.provider = id; S.slot = null; go("time"); };
  const list = el("ul", { class: "choices" },
    el("li", {}, el("button", { type: "button", class: "choice", "data-provider": "any", onclick: () => pick(null) },
      el("span", { class: "choice-name" }, t("provider.any")), el("span", { class: "choice-desc" }, t("provider.any_hint")))),
    S.providers.map((p) => el("li", {}, el("button", { type: "button", class: "choice", "data-provider": p.id, onclick: () => pick(p.id) },
      el("span", { class: "choice-name" }, p.display_name)))));
  return frame(t("step.provider"), list, () => go("service"));
}

function timeStep() {
  const picker = slotPicker({
    slug, serviceId: S.service.id, providerId: S.provider, timeZone: S.business.time_zone,
    selected: S.slot?.start, message: S.slotError,
    onPick: (slot) => { S.slot = slot; S.slotError = null; go("details"); },
  });
  S.slotError = null;
  return frame(t("step.time"), picker, () => go("provider"));
}

async function submit(body) {
  try {
    const res = await api("POST", publicPath(slug, "/bookings"), body);
    S.result = res; S.draft = {};
    go("done");
  } catch (e) {
    // The slot went (409) or is no longer bookable: back to the times, with the message.
    if (e.status === 409 || (e.status === 422 && e.field === "start")) {
      S.slotError = explain(e); S.slot = null; go("time");
      return null;
    }
    throw e; // the details step shows it beside the field / in its alert box
  }
}

function done() {
  const { booking, manage } = S.result;
  const tz = booking.time_zone || S.business.time_zone;
  return frame(t("step.done"), [
    el("p", { class: "notice ok", role: "status" }, t("done.booked", { business: S.business.name })),
    facts([
      [t("summary.service"), S.service.name],
      [t("summary.provider"), providerName(booking.provider_id)],
      [t("summary.time"), `${whenLabel(booking.start, tz)} (${tz})`],
      [t("summary.price"), formatMoney(booking.price_cents, booking.currency)],
    ]),
    el("p", {}, t("done.keep_link")),
    el("p", {}, safeHref(manage.url)
      ? el("a", { href: manage.url, class: "button", id: "manage-link" }, t("done.manage"))
      : [t("done.manage"), ": ", el("span", { id: "manage-link" }, String(manage.url || ""))]),
    el("p", {}, el("button", { type: "button", class: "link", onclick: () => { S.service = S.slot = S.result = null; S.provider = null; go("service"); } }, t("done.again"))),
  ]);
}

function render(moveFocus = true) {
  if (S.fatal) return fatal(main, S.fatal());
  if (!S.business) return;
  document.getElementById("business-name").textContent = S.business.name;
  let nodes;
  if (S.step === "service") nodes = serviceStep();
  else if (S.step === "provider") nodes = providerStep();
  else if (S.step === "time") nodes = timeStep();
  else if (S.step === "details") {
    nodes = frame(t("step.details"), detailsStep({ S, slug, submit }), () => go("time"));
  } else nodes = done();
  replace(main, nodes);
  if (moveFocus) focusHeading(main);
}

async function start() {
  let business = null;
  try { business = await loadBusiness(slug); } catch (e) {
    S.fatal = e.status === 404 ? () => t("page.no_business") : () => explain(e);
  }
  await setupLanguage(business?.locale, () => render(false), "book.title");
  if (business) {
    S.business = business;
    try {
      const [sv, pr] = await Promise.all([api("GET", publicPath(slug, "/services")), api("GET", publicPath(slug, "/providers"))]);
      S.services = sv.services || []; S.providers = pr.providers || [];
    } catch (e) { S.fatal = () => explain(e); }
  }
  render(false);
}

boot(main, start);
