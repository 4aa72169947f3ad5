// two_factor: the "My account" panel (account slot). Status; enrolment (QR code and the key
// for manual entry, confirmed with a first code); the ten recovery codes, shown once; new
// recovery codes and turning it off, both in privacy mode (reauth.js asks for the password,
// and a code, when the API answers 403 reauthentication_required). Nothing is stored in
// the browser; the secret and the codes live in this panel's DOM only while shown.
import { showError, safeHref } from "/static/core/atrium.js";
import { withPrivacy } from "./reauth.js";

const BASE = "/api/v1/plugins/two_factor";
let uid = 0;

export async function mount(element, ctx) {
  const { el, t } = ctx;
  ctx.stylesheet("two_factor.css");
  const n = ++uid;
  const headingId = `tf-h-${n}`;
  const body = el("div", { class: "tf-body" });
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  element.classList.add("card", "two-factor");
  element.setAttribute("aria-labelledby", headingId);
  const prompt = el("div", { class: "tf-prompt" }); // the password (and code) for privacy mode
  element.append(el("h2", { id: headingId }, t("account.title")), status, body, prompt);

  const alertBox = () => el("div", { class: "alert", role: "alert", hidden: true });
  const say = (text) => status.replaceChildren(text ? el("span", {}, text) : "");
  const show = (...nodes) => { body.replaceChildren(...nodes.filter(Boolean)); };
  const focusFirst = (sel = "input, button") => body.querySelector(sel)?.focus();

  /// Back to the status view; if even that fails, the error goes into `alert` (the view
  /// still shown) instead of an unhandled rejection.
  const backToStatus = async (alert, focus) => {
    try { await renderStatus(); if (focus) focusFirst("button"); } catch (e) { showError(alert, e, null); }
  };

  /// Runs an action from a button: disables it meanwhile, errors into `alert`.
  const act = (button, alert, fn) => async () => {
    button.disabled = true;
    try { showError(alert, null, null); await fn(); }
    catch (e) { if (e && e.cancelled) { await backToStatus(alert); return; } showError(alert, e, null); }
    finally { button.disabled = false; }
  };

  const privacy = (fn) => withPrivacy(ctx, prompt, fn);

  async function renderStatus() {
    const s = await ctx.api("GET", `${BASE}/status`);
    const alert = alertBox();
    if (!s.enrolled) {
      const setup = el("button", { type: "button", class: "primary" }, t("account.setup"));
      setup.addEventListener("click", act(setup, alert, async () => renderEnrol(await ctx.api("POST", `${BASE}/enrol`))));
      show(el("p", { class: "tf-state off" }, t("account.off")),
        s.required ? el("p", { class: "notice" }, t("account.required")) : null,
        alert, el("div", { class: "button-row" }, setup));
      return;
    }
    const left = s.recovery_codes_left;
    const renew = el("button", { type: "button" }, left ? t("account.renew") : t("account.createCodes"));
    renew.addEventListener("click", act(renew, alert, async () => {
      let answer;
      if (!left) { // enrolled during sign-in: the first set needs no privacy mode
        try { answer = await ctx.api("POST", `${BASE}/recovery-codes`); }
        catch (e) { if (e.status !== 409) throw e; }
      }
      if (!answer) answer = await privacy(() => ctx.api("POST", `${BASE}/recovery-codes/renew`));
      renderCodes(answer.recovery_codes, left ? t("account.codesRenewed") : null);
    }));
    const disable = el("button", { type: "button", class: "danger" }, t("account.disable"));
    disable.addEventListener("click", () => renderDisable());
    show(el("p", { class: "tf-state on" }, t("account.on")),
      el("p", {}, t("account.codesLeft", { count: left })),
      left <= 2 ? el("p", { class: "notice" }, t("account.codesLow")) : null,
      alert,
      el("div", { class: "button-row" }, renew, disable),
      left ? el("p", { class: "hint" }, t("account.renewHint")) : null);
  }

  function renderEnrol(answer) {
    const alert = alertBox();
    const codeId = `tf-code-${n}`;
    const code = el("input", { id: codeId, name: "code", inputmode: "numeric", autocomplete: "one-time-code", maxlength: 7, // "123 456" pasted
      pattern: "[0-9]{3} ?[0-9]{3}", required: true, autocapitalize: "none", spellcheck: "false", "aria-describedby": `${codeId}-hint` });
    const submit = el("button", { type: "submit", class: "primary" }, t("account.confirm"));
    const cancel = el("button", { type: "button", onclick: () => backToStatus(alert) }, t("account.cancel"));
    // groups of 4 for reading, spaced by CSS only: a copy gives the key without spaces
    const grouped = ((answer.secret || "").match(/.{1,4}/g) || []).map((g) => el("span", { class: "key-group" }, g));
    const form = el("form", { class: "tf-enrol", novalidate: true },
      el("p", {}, t("account.scan")),
      el("img", { class: "qr", alt: t("account.qrAlt"), src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(answer.qr_svg || "") }),
      el("p", {}, t("account.manual"), " ", el("code", { class: "secret tf-secret" }, grouped)),
      safeHref(answer.otpauth_uri, ["otpauth:"]) ? el("p", {}, el("a", { href: answer.otpauth_uri }, t("account.openApp"))) : null,
      el("div", { class: "field" }, el("label", { for: codeId }, t("account.code")), code,
        el("p", { class: "hint", id: `${codeId}-hint` }, t("account.codeFormat"))),
      alert, el("div", { class: "button-row" }, submit, cancel));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const value = code.value.replace(/\s+/g, "");
      showError(alert, null, form);
      if (!/^\d{6}$/.test(value)) return showError(alert, { message: t("account.codeFormat"), field: "code" }, form);
      submit.disabled = true;
      try {
        const done = await ctx.api("POST", `${BASE}/enrol/confirm`, { code: value });
        say(t("account.enrolled"));
        renderCodes(done.recovery_codes);
      } catch (e) {
        if (!e.field && e.status === 422) e.field = "code";
        showError(alert, e, form);
      } finally { submit.disabled = false; }
    });
    show(form);
    code.focus();
  }

  function renderCodes(codes, notice) {
    if (notice) say(notice);
    const savedId = `tf-saved-${n}`;
    const saved = el("input", { type: "checkbox", id: savedId });
    const done = el("button", { type: "button", class: "primary", disabled: true }, t("account.done"));
    saved.addEventListener("change", () => { done.disabled = !saved.checked; });
    const alert = alertBox();
    done.addEventListener("click", () => backToStatus(alert, true));
    const heading = el("h3", { tabindex: "-1" }, t("account.codesTitle"));
    show(heading,
      el("p", {}, t("account.codesIntro")),
      el("ol", { class: "tf-codes", "aria-label": t("account.codesTitle") }, (codes || []).map((c) => el("li", {}, el("code", { class: "code-once" }, c)))),
      el("div", { class: "field check" }, saved, el("label", { for: savedId }, t("account.codesSaved"))),
      alert, el("div", { class: "button-row" }, done));
    heading.focus(); // read on from the heading: the intro, the codes, then the check box
  }

  function renderDisable() {
    const alert = alertBox();
    const yes = el("button", { type: "button", class: "danger solid" }, t("account.disable"));
    const no = el("button", { type: "button", onclick: () => backToStatus(alert, true) }, t("account.cancel"));
    yes.addEventListener("click", act(yes, alert, async () => {
      await privacy(() => ctx.api("POST", `${BASE}/disable`));
      say(t("account.disabled"));
      await renderStatus();
    }));
    show(el("p", {}, t("account.disableConfirm")), alert, el("div", { class: "button-row" }, yes, no));
    no.focus();
  }

  await renderStatus();
}
