// The installation admin's pages: plugins, businesses, health.
import { api, el, replace, t, pluginText } from "/static/core/atrium.js";
import { field, alertBox, busy, pageHead, table, statusLine, say, refocus } from "/static/app/ui.js";

/// The plugins table. The status line and the alert stay in place across redraws (announced),
/// and focus returns to the row's button (its id stays when its action changes). Withdrawing
/// asks first, saying how many businesses use the feature.
export async function renderPlugins(main) {
  const box = alertBox();
  const status = statusLine();
  const content = el("div", {});
  let plugins = [];
  let confirming = null; // the id of the plugin whose withdrawal waits for a yes
  const act = (p, what) => () => busy(content, box, async () => {
    confirming = null;
    const r = await api("POST", `/api/v1/admin/plugins/${encodeURIComponent(p.id)}/${what}`);
    await load();
    say(status, t("admin.plugins.changed", { id: r.id, state: t(`admin.plugins.state.${r.state}`) }));
    refocus(document.getElementById(`plugin-action-${p.id}`), main.querySelector("h1"));
  });
  const ask = (p) => () => { confirming = p.id; draw(); document.getElementById(`plugin-confirm-${p.id}`)?.focus(); };
  const keep = (p) => () => { confirming = null; draw(); document.getElementById(`plugin-action-${p.id}`)?.focus(); };
  const draw = () => {
    replace(content, plugins.length ? table([t("admin.plugins.plugin"), t("admin.plugins.version"), t("admin.plugins.file"), t("admin.plugins.stateLabel"),
      t("admin.plugins.reason"), t("admin.plugins.faults"), t("admin.plugins.businesses"), ""],
    plugins.map((p) => row(p, { act, ask, keep, confirming: confirming === p.id }))) : el("p", { class: "empty" }, t("admin.plugins.none")));
  };
  const load = async () => { plugins = (await api("GET", "/api/v1/admin/plugins")).plugins; draw(); };
  await load();
  replace(main, pageHead(t("admin.nav.plugins")), el("p", { class: "muted" }, t("admin.plugins.intro")), box, status, content);
}

/// The plugin's name in the page's language (its manifest's ui strings), else the manifest's name.
function pluginName(p) {
  const named = p.ui ? pluginText(p.ui, "name") : "name";
  return named !== "name" ? named : p.name || p.id;
}

/// A reason the kernel records in English: the known ones in the page's language.
function reasonText(reason) {
  if (!reason) return "—";
  return reason === "disabled by an administrator" ? t("admin.plugins.reasonDisabled") : reason;
}

function row(p, { act, ask, keep, confirming }) {
  const id = `plugin-action-${p.id}`;
  const name = pluginName(p);
  const withdraw = confirming
    ? el("div", { class: "confirm", role: "group", "aria-label": t("admin.plugins.withdrawOne", { id: name }) },
      el("p", {}, p.businesses ? t(p.businesses === 1 ? "admin.plugins.withdrawAskOne" : "admin.plugins.withdrawAsk", { n: p.businesses }) : t("admin.plugins.withdrawAskNone")),
      el("button", { type: "button", id: `plugin-confirm-${p.id}`, class: "danger", onclick: act(p, "disable") }, t("admin.plugins.withdrawYes")),
      " ",
      el("button", { type: "button", onclick: keep(p) }, t("admin.plugins.withdrawKeep")))
    : el("button", { type: "button", id, class: "danger", onclick: ask(p), "aria-label": t("admin.plugins.withdrawOne", { id: name }) }, t("admin.plugins.withdraw"));
  return [
    el("span", {}, el("strong", {}, name), el("br"), el("code", {}, p.id)), p.version || "—", p.file || "—",
    el("span", { class: `badge status-${p.state}`, "data-state": p.state }, t(`admin.plugins.state.${p.state}`)),
    el("span", {}, p.reason || !p.suspended_businesses ? reasonText(p.reason) : null, ...(p.ignored || []).flatMap((note) => [el("br"), note]),
      p.suspended_businesses ? [p.reason ? el("br") : null, el("span", { class: "notice suspended" },
        t(p.suspended_businesses === 1 ? "admin.plugins.suspendedOne" : "admin.plugins.suspendedMany", { n: p.suspended_businesses }))] : [],
      p.last_fault ? [el("br"), el("span", { class: "last-fault" }, t("admin.plugins.lastFault", { fault: p.last_fault, at: p.last_fault_at || "" }))] : []),
    String(p.faults ?? 0), String(p.businesses ?? 0),
    p.state === "suspended"
      ? el("div", { class: "actions" },
        el("button", { type: "button", id, class: "primary", onclick: act(p, "enable"), "aria-label": t("admin.plugins.liftOne", { id: name }) }, t("admin.plugins.lift")),
        " ", withdraw)
      : p.state === "active" ? withdraw
      : p.state === "disabled" ? el("button", { type: "button", id, onclick: act(p, "enable"), "aria-label": t("admin.plugins.offerOne", { id: p.id }) }, t("admin.plugins.offer"))
        : p.state === "safe_mode" ? el("button", { type: "button", id, class: "primary", onclick: act(p, "enable"), "aria-label": t("admin.plugins.reenableOne", { id: p.id }) }, t("admin.plugins.reenable"))
          : "",
  ];
}

