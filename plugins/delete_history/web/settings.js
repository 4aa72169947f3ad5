// delete_history: the settings panel (preview, holds and runs land with the plugin pages).
export async function mount(element, ctx) {
  element.append(ctx.el("p", {}, ctx.t("description")));
}
