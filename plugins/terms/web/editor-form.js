// terms editor: the texts form. One tab per language (en, zh-TW), each with the summary and
// the two Markdown texts, a Preview (the server renders exactly what the booking page will
// show) and one Publish for both languages; a language left empty is not published (one
// is enough). The kernel's 422 names the field at fault ("locales.zh-TW.terms"): its tab
// is opened and the message shown beside it ("locales", no language at all: the open tab's).
import { showError } from "/static/core/atrium.js";
import { safeHtml } from "./safe-html.js";

const BASE = "/api/v1/plugins/terms";
export const LOCALES = ["en", "zh-TW"];
const FIELDS = ["summary", "terms", "privacy"];
let uid = 0;

/// texts: {en: {summary, terms, privacy}, "zh-TW": {…}} (may be empty).
/// hooks: {nextVersion() -> number, onPublished(answer)}.
export function editorForm(ctx, texts, hooks) {
  const { el, t } = ctx;
  const n = ++uid;
  const alert = el("div", { class: "alert", role: "alert", hidden: true });
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const tabs = [];
  const panels = {};
  const inputs = {};

  const select = (loc, focus) => {
    for (const tab of tabs) {
      const on = tab.dataset.locale === loc;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      panels[tab.dataset.locale].hidden = !on;
      if (on && focus) tab.focus();
    }
  };

  for (const loc of LOCALES) {
    const tabId = `terms-tab-${n}-${loc}`, panelId = `terms-panel-${n}-${loc}`;
    const tab = el("button", { type: "button", role: "tab", id: tabId, "aria-controls": panelId, "data-locale": loc,
      onclick: () => select(loc) }, t(`editor.lang.${loc}`));
    tab.addEventListener("keydown", (ev) => {
      const i = LOCALES.indexOf(loc);
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: LOCALES.length - 1 }[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      select(LOCALES[(to + LOCALES.length) % LOCALES.length], true);
    });
    tabs.push(tab);

    const prev = (texts && texts[loc]) || {};
    inputs[loc] = {};
    const fields = FIELDS.map((f) => {
      const id = `terms-${n}-${loc}-${f}`;
      const input = el("textarea", { id, name: `locales.${loc}.${f}`, lang: loc, rows: f === "summary" ? 3 : 10,
        maxlength: f === "summary" ? 600 : 48000, spellcheck: "true" });
      input.value = prev[f] || "";
      inputs[loc][f] = input;
      const hint = f === "summary" ? null : el("p", { class: "hint", id: `${id}-hint` }, t("editor.markdownHint"));
      if (hint) input.setAttribute("aria-describedby", hint.id);
      return el("div", { class: "field" }, el("label", { for: id }, t(`editor.${f}`)), input, hint);
    });
    const preview = el("div", { class: "terms-preview-area" });
    const previewButton = el("button", { type: "button", onclick: async () => {
      previewButton.disabled = true;
      try {
        showError(alert, null, null);
        const [terms, privacy] = await Promise.all(["terms", "privacy"].map((f) =>
          ctx.api("POST", `${BASE}/preview`, { markdown: inputs[loc][f].value })));
        const heading = el("h4", { tabindex: "-1" }, t("editor.previewTitle", { language: t(`editor.lang.${loc}`) }));
        preview.replaceChildren(heading,
          el("div", { class: "terms-preview", lang: loc },
            el("p", { class: "terms-summary" }, inputs[loc].summary.value),
            el("h5", {}, t("step.terms")), safeHtml(el, terms.html, "terms-text"),
            el("h5", {}, t("step.privacy")), safeHtml(el, privacy.html, "terms-text")));
        heading.focus(); // the preview is read from its heading on
      } catch (e) {
        showError(alert, e, null);
      } finally { previewButton.disabled = false; }
    } }, t("editor.preview"));
    panels[loc] = el("div", { role: "tabpanel", id: panelId, "aria-labelledby": tabId, class: "terms-panel", lang: loc },
      fields, el("div", { class: "button-row" }, previewButton), preview);
  }

  const publish = el("button", { type: "submit", class: "primary" }, t("editor.publish"));
  const hint = el("p", { class: "hint" });
  const form = el("form", { class: "terms-form", novalidate: true, "aria-label": t("editor.texts") },
    el("div", { class: "tabs", role: "tablist", "aria-label": t("editor.languages") }, tabs),
    LOCALES.map((loc) => panels[loc]),
    alert, status, hint, el("div", { class: "button-row" }, publish));
  const refreshHint = () => hint.replaceChildren(t("editor.publishHint", { next: hooks.nextVersion() }));
  refreshHint();
  select(LOCALES.includes(ctx.locale) ? ctx.locale : "en");

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    publish.disabled = true;
    status.replaceChildren();
    try {
      showError(alert, null, form);
      const locales = {};
      for (const loc of LOCALES) {
        locales[loc] = {};
        for (const f of FIELDS) locales[loc][f] = inputs[loc][f].value;
      }
      const answer = await ctx.api("POST", `${BASE}/versions`, { locales });
      await hooks.onPublished(answer);
      refreshHint();
      status.replaceChildren(el("span", {}, t("editor.published", { version: answer.version })));
    } catch (e) {
      // "locales.zh-TW" (a whole language) points at its first field; open the field's tab first.
      if (e.field === "locales") e.field = `locales.${tabs.find((tab) => tab.getAttribute("aria-selected") === "true")?.dataset.locale || "en"}`;
      const m = typeof e.field === "string" && e.field.match(/^locales\.(en|zh-TW)(?:\.(\w+))?$/);
      if (m) {
        e.field = `locales.${m[1]}.${FIELDS.includes(m[2]) ? m[2] : "summary"}`;
        select(m[1]);
      }
      showError(alert, e, form);
    } finally { publish.disabled = false; }
  });
  return form;
}