/// The businesses, a form for a new one, and for each an "Add owner" form: a business nobody
/// owns cannot be signed in to. The owner's one-time password is shown once, here.
export async function renderBusinesses(main, created, ownerAdded) {
  const { businesses } = await api("GET", "/api/v1/admin/businesses");
  const box = alertBox();
  const status = statusLine();
  const f = {
    slug: el("input", { name: "slug", maxlength: 64, autocapitalize: "none", spellcheck: "false" }),
    name: el("input", { name: "name", maxlength: 200 }),
    time_zone: el("input", { name: "time_zone", value: "UTC", list: "zones", autocomplete: "off" }),
    locale: el("select", { name: "locale" }, ["en", "zh-TW"].map((l) => el("option", { value: l }, t(`lang.${l}`)))),
    contact_email: el("input", { name: "contact_email", type: "email", maxlength: 254 }),
  };
  const zones = el("datalist", { id: "zones" }, (Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : []).map((z) => el("option", { value: z })));
  const form = el("form", { class: "card", novalidate: true }, el("h2", {}, t("admin.businesses.new")),
    el("div", { class: "grid" },
      field(t("admin.businesses.slug"), f.slug, t("admin.businesses.slugHint")), field(t("admin.businesses.name"), f.name),
      field(t("admin.businesses.timeZone"), f.time_zone), field(t("admin.businesses.locale"), f.locale),
      field(t("admin.businesses.contactEmail"), f.contact_email)), zones, box,
    el("button", { type: "submit", class: "primary" }, t("admin.businesses.create")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const body = { slug: f.slug.value.trim(), name: f.name.value.trim(), time_zone: f.time_zone.value.trim() || "UTC", locale: f.locale.value };
      if (f.contact_email.value.trim()) body.contact_email = f.contact_email.value.trim();
      const b = await api("POST", "/api/v1/admin/businesses", body);
      await renderBusinesses(main, b.name || body.name);
    });
  });
  const ownerSlot = el("div", {});
  const addOwner = (b) => {
    const o = {
      email: el("input", { name: "email", type: "email", maxlength: 254, autocomplete: "off" }),
      display_name: el("input", { name: "display_name", maxlength: 200, autocomplete: "off" }),
    };
    const ownerBox = alertBox();
    const ownerForm = el("form", { class: "card", novalidate: true, "aria-labelledby": "owner-h" },
      el("h2", { id: "owner-h", tabindex: "-1" }, t("admin.owner.title", { name: b.name })),
      el("p", { class: "muted" }, t("admin.owner.intro")),
      el("div", { class: "grid" }, field(t("admin.owner.email"), o.email), field(t("admin.owner.name"), o.display_name)), ownerBox,
      el("button", { type: "submit", class: "primary" }, t("admin.owner.create")), " ",
      el("button", { type: "button", onclick: () => { replace(ownerSlot); document.getElementById(`owner-add-${b.id}`)?.focus(); } }, t("admin.owner.cancel")));
    ownerForm.addEventListener("submit", (ev) => {
      ev.preventDefault();
      busy(ownerForm, ownerBox, async () => {
        const r = await api("POST", `/api/v1/admin/businesses/${encodeURIComponent(b.id)}/owners`,
          { email: o.email.value.trim(), display_name: o.display_name.value.trim() });
        await renderBusinesses(main, null, { business: b, owner: r.owner, password: r.one_time_password });
      });
    });
    replace(ownerSlot, ownerForm);
    ownerForm.querySelector("h2").focus();
  };
  const added = ownerAdded ? el("section", { class: "card notice ok", id: "owner-added", tabindex: "-1", "aria-labelledby": "owner-added-h" },
    el("h2", { id: "owner-added-h" }, t("admin.owner.added", { name: ownerAdded.owner.display_name, business: ownerAdded.business.name })),
    el("p", {}, t("admin.owner.tell", { email: ownerAdded.owner.email, business: ownerAdded.business.slug })),
    el("p", {}, t("admin.owner.password"), " ", el("code", { id: "owner-password" }, ownerAdded.password)),
    el("p", { class: "muted" }, t("admin.owner.once"))) : null;
  replace(main, pageHead(t("admin.nav.businesses")), status, added,
    businesses.length ? table([t("admin.businesses.slug"), t("admin.businesses.name"), t("admin.businesses.timeZone"), t("admin.businesses.locale"),
      t("admin.businesses.owners"), ""],
    businesses.map((b) => [el("a", { href: `/b/${encodeURIComponent(b.slug)}` }, b.slug), b.name, b.time_zone, t(`lang.${b.locale}`),
      b.owners ? String(b.owners) : el("span", { class: "badge status-failed" }, t("admin.businesses.noOwner")),
      el("button", { type: "button", id: `owner-add-${b.id}`, onclick: () => addOwner(b), "aria-label": t("admin.owner.addTo", { name: b.name }) }, t("admin.owner.add"))]))
      : el("p", { class: "empty" }, t("admin.businesses.none")),
    ownerSlot, form);
  if (added) added.focus();
  else if (created) { // the page was redrawn: focus its heading, then say what happened
    main.querySelector("h1").setAttribute("tabindex", "-1");
    main.querySelector("h1").focus();
    say(status, t("admin.businesses.created", { name: created }));
  }
}

