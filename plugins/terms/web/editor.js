// terms: the back office's editor (settings slot, under the feature's settings form).
// Current version; the texts per language (summary, terms, privacy policy in Markdown),
// prefilled from the current version, with the server's preview and Publish; the list of
// versions (number, date, SHA-256); the owner's list of acceptances.
import { editorForm } from "./editor-form.js";
import { versionsTable, acceptancesPanel, formatUs } from "./editor-lists.js";

const BASE = "/api/v1/plugins/terms";

export async function mount(element, ctx) {
  const { el, t } = ctx;
  ctx.stylesheet("terms.css");
  const currentLine = el("p", { class: "terms-current" });
  const versionsBox = el("div", { class: "terms-versions" });
  let state = { current: null, versions: [] };

  const loadVersions = async () => {
    state = await ctx.api("GET", `${BASE}/versions`);
    const cur = state.versions.find((v) => v.version === state.current);
    currentLine.replaceChildren(cur
      ? t("editor.current", { version: cur.version, date: formatUs(ctx, cur.published_at_us) })
      : t("editor.none"));
    versionsBox.replaceChildren(versionsTable(ctx, state.versions));
  };
  await loadVersions();

  // The texts of the current version prefill the editor.
  let texts = {};
  if (state.current) texts = (await ctx.api("GET", `${BASE}/versions/${state.current}`)).locales || {};

  const acceptances = acceptancesPanel(ctx);
  const form = editorForm(ctx, texts, {
    nextVersion: () => (state.current || 0) + 1,
    onPublished: async () => { await loadVersions(); await acceptances.reload(); },
  });

  element.classList.add("terms-editor");
  element.append(
    currentLine,
    el("h3", {}, t("editor.texts")), form,
    el("h3", {}, t("editor.versions")), versionsBox,
    el("h3", {}, t("editor.acceptances")), acceptances.node);
}
