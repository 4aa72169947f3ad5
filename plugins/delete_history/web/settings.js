// delete_history: the settings panel under the kernel-rendered form (days, cancelled_days,
// anonymise_clients, paused). The dry run ("what would be erased now"), legal holds (list,
// add by client or booking number with a reason, lift) and the history of runs. The form
// above keeps this panel when its settings are saved and says so with the window event
// "atrium:feature-updated" (detail.feature: the features API entry): the preview follows.
import { showError } from "/static/core/atrium.js";

const BASE = "/api/v1/plugins/delete_history";
let uid = 0;

export async function mount(element, ctx) {
  const { el, t } = ctx;
  const n = ++uid;
  const when = (us) => {
    try {
      return new Intl.DateTimeFormat(ctx.dateLocale || ctx.locale, { timeZone: ctx.business?.time_zone || undefined, dateStyle: "medium", timeStyle: "short" }).format(new Date(us / 1000));
    } catch { return new Date(us / 1000).toISOString(); }
  };
  const alertBox = () => el("div", { class: "alert", role: "alert", hidden: true });
  const table = (headers, rows) => el("div", { class: "table-wrap" }, el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))), el("tbody", {}, rows)));
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const say = (text) => status.replaceChildren(text ? el("span", {}, text) : "");

  // --- the dry run ---------------------------------------------------------------------
  const previewBox = el("div", { class: "dh-preview", "aria-live": "polite" });
  const plural = new Intl.PluralRules(ctx.locale);
  const count = (key, value) => t(`${key}.${plural.select(value) === "one" ? "one" : "other"}`, { count: value });
  async function loadPreview() {
    const p = await ctx.api("GET", `${BASE}/preview`);
    const due = p.bookings > 0 || p.clients > 0;
    previewBox.replaceChildren(
      el("p", { class: "dh-counts" }, due
        ? t("preview.counts", { bookings: count("preview.bookings", p.bookings), clients: count("preview.clients", p.clients) })
        : t("preview.none"),
      due && p.oldest_end_us ? " " + t("preview.oldest", { date: when(p.oldest_end_us) }) : ""),
      el("p", { class: "hint" }, t("preview.cutoff", { date: when(p.cutoff_us) })),
      el("p", { class: p.paused ? "notice dh-paused" : "notice" }, p.paused ? t("preview.paused") : t("preview.running")));
  }
  const previewAlert = alertBox();
  const refresh = el("button", { type: "button" }, t("preview.refresh"));
  refresh.addEventListener("click", async () => {
    refresh.disabled = true;
    try { showError(previewAlert, null, null); await Promise.all([loadPreview(), loadRuns()]); }
    catch (e) { showError(previewAlert, e, null); }
    finally { refresh.disabled = false; }
  });

  // --- legal holds ---------------------------------------------------------------------
  const holdsBox = el("div", { class: "dh-holds" });
  const holdsAlert = alertBox();
  const what = (key) => {
    const [kind, id] = key.split(":");
    const href = kind === "client" ? `#/clients/${id}` : `#/bookings/${id}`;
    return el("a", { href }, t(kind === "client" ? "holds.client" : "holds.booking", { id }));
  };
  async function loadHolds() {
    const { holds } = await ctx.api("GET", `${BASE}/holds`);
    if (!holds.length) { holdsBox.replaceChildren(el("p", { class: "empty" }, t("holds.empty"))); return; }
    holdsBox.replaceChildren(table([t("holds.col.what"), t("holds.col.reason"), t("holds.col.since"), t("holds.col.action")],
      holds.map((h) => {
        const [kind, id] = h.key.split(":");
        const label = what(h.key).textContent;
        const lift = el("button", { type: "button", class: "danger", "aria-label": t("holds.liftOf", { what: label }) }, t("holds.lift"));
        lift.addEventListener("click", async () => {
          lift.disabled = true;
          try {
            showError(holdsAlert, null, null);
            await ctx.api("DELETE", `${BASE}/holds/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`);
            say(t("holds.lifted", { what: label }));
            await Promise.all([loadHolds(), loadPreview()]);
            holdsForm.querySelector("select")?.focus();
          } catch (e) { lift.disabled = false; showError(holdsAlert, e, null); }
        });
        return el("tr", { "data-hold": h.key }, el("td", {}, what(h.key)), el("td", { class: "dh-reason" }, h.reason || ""),
          el("td", {}, h.at_us ? when(h.at_us) : "—"), el("td", {}, lift));
      })));
  }

  const ids = { kind: `dh-kind-${n}`, id: `dh-id-${n}`, reason: `dh-reason-${n}` };
  const kind = el("select", { id: ids.kind, name: "kind" },
    el("option", { value: "client" }, t("holds.kind.client")), el("option", { value: "booking" }, t("holds.kind.booking")));
  const idLabel = el("label", { for: ids.id }, t("holds.id.client"));
  const idInput = el("input", { id: ids.id, name: "id", inputmode: "numeric", autocomplete: "off", maxlength: 19, required: true, "aria-describedby": `${ids.id}-hint` });
  const reason = el("textarea", { id: ids.reason, name: "reason", rows: 2, maxlength: 500, required: true, "aria-describedby": `${ids.reason}-hint` });
  kind.addEventListener("change", () => { idLabel.textContent = t(`holds.id.${kind.value}`); });
  const formAlert = alertBox();
  const add = el("button", { type: "submit", class: "primary" }, t("holds.submit"));
  const holdsForm = el("form", { class: "dh-hold-form", novalidate: true, "aria-labelledby": `dh-add-${n}` },
    el("h4", { id: `dh-add-${n}` }, t("holds.add")),
    el("div", { class: "field" }, el("label", { for: ids.kind }, t("holds.kind")), kind),
    el("div", { class: "field" }, idLabel, idInput, el("p", { class: "hint", id: `${ids.id}-hint` }, t("holds.idHint"))),
    el("div", { class: "field" }, el("label", { for: ids.reason }, t("holds.reason")), reason,
      el("p", { class: "hint", id: `${ids.reason}-hint` }, t("holds.reasonHint"))),
    formAlert, el("div", { class: "button-row" }, add));
  holdsForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    showError(formAlert, null, holdsForm);
    const id = idInput.value.trim(), why = reason.value.trim();
    if (!/^\d{1,19}$/.test(id)) return showError(formAlert, { message: t("holds.invalidId"), field: "id" }, holdsForm);
    if (!why) return showError(formAlert, { message: t("holds.reasonRequired"), field: "reason" }, holdsForm);
    add.disabled = true;
    try {
      await ctx.api("POST", `${BASE}/holds`, { [`${kind.value}_id`]: id, reason: why });
      say(t("holds.added", { what: t(kind.value === "client" ? "holds.client" : "holds.booking", { id }) }));
      idInput.value = ""; reason.value = "";
      await Promise.all([loadHolds(), loadPreview()]);
    } catch (e) {
      // The plugin names the field ("client_id", "booking_id", "reason"); this form's inputs are "id" and "reason".
      if (e.status === 404) { e.message = t(`holds.notFound.${kind.value}`); e.field = "id"; }
      else if (e.field) e.field = /_id$/.test(e.field) ? "id" : e.field;
      else if (/^reason/.test(e.message || "")) e.field = "reason"; // a plugin from before `field`
      else if (/_id\b/.test(e.message || "")) e.field = "id";
      showError(formAlert, e, holdsForm);
    } finally { add.disabled = false; }
  });

  // --- runs ----------------------------------------------------------------------------
  const runsBox = el("div", { class: "dh-runs" });
  async function loadRuns() {
    const { runs } = await ctx.api("GET", `${BASE}/runs`);
    if (!runs.length) { runsBox.replaceChildren(el("p", { class: "empty" }, t("runs.empty"))); return; }
    runsBox.replaceChildren(table([t("runs.col.started"), t("runs.col.bookings"), t("runs.col.clients"), t("runs.col.result")],
      runs.slice(0, 20).map((r) => el("tr", {}, el("td", {}, when(r.started_us)), el("td", {}, String(r.bookings)),
        el("td", {}, String(r.clients)), el("td", {}, r.completed ? t("runs.complete") : t("runs.partial"))))));
  }

  element.classList.add("delete-history");
  element.append(
    el("h3", {}, t("preview.title")), previewAlert, previewBox, el("div", { class: "button-row" }, refresh),
    el("h3", {}, t("holds.title")), el("p", { class: "hint" }, t("holds.intro")), holdsAlert, holdsBox, status, holdsForm,
    el("h3", {}, t("runs.title")), runsBox);
  const onUpdated = (ev) => {
    if (!element.isConnected) { window.removeEventListener("atrium:feature-updated", onUpdated); return; }
    if (ev.detail?.feature?.id !== ctx.pluginId) return;
    showError(previewAlert, null, null);
    loadPreview().catch((e) => showError(previewAlert, e, null));
  };
  window.addEventListener("atrium:feature-updated", onUpdated);
  await Promise.all([loadPreview(), loadHolds(), loadRuns()]);
}
