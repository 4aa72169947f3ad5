// two_factor: privacy mode for the panel's sensitive actions. withPrivacy() runs the call;
// when the API answers 403 reauthentication_required it asks, in `container`, for the
// password (POST /api/v1/auth/reauth) and, if the answer is second_factor_required, for
// the second factor the challenge names (POST /api/v1/auth/reauth/verify), then retries.
// Cancelling rejects with an error whose `cancelled` is true.
import { showError } from "/static/core/atrium.js";

let uid = 0;

export async function withPrivacy(ctx, container, fn) {
  try {
    return await fn();
  } catch (e) {
    if (!(e && e.status === 403 && e.code === "reauthentication_required")) throw e;
  }
  await reauthenticate(ctx, container);
  return fn();
}

function reauthenticate(ctx, container) {
  const { el, t } = ctx;
  const n = ++uid;
  return new Promise((resolve, reject) => {
    const finish = (ok) => {
      if (container.__cancelPrompt === cancel) container.__cancelPrompt = null;
      container.replaceChildren();
      if (ok) resolve(); else reject(Object.assign(new Error(t("reauth.cancelled")), { cancelled: true }));
    };
    const cancel = () => finish(false);
    container.__cancelPrompt?.(); // one prompt at a time: a newer action replaces an older one
    container.__cancelPrompt = cancel;
    const cancelButton = () => el("button", { type: "button", onclick: () => finish(false) }, t("account.cancel"));

    const form = (intro, fields, submit) => {
      const alert = el("div", { class: "alert", role: "alert", hidden: true });
      const inputs = fields.map((f, i) => {
        const id = `tf-reauth-${n}-${f.name}-${i}`;
        const input = el("input", { id, name: f.name, type: f.type || "text", autocomplete: f.autocomplete || "off",
          inputmode: f.inputmode || null, maxlength: f.max_length || null, required: true, autocapitalize: "none", spellcheck: "false" });
        return { f, input, node: el("div", { class: "field" }, el("label", { for: id }, f.label), input) };
      });
      const ok = el("button", { type: "submit", class: "primary" }, t("reauth.confirm"));
      const node = el("form", { class: "tf-reauth", novalidate: true, "aria-labelledby": `tf-reauth-h-${n}` },
        el("h3", { id: `tf-reauth-h-${n}` }, t("reauth.title")), intro ? el("p", {}, intro) : null,
        inputs.map((x) => x.node), alert, el("div", { class: "button-row" }, ok, cancelButton()));
      node.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        ok.disabled = true;
        try {
          showError(alert, null, node);
          const values = Object.fromEntries(inputs.map((x) => [x.f.name, x.input.value.trim()]));
          await submit(values, inputs);
        } catch (e) {
          showError(alert, e, node);
        } finally { ok.disabled = false; }
      });
      container.replaceChildren(node);
      inputs[0]?.input.focus();
    };

    const afterAnswer = (answer) => {
      if (answer && answer.status === "second_factor_required") {
        const ch = answer.challenge || {};
        const fields = (ch.fields && ch.fields.length ? ch.fields : [{ name: "code", label: t("reauth.code") }])
          .map((f) => ({ ...f, label: f.label || f.name }));
        form(ch.prompt || null, fields, async (values) => {
          afterAnswer(await ctx.api("POST", "/api/v1/auth/reauth/verify", { pending: answer.pending, response: values }));
        });
        return;
      }
      finish(true);
    };

    form(t("reauth.intro"), [{ name: "password", type: "password", autocomplete: "current-password", label: t("reauth.password"), max_length: 1024 }],
      async (values, inputs) => {
        const password = inputs[0].input.value; // not trimmed: spaces may be part of it
        inputs[0].input.value = "";
        afterAnswer(await ctx.api("POST", "/api/v1/auth/reauth", { password }));
      });
  });
}
