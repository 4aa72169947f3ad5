// two_factor: the account page's panel (enrolment lands with the plugin pages).
export async function mount(element, ctx) {
  element.append(ctx.el("p", {}, ctx.t("name")));
}
