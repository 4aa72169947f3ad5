// The installation admin's pages: plugins, businesses, health.
import { api, el, replace, t } from "/static/core/atrium.js";
import { field, alertBox, busy, pageHead, table, statusLine, say, refocus } from "/static/app/ui.js";

/// The plugins table. The status line and the alert stay in place across redraws (announced),
/// and focus returns to the row's button (its id stays when its action changes).
export async function renderPlugins(main) {
  const box = alertBox();
  const status = statusLine();
  const content = el("div", {});
  const act = (p, what) => () => busy(content, box, async () => {
    const r = await api("POST", `/api/v1/admin/plugins/${encodeURIComponent(p.id)}/${what}`);
    await draw();
    say(status, t("admin.plugins.changed", { id: r.id, state: t(`admin.plugins.state.${r.state}`) }));
    refocus(document.getElementById(`plugin-action-${p.id}`), main.querySelector("h1"));
  });
  const draw = async () => {
    const { plugins } = await api("GET", "/api/v1/admin/plugins");
    replace(content, plugins.length ? table([t("admin.plugins.plugin"), t("admin.plugins.version"), t("admin.plugins.file"), t("admin.plugins.stateLabel"),
      t("admin.plugins.reason"), t("admin.plugins.faults"), ""], plugins.map((p) => row(p, act))) : el("p", { class: "empty" }, t("admin.plugins.none")));
  };
  await draw();
  replace(main, pageHead(t("admin.nav.plugins")), el("p", { class: "muted" }, t("admin.plugins.intro")), box, status, content);
}

function row(p, act) {
  const id = `plugin-action-${p.id}`;
  return [
    el("span", {}, el("strong", {}, p.name || p.id), el("br"), el("code", {}, p.id)), p.version || "—", p.file || "—",
    el("span", { class: `badge status-${p.state}`, "data-state": p.state }, t(`admin.plugins.state.${p.state}`)),
    p.reason || "—", String(p.faults ?? 0),
    p.state === "active" ? el("button", { type: "button", id, class: "danger", onclick: act(p, "disable"), "aria-label": t("admin.plugins.withdrawOne", { id: p.id }) }, t("admin.plugins.withdraw"))
      : p.state === "disabled" ? el("button", { type: "button", id, onclick: act(p, "enable"), "aria-label": t("admin.plugins.offerOne", { id: p.id }) }, t("admin.plugins.offer"))
        : p.state === "safe_mode" ? el("button", { type: "button", id, class: "primary", onclick: act(p, "enable"), "aria-label": t("admin.plugins.reenableOne", { id: p.id }) }, t("admin.plugins.reenable"))
          : "",
  ];
}

export async function renderBusinesses(main, created) {
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
  replace(main, pageHead(t("admin.nav.businesses")), status,
    businesses.length ? table([t("admin.businesses.slug"), t("admin.businesses.name"), t("admin.businesses.timeZone"), t("admin.businesses.locale")],
      businesses.map((b) => [el("a", { href: `/b/${encodeURIComponent(b.slug)}` }, b.slug), b.name, b.time_zone, t(`lang.${b.locale}`)])) : el("p", { class: "empty" }, t("admin.businesses.none")),
    form);
  if (created) { // the page was redrawn: focus its heading, then say what happened
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
