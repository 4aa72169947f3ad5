// The public booking page /b/{slug}: service -> provider (or any) -> time -> details (and
// what enabled plugins add) -> confirmation. One step is shown at a time; what was chosen and
// typed stays in memory. Each step is an entry in the browser's history (#step=…, with the
// service, provider and day chosen, never what was typed), so the phone's Back and Forward
// move between steps; an address opened afresh shows the last of its steps that still holds.
import { api, el, replace, t, formatMoney, safeHref, locale } from "/static/core/atrium.js";
import { pathParts, publicPath, setupLanguage, loadBusiness, fatal, boot, focusHeading, whenLabel, facts, contactFooter } from "./common.js";
import { explain } from "/static/core/errors.js";
import { slotPicker } from "./slots.js";
import { detailsStep } from "./details.js";

const main = document.getElementById("main");
const { slug } = pathParts();
// provider: undefined until chosen, null for "anyone available"; day: the day the time step shows
const S = { fatal: null, business: null, services: [], providers: [], step: "service", service: null, provider: undefined, day: null, slot: null, draft: {}, slotError: null, result: null };
const STEPS = ["service", "provider", "time", "details", "done"];

/// Whether `step` can be shown with what has been chosen so far.
function reachable(step) {
  if (step === "service") return true;
  if (step === "done") return !!S.result;
  if (!S.service) return false;
  if (step === "provider") return true;
  if (S.provider === undefined) return false;
  return step === "time" || !!S.slot;
}

/// The fragment of a step's address: step=time&service=3&provider=any&day=2026-12-03 (the
/// choices only; nothing for the first step).
function fragmentOf(step) {
  if (step === "service") return "";
  const q = new URLSearchParams({ step });
  if (step !== "done") {
    q.set("service", S.service.id);
    if (step !== "provider") q.set("provider", S.provider ?? "any");
    if (step !== "provider" && S.day) q.set("day", S.day);
  }
  return String(q);
}
const addressOf = (step) => location.pathname + location.search + (fragmentOf(step) ? "#" + fragmentOf(step) : "");

/// The page's own Back button: the browser's Back when the entry before is that step, so
/// both Backs agree (else, opened at this step, it replaces this entry).
function back(step) {
  if (history.state?.from === step) history.back();
  else go(step, { replace: true });
}

/// Shows `step` as a new history entry (replace: instead of the current one).
function go(step, opts = {}) {
  const from = S.step;
  S.step = step;
  history[opts.replace ? "replaceState" : "pushState"]({ step, from }, "", addressOf(step));
  render(true);
}

/// The step an address names, its choices taken into memory (they win over memory: an entry
/// from before a reload), falling back to the last earlier step that still holds.
function fromAddress() {
  const q = new URLSearchParams(location.hash.slice(1));
  let step = STEPS.includes(q.get("step")) ? q.get("step") : "service";
  if (q.has("service") && q.get("service") !== String(S.service?.id)) {
    S.service = S.services.find((s) => String(s.id) === q.get("service")) || null;
    S.slot = null;
  }
  if (q.has("provider")) {
    const p = q.get("provider") === "any" ? null : S.providers.find((x) => String(x.id) === q.get("provider"))?.id;
    if (p !== S.provider) { S.provider = p; S.slot = null; }
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(q.get("day") || "")) S.day = q.get("day");
  while (!reachable(step)) step = STEPS[STEPS.indexOf(step) - 1];
  return step;
}

// Back / Forward: the step of that entry, with everything chosen and typed still in memory.
window.addEventListener("popstate", () => {
  if (!S.business) return;
  const step = fromAddress();
  S.step = step;
  if (location.hash.slice(1) !== fragmentOf(step)) history.replaceState({ step }, "", addressOf(step));
  render(true);
});

