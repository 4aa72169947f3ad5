// terms: the booking page's step. Shows the business's current terms and privacy policy
// (summary beside the checkbox, full text on request) and posts the accepted version as
// extra.terms = {accepted_version, locale}. Never pre-ticked; nothing published: no step.
let uid = 0;

export async function mount(element, ctx) {
  const { el, t } = ctx;
  if (!document.getElementById("terms-editor-css")) {
    document.head.append(Object.assign(document.createElement("link"), { id: "terms-editor-css", rel: "stylesheet", href: "/plugins/terms/terms.css" }));
  }
  let current;
  try {
    current = await ctx.api("GET", `/api/v1/public/${encodeURIComponent(ctx.business.slug)}/plugins/terms/current?locale=${encodeURIComponent(ctx.locale)}`);
  } catch (e) {
    if (e.status === 404) { element.hidden = true; ctx.setExtra({}); return; } // nothing published
    throw e;
  }
  // HTML rendered by the server with cmark's safe mode (raw HTML omitted, unsafe links
  // dropped); parsed inertly through a <template>, never as a script.
  const html = (text) => {
    const box = el("div", { class: "terms-text" });
    const tpl = document.createElement("template");
    tpl.innerHTML = text;
    for (const h of tpl.content.querySelectorAll("h1, h2, h3, h4, h5, h6")) { // below the step's own h3
      const to = document.createElement(`h${Math.min(6, Number(h.tagName[1]) + 3)}`);
      to.append(...h.childNodes);
      h.replaceWith(to);
    }
    for (const a of tpl.content.querySelectorAll("a")) { // a link safe mode emptied is text; others open beside the page
      if (!a.getAttribute("href")) { a.replaceWith(...a.childNodes); continue; }
      a.target = "_blank"; a.rel = "noopener noreferrer";
    }
    box.append(tpl.content);
    return box;
  };
  const id = `terms-accept-${++uid}`;
  const summaryId = `${id}-summary`;
  const box = el("input", { type: "checkbox", id, name: "terms.accepted", required: current.required, "aria-describedby": summaryId });
  box.addEventListener("change", () => {
    ctx.setExtra(box.checked ? { accepted_version: current.version, locale: current.locale } : {});
  });
  ctx.setExtra({});
  element.append(
    el("fieldset", { class: "terms-step" },
      el("legend", {}, t("step.title")),
      el("p", { class: "terms-summary", id: summaryId, lang: current.locale }, current.summary),
      el("details", { class: "terms-full" },
        el("summary", {}, t("step.read")),
        el("h3", {}, t("step.terms")), html(current.terms_html),
        el("h3", {}, t("step.privacy")), html(current.privacy_html)),
      el("div", { class: "field check" }, box, el("label", { for: id }, t("step.accept", { version: current.version })))));
}
