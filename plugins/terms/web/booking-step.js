// terms: the booking page's step. Shows the business's current terms and privacy policy
// (summary beside the checkbox, full text on request) and posts the accepted version as
// extra.terms = {accepted_version, locale}. Never pre-ticked; nothing published: no step.
// A version published in one language only is shown in it, with a note naming it.
import { safeHtml } from "./safe-html.js";

let uid = 0;

export async function mount(element, ctx) {
  const { el, t } = ctx;
  ctx.stylesheet("terms.css");
  let current;
  try {
    current = await ctx.api("GET", `/api/v1/public/${encodeURIComponent(ctx.business.slug)}/plugins/terms/current?locale=${encodeURIComponent(ctx.locale)}`);
  } catch (e) {
    if (e.status === 404) { element.hidden = true; ctx.setExtra({}); return; } // nothing published
    throw e;
  }
  const html = (text) => safeHtml(el, text, "terms-text", 4); // "#" sits below the step's own h3
  const id = `terms-accept-${++uid}`;
  const summaryId = `${id}-summary`;
  const box = el("input", { type: "checkbox", id, name: "terms.accepted", required: current.required, "aria-describedby": summaryId });
  box.addEventListener("change", () => {
    ctx.setExtra(box.checked ? { accepted_version: current.version, locale: current.locale } : {});
  });
  ctx.setExtra({});
  // a required acceptance is asked for beside the checkbox before anything is sent (the
  // server refuses the booking anyway without it)
  ctx.check?.(() => (current.required && !box.checked ? { message: t("rejected.missing", { version: current.version }), field: box.name } : null));
  element.append(
    el("fieldset", { class: "terms-step" },
      el("legend", {}, t("step.title")),
      // published in one language only, not the reader's: say so (in the reader's language)
      current.locale !== ctx.locale ? el("p", { class: "terms-only-in" }, t("step.onlyIn", { language: t(`editor.lang.${current.locale}`) })) : null,
      el("p", { class: "terms-summary", id: summaryId, lang: current.locale }, current.summary),
      el("details", { class: "terms-full" },
        el("summary", {}, t("step.read")),
        el("h3", {}, t("step.terms")), html(current.terms_html),
        el("h3", {}, t("step.privacy")), html(current.privacy_html)),
      el("div", { class: "field check" }, box, el("label", { for: id }, t("step.accept", { version: current.version })))));
}