/// `href` opening in the page's language (?lang=, as the emails' links do), its #token kept.
function inLanguage(href) {
  const [path, fragment] = href.split("#");
  return `${path}${path.includes("?") ? "&" : "?"}lang=${encodeURIComponent(locale())}${fragment !== undefined ? "#" + fragment : ""}`;
}

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
    el("button", { type: "button", class: "choice", "data-service": s.id, onclick: () => { if (S.service?.id !== s.id) { S.service = s; S.slot = null; S.day = null; } go("provider"); } },
      el("span", { class: "choice-name" }, s.name),
      el("span", { class: "choice-meta" }, `${t("service.minutes", { n: s.duration_min })} · ${formatMoney(s.price_cents, s.currency)}`),
      s.description ? el("span", { class: "choice-desc" }, s.description) : null))));
  return frame(t("step.service"), S.services.length ? list : el("p", { class: "muted" }, t("service.none")));
}

function providerStep() {
  const pick = (id) => { if (S.provider !== id) { S.provider = id; S.slot = null; } go("time"); };
  const list = el("ul", { class: "choices" },
    el("li", {}, el("button", { type: "button", class: "choice", "data-provider": "any", onclick: () => pick(null) },
      el("span", { class: "choice-name" }, t("provider.any")), el("span", { class: "choice-desc" }, t("provider.any_hint")))),
    S.providers.map((p) => el("li", {}, el("button", { type: "button", class: "choice", "data-provider": p.id, onclick: () => pick(p.id) },
      el("span", { class: "choice-name" }, p.display_name)))));
  return frame(t("step.provider"), list, () => back("service"));
}

function timeStep() {
  const picker = slotPicker({
    slug, serviceId: S.service.id, providerId: S.provider, timeZone: S.business.time_zone,
    selected: S.slot?.start, message: S.slotError, day: S.day,
    // the day shown is part of this step's address (no new entry: Back leaves the step)
    onDay: (day) => {
      if (S.step !== "time" || !picker.isConnected) return; // a picker already left (its week came late)
      S.day = day;
      history.replaceState(history.state, "", addressOf("time"));
    },
    onPick: (slot) => { S.slot = slot; S.day = slot.start_local.slice(0, 10); S.slotError = null; go("details"); },
  });
  S.slotError = null;
  return frame(t("step.time"), picker, () => back("provider"));
}

async function submit(body) {
  try {
    const res = await api("POST", publicPath(slug, "/bookings"), body);
    S.result = res; S.draft = {};
    go("done", { replace: true }); // Back from here goes to the times, not to a form already sent
  } catch (e) {
    // The slot went (409) or is no longer bookable: back to the times, with the message.
    // The same day stays chosen: its other times, or that none is left.
    if (e.status === 409 || (e.status === 422 && e.field === "start")) {
      S.slotError = explain(e); S.slot = null;
      if (history.state?.from === "time") history.back(); // the time step's own entry (popstate renders it)
      else go("time", { replace: true });
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
      ? el("a", { href: inLanguage(manage.url), class: "button", id: "manage-link" }, t("done.manage"))
      : [t("done.manage"), ": ", el("span", { id: "manage-link" }, String(manage.url || ""))]),
    el("p", {}, el("button", { type: "button", class: "link", onclick: () => { S.service = S.slot = S.result = S.day = null; S.provider = undefined; go("service"); } }, t("done.again"))),
  ]);
}

function render(moveFocus = true) {
  if (S.fatal) return fatal(main, S.fatal());
  if (!S.business) return;
  document.getElementById("business-name").textContent = S.business.name;
  contactFooter(S.business);
  let nodes;
  if (S.step === "service") nodes = serviceStep();
  else if (S.step === "provider") nodes = providerStep();
  else if (S.step === "time") nodes = timeStep();
  else if (S.step === "details") {
    nodes = frame(t("step.details"), detailsStep({ S, slug, submit }), () => back("time"));
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
    S.step = fromAddress();
    if (location.hash.slice(1) !== fragmentOf(S.step)) history.replaceState({ step: S.step }, "", addressOf(S.step));
  }
  render(false);
}

boot(main, start);