export async function renderHealth(main) {
  const h = await fetch("/healthz", { cache: "no-store" }).then(async (r) => ({ ok: r.ok, body: await r.json().catch(() => ({})) }));
  const text = await fetch("/metrics", { cache: "no-store" }).then((r) => (r.ok ? r.text() : ""));
  const lines = text.split("\n").filter((l) => l && !l.startsWith("#"));
  const pick = [...lines.filter((l) => l.startsWith("atrium_db_pool")), ...lines.filter((l) => l.startsWith("atrium_http_requests_total")).slice(0, 8),
    ...lines.filter((l) => /^atrium_(plugin|hook)/.test(l)).slice(0, 6)];
  const b = h.body || {};
  const kv = (k, v) => [el("dt", {}, k), el("dd", {}, v)];
  replace(main, pageHead(t("admin.nav.health")),
    el("section", { class: "card" }, el("h2", {}, "/healthz"),
      el("p", { class: h.ok ? "health-ok" : "health-bad", role: "status" }, h.ok ? t("admin.health.ok") : t("admin.health.bad")),
      el("dl", { class: "kv" },
        kv(t("admin.health.version"), b.version || "—"), kv(t("admin.health.database"), b.database || "—"),
        kv(t("admin.health.reachable"), b.database_reachable ? t("common.yes") : t("common.no")),
        kv(t("admin.health.uptime"), t("admin.health.seconds", { n: b.uptime_seconds ?? "—" })))),
    el("section", { class: "card" }, el("h2", {}, "/metrics"), el("p", { class: "muted" }, t("admin.health.metricsIntro", { n: lines.length })),
      el("pre", { class: "metrics", tabindex: "0", role: "region", "aria-label": "/metrics" }, pick.join("\n") || "—")));
}
