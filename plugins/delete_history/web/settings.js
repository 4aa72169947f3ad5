// delete_history: the settings panel under the kernel-rendered form (days, cancelled_days,
// anonymise_clients, paused). The dry run ("what would be erased now"), legal holds (list by
// the client's name, add a client found by name or a booking by number, with a reason, lift) and the history of runs. The form
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
  // A hold's label: the client's name when the plugin has one ("client_name", staff only),
  // else "Client 12" / "Booking 34 (name)".
  const label = (h) => {
    const [kind, id] = h.key.split(":");
    if (kind === "client") return h.client_name || t("holds.client", { id });
    return h.client_name ? t("holds.bookingOf", { id, name: h.client_name }) : t("holds.booking", { id });
  };
  const what = (h) => {
    const [kind, id] = h.key.split(":");
    return el("a", { href: kind === "client" ? `#/clients/${id}` : `#/bookings/${id}` }, label(h));
  };
  async function loadHolds() {
    const { holds } = await ctx.api("GET", `${BASE}/holds`);
    if (!holds.length) { holdsBox.replaceChildren(el("p", { class: "empty" }, t("holds.empty"))); return; }
    holdsBox.replaceChildren(table([t("holds.col.what"), t("holds.col.reason"), t("holds.col.since"), t("holds.col.action")],
      holds.map((h) => {
        const [kind, id] = h.key.split(":");
        const name = label(h);
        const lift = el("button", { type: "button", class: "danger", "aria-label": t("holds.liftOf", { what: name }) }, t("holds.lift"));
        lift.addEventListener("click", async () => {
          lift.disabled = true;
          try {
            showError(holdsAlert, null, null);
            await ctx.api("DELETE", `${BASE}/holds/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`);
            say(t("holds.lifted", { what: name }));
            await Promise.all([loadHolds(), loadPreview()]);
            holdsForm.querySelector("select")?.focus();
          } catch (e) { lift.disabled = false; showError(holdsAlert, e, null); }
        });
        return el("tr", { "data-hold": h.key }, el("td", {}, what(h)), el("td", { class: "dh-reason" }, h.reason || ""),
          el("td", {}, h.at_us ? when(h.at_us) : "—"), el("td", {}, lift));
      })));
  }

  const ids = { kind: `dh-kind-${n}`, id: `dh-id-${n}`, client: `dh-client-${n}`, reason: `dh-reason-${n}` };
  const kind = el("select", { id: ids.kind, name: "kind" },
    el("option", { value: "client" }, t("holds.kind.client")), el("option", { value: "booking" }, t("holds.kind.booking")));

  // a client: found by name (the back office's client search, as you type), then picked
  let chosen = null; // {id, name}
  const clientInput = el("input", { id: ids.client, name: "client", type: "search", autocomplete: "off", maxlength: 100,
    "aria-describedby": `${ids.client}-hint ${ids.client}-chosen`, "aria-controls": `${ids.client}-results` });
  const results = el("ul", { id: `${ids.client}-results`, class: "dh-client-results", "aria-label": t("holds.clientResults") });
  const chosenLine = el("p", { id: `${ids.client}-chosen`, class: "dh-chosen", "aria-live": "polite" }, t("holds.noneChosen"));
  const choose = (c) => {
    chosen = c;
    chosenLine.textContent = c ? t("holds.chosen", { name: c.name }) : t("holds.noneChosen");
  };
  let searchSeq = 0, searchTimer = null;
  async function searchClients() {
    const q = clientInput.value.trim(), seq = ++searchSeq;
    if (q.length < 2) { results.replaceChildren(); return; }
    try {
      const { clients } = await ctx.api("POST", "/api/v1/clients/search", { q, limit: 8 });
      if (seq !== searchSeq) return; // a later search answers instead
      const named = clients.filter((c) => c.name);
      results.replaceChildren(...(named.length ? named.map((c) => {
        const pick = el("button", { type: "button", class: "link" }, c.email ? `${c.name} (${c.email})` : c.name);
        pick.addEventListener("click", () => {
          clearTimeout(searchTimer); ++searchSeq; // a search still to come or to answer no longer shows
          choose({ id: String(c.id), name: c.name });
          clientInput.value = c.name;
          results.replaceChildren();
          clientInput.focus();
        });
        return el("li", {}, pick);
      }) : [el("li", { class: "empty" }, t("holds.noClients"))]));
    } catch (e) { if (seq === searchSeq) showError(formAlert, e, null); }
  }
  clientInput.addEventListener("input", () => {
    if (chosen && clientInput.value.trim() !== chosen.name) choose(null);
    clearTimeout(searchTimer);
    searchTimer = setTimeout(searchClients, 250);
  });
  const clientField = el("div", { class: "field dh-client-field" }, el("label", { for: ids.client }, t("holds.client.label")), clientInput,
    el("p", { class: "hint", id: `${ids.client}-hint` }, t("holds.client.hint")), results, chosenLine);

  // a booking: by its number
  const idInput = el("input", { id: ids.id, name: "id", inputmode: "numeric", autocomplete: "off", maxlength: 19, "aria-describedby": `${ids.id}-hint` });
  const bookingField = el("div", { class: "field", hidden: true }, el("label", { for: ids.id }, t("holds.id.booking")), idInput,
    el("p", { class: "hint", id: `${ids.id}-hint` }, t("holds.idHint")));
  const reason = el("textarea", { id: ids.reason, name: "reason", rows: 2, maxlength: 500, required: true, "aria-describedby": `${ids.reason}-hint` });
  kind.addEventListener("change", () => {
    clientField.hidden = kind.value !== "client";
    bookingField.hidden = kind.value !== "booking";
  });
  const formAlert = alertBox();
  const add = el("button", { type: "submit", class: "primary" }, t("holds.submit"));
  const holdsForm = el("form", { class: "dh-hold-form", novalidate: true, "aria-labelledby": `dh-add-${n}` },
    el("h4", { id: `dh-add-${n}` }, t("holds.add")),
    el("div", { class: "field" }, el("label", { for: ids.kind }, t("holds.kind")), kind),
    clientField, bookingField,
    el("div", { class: "field" }, el("label", { for: ids.reason }, t("holds.reason")), reason,
      el("p", { class: "hint", id: `${ids.reason}-hint` }, t("holds.reasonHint"))),
    formAlert, el("div", { class: "button-row" }, add));
  holdsForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    showError(formAlert, null, holdsForm);
    const byClient = kind.value === "client";
    const input = byClient ? "client" : "id";
    const id = byClient ? chosen?.id : idInput.value.trim(), why = reason.value.trim();
    if (byClient && !id) return showError(formAlert, { message: t("holds.pickClient"), field: "client" }, holdsForm);
    if (!byClient && !/^\d{1,19}$/.test(id)) return showError(formAlert, { message: t("holds.invalidId"), field: "id" }, holdsForm);
    if (!why) return showError(formAlert, { message: t("holds.reasonRequired"), field: "reason" }, holdsForm);
    add.disabled = true;
    try {
      await ctx.api("POST", `${BASE}/holds`, { [`${kind.value}_id`]: id, reason: why });
      say(t("holds.added", { what: byClient ? chosen.name : t("holds.booking", { id }) }));
      idInput.value = ""; reason.value = ""; clientInput.value = ""; choose(null);
      await Promise.all([loadHolds(), loadPreview()]);
    } catch (e) {
      // The plugin names the field ("client_id", "booking_id", "reason"); this form's inputs are "client", "id" and "reason".
      if (e.status === 404) { e.message = t(`holds.notFound.${kind.value}`); e.field = input; }
      else if (e.field) e.field = /_id$/.test(e.field) ? input : e.field;
      else if (/^reason/.test(e.message || "")) e.field = "reason"; // a plugin from before `field`
      else if (/_id\b/.test(e.message || "")) e.field = input;
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
