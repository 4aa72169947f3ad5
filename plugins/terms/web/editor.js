// terms: the back office's settings panel (placeholder until the editor lands).
export async function mount(element, ctx) {
  element.append(ctx.el("p", {}, ctx.t("editor.title")));
}
