// terms: the booking page's step. Shows the business's current terms and privacy policy
// (summary beside the checkbox, full text on request) and posts the accepted version as
// extra.terms = {accepted_version, locale}. Never pre-ticked.
export async function mount(element, ctx) {
  const { el, t } = ctx;
  let current;
  try {
    current = await ctx.api("GET", `/api/v1/public/${encodeURIComponent(ctx.business.slug)}/plugins/terms/current?locale=${encodeURIComponent(ctx.locale)}`);
  } catch (e) {
    if (e.status === 404) { element.hidden = true; return; } // nothing published
    throw e;
  }
  const html = (text) => { // HTML rendered by the server with cmark's safe mode (no raw HTML, no script links)
    const box = el("div", { class: "terms-text" });
    const tpl = document.createElement("template");
    tpl.innerHTML = text;
    box.append(tpl.content);
    return box;
  };
  const box = el("input", { type: "checkbox", id: "terms-accept", name: "terms.accepted", required: current.required });
  box.addEventListener("change", () => {
    ctx.setExtra(box.checked ? { accepted_version: current.version, locale: current.locale } : {});
  });
  ctx.setExtra({});
  element.append(
    el("fieldset", { class: "terms-step" },
      el("legend", {}, t("step.title")),
      el("p", { class: "terms-summary" }, current.summary),
      el("details", {},
        el("summary", {}, t("step.read")),
        el("h3", {}, t("step.terms")), html(current.terms_html),
        el("h3", {}, t("step.privacy")), html(current.privacy_html)),
      el("label", { class: "checkbox", for: "terms-accept" }, box, " ", t("step.accept", { version: current.version }))));
}
