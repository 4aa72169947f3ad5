// terms editor: the versions table and the owner's list of acceptances (who accepted which
// version, newest first, "Show more" by cursor), loaded when the owner asks. Client names
// come from the API, never from the address bar; a client links to its record by id.
const BASE = "/api/v1/plugins/terms";
const PAGE = 20;

/// A microsecond timestamp as date and time in the business's zone, in the page language.
export function formatUs(ctx, us) {
  const zone = ctx.business && ctx.business.time_zone;
  try {
    return new Intl.DateTimeFormat(ctx.dateLocale || ctx.locale, { timeZone: zone || undefined, dateStyle: "medium", timeStyle: "short" }).format(new Date(us / 1000));
  } catch {
    return new Date(us / 1000).toISOString();
  }
}

function table(el, headers, rows, caption) {
  return el("div", { class: "table-wrap" }, el("table", {},
    caption ? el("caption", { class: "visually-hidden" }, caption) : null,
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows)));
}

const abbrev = (el, hash) => (hash ? el("code", { class: "sha", title: hash }, hash.slice(0, 12) + "…") : "—");

export function versionsTable(ctx, versions) {
  const { el, t } = ctx;
  if (!versions.length) return el("p", { class: "empty" }, t("editor.versionsEmpty"));
  const langs = ["en", "zh-TW"];
  return table(el,
    [t("editor.col.version"), t("editor.col.published"), ...langs.map((l) => t("editor.col.sha", { language: t(`editor.lang.${l}`) }))],
    versions.map((v) => el("tr", { "data-version": v.version },
      el("td", {}, String(v.version)),
      el("td", {}, formatUs(ctx, v.published_at_us)),
      ...langs.map((l) => el("td", {}, abbrev(el, v.sha256 && v.sha256[l]))))),
    t("editor.versions"));
}

/// {node, reload()}: the acceptances table with "Show more".
export function acceptancesPanel(ctx) {
  const { el, t } = ctx;
  const body = el("div", {});
  const alert = el("div", { class: "alert", role: "alert", hidden: true });
  const more = el("button", { type: "button", hidden: true }, t("editor.more"));
  // Names and IP addresses load only when the owner asks for them (and each look is audited).
  const show = el("button", { type: "button" }, t("editor.show"));
  const node = el("div", { class: "terms-acceptances" },
    el("p", { class: "hint" }, t("editor.acceptancesIntro")), alert, body, el("div", { class: "button-row" }, show, more));
  let tbody = null, cursor = null, shown = false;

  const row = (a) => el("tr", { "data-client": a.client_id },
    el("td", {}, el("a", { href: `#/clients/${encodeURIComponent(a.client_id)}` }, a.client_name || t("editor.unknownClient", { id: a.client_id }))),
    el("td", {}, String(a.version)),
    el("td", {}, formatUs(ctx, a.accepted_at_us)),
    el("td", {}, t(`editor.lang.${a.locale === "zh-TW" ? "zh-TW" : "en"}`)),
    el("td", {}, a.ip || "—"),
    el("td", { class: a.current ? "terms-yes" : "terms-no" }, a.current ? t("editor.yes") : t("editor.no")));

  const load = async (reset) => {
    alert.hidden = true;
    try {
      const q = new URLSearchParams({ limit: String(PAGE) });
      if (!reset && cursor) q.set("cursor", cursor);
      const page = await ctx.api("GET", `${BASE}/acceptances?${q}`);
      if (reset) {
        if (!page.acceptances.length) {
          tbody = null;
          body.replaceChildren(el("p", { class: "empty" }, t("editor.empty")));
        } else {
          const wrap = table(el, ["client", "version", "when", "language", "ip", "current"].map((k) => t(`editor.col.${k}`)), [], t("editor.acceptances"));
          tbody = wrap.querySelector("tbody");
          body.replaceChildren(wrap);
        }
      }
      if (tbody) tbody.append(...page.acceptances.map(row));
      cursor = page.next_cursor || null;
      more.hidden = !cursor;
    } catch (e) {
      alert.replaceChildren(el("span", {}, e.message || String(e)));
      alert.hidden = false;
    }
  };
  more.addEventListener("click", async () => {
    more.disabled = true;
    const first = tbody ? tbody.rows.length : 0;
    await load(false);
    more.disabled = false;
    const next = tbody && tbody.rows[first];
    if (next) next.querySelector("a")?.focus(); // keyboard users carry on where the new rows start
  });
  show.addEventListener("click", async () => {
    show.disabled = true;
    shown = true;
    await load(true);
    show.remove();
    const target = body.querySelector("a") || body.querySelector(".empty"); // focus stays in the section
    if (target && target.tagName !== "A") target.tabIndex = -1;
    target?.focus();
  });
  return { node, reload: async () => { if (shown) await load(true); } };
}
