// Sign-in: business, email, password; a plugin's second-factor challenge; the forced
// password change. Shared with the installation admin page (withBusiness: false).
import { api, setCsrf, el, replace, t, safeHref } from "/static/core/atrium.js";
import { explained } from "/static/core/errors.js";
import { field, alertBox, busy } from "./ui.js";
import { session } from "./session.js";

/// busy() with the refusal said in the page language (core/errors.js). `opts.field` names what
/// a refusal without a field is about (a 401 to a code is the same answer as to a password).
export function busyExplained(form, box, fn, opts) {
  return busy(form, box, async () => {
    try { return await fn(); } catch (e) { throw explained(e, opts); }
  });
}

/// Renders the sign-in flow into `main`. `onSignedIn()` runs once the session is usable.
export function renderLogin(main, { me, onSignedIn, withBusiness = true, title = t("login.title") }) {
  if (me && me.user.must_change_password) return renderChangePassword(main, { onDone: onSignedIn });
  if (me && withBusiness && !me.business) {
    return replace(main, el("section", { class: "card narrow" }, el("h1", {}, title),
      el("p", {}, t("login.noBusiness")), el("a", { href: "/admin/" }, t("login.toAdmin"))));
  }
  const box = alertBox();
  const business = el("input", { name: "business", autocomplete: "organization", required: true, maxlength: 64, autocapitalize: "none", spellcheck: "false" });
  const email = el("input", { name: "email", type: "email", autocomplete: "username", required: true, maxlength: 254 });
  const password = el("input", { name: "password", type: "password", autocomplete: "current-password", required: true, maxlength: 1024 });
  const form = el("form", { class: "card narrow", novalidate: true },
    el("h1", {}, title),
    withBusiness ? field(t("login.business"), business, t("login.businessHint")) : null,
    field(t("login.email"), email), field(t("login.password"), password), box,
    el("button", { type: "submit", class: "primary" }, t("login.submit")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busyExplained(form, box, async () => {
      const body = { email: email.value.trim(), password: password.value };
      if (withBusiness) body.business = business.value.trim().toLowerCase();
      const answer = await api("POST", "/api/v1/auth/login", body);
      password.value = "";
      await afterAnswer(main, answer, { onSignedIn, verifyPath: "/api/v1/auth/login/verify", title });
    });
  });
  replace(main, form);
  (withBusiness ? business : email).focus();
}

/// Handles a sign-in (or re-authentication) answer: signed_in, or second_factor_required.
export async function afterAnswer(container, answer, { onSignedIn, verifyPath, title }) {
  if (answer.status === "second_factor_required") {
    return renderChallenge(container, answer, { onSignedIn, verifyPath, title });
  }
  if (answer.csrf_token) setCsrf(answer.csrf_token);
  if (answer.user && answer.user.must_change_password) return renderChangePassword(container, { onDone: onSignedIn });
  return onSignedIn(answer);
}

/// The plugin's challenge, rendered from challenge.prompt and challenge.fields.
export function renderChallenge(container, answer, { onSignedIn, verifyPath, title }) {
  const ch = answer.challenge || {};
  const box = alertBox();
  const inputs = (ch.fields || [{ name: "code", label: t("login.code") }]).map((f) => el("input", {
    name: f.name, inputmode: f.inputmode || null, autocomplete: f.autocomplete || "off",
    maxlength: f.max_length || null, required: true, autocapitalize: "none", spellcheck: "false",
  }));
  const labels = (ch.fields || [{ label: t("login.code") }]).map((f) => f.label || f.name);
  const form = el("form", { class: "card narrow", novalidate: true },
    el("h1", {}, title || t("login.secondFactor")),
    ch.prompt ? el("p", { id: "challenge-prompt" }, ch.prompt) : null,
    ch.qr_svg ? el("img", { class: "qr", alt: t("login.qrAlt"), src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(ch.qr_svg) }) : null,
    // on a phone the QR code cannot be scanned by the phone itself: the otpauth: link opens the app
    safeHref(ch.otpauth_uri, ["otpauth:"]) ? el("p", {}, el("a", { href: ch.otpauth_uri }, t("login.openApp"))) : null,
    ch.secret ? el("p", {}, t("login.secret"), " ", keyInGroups(ch.secret)) : null,
    inputs.map((input, i) => field(labels[i], input)), box,
    el("button", { type: "submit", class: "primary" }, t("login.verify")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busyExplained(form, box, async () => {
      const response = {};
      inputs.forEach((input) => { response[input.name] = input.value.trim(); });
      let next;
      try { next = await api("POST", verifyPath, { pending: answer.pending, response }); }
      catch (e) { // the plugin's own refusal of a one-field answer is about that field: said beside it
        if (e.code === "rejected" && !e.field && inputs.length === 1) e.field = inputs[0].name;
        throw e;
      }
      // a challenge may ask for a page to open once signed in, with a word why (two_factor
      // enrolled during sign-in: My account, to create the recovery codes)
      const after = ch.after_sign_in;
      if (next.status === "signed_in" && after && after.open === "account") {
        session.notice = typeof after.notice === "string" ? after.notice : null;
        history.replaceState(null, "", "#/account");
      }
      await afterAnswer(container, next, { onSignedIn, verifyPath, title });
    }, { field: "second_factor" });
  });
  replace(container, form);
  inputs[0]?.focus();
}

/// A TOTP key as `<code>` in groups of 4 ("ABCD EFGH …") for reading; the groups are spaced by
/// CSS only, so a copy gives the key without spaces.
export function keyInGroups(secret) {
  return el("code", { class: "secret" }, (String(secret).match(/.{1,4}/g) || []).map((g) => el("span", { class: "key-group" }, g)));
}

/// The forced change of a one-time password (also used by "My account").
export function passwordForm({ onDone, heading = t("password.title"), intro, level = "h2", cls = "card narrow" }) {
  const box = alertBox();
  const current = el("input", { name: "current_password", type: "password", autocomplete: "current-password", required: true, maxlength: 1024 });
  const next = el("input", { name: "new_password", type: "password", autocomplete: "new-password", required: true, minlength: 12, maxlength: 256 });
  const again = el("input", { name: "new_password_again", type: "password", autocomplete: "new-password", required: true, maxlength: 256 });
  const form = el("form", { class: cls, novalidate: true },
    el(level, {}, heading), intro ? el("p", {}, intro) : null,
    field(t("password.current"), current), field(t("password.new"), next, t("password.policy")),
    field(t("password.again"), again), box,
    el("button", { type: "submit", class: "primary" }, t("password.submit")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busyExplained(form, box, async () => {
      if (next.value !== again.value) {
        throw Object.assign(new Error(t("password.mismatch")), { field: "new_password_again" });
      }
      await api("POST", "/api/v1/auth/password", { current_password: current.value, new_password: next.value });
      form.reset();
      await onDone();
    });
  });
  return form;
}

function renderChangePassword(main, { onDone }) {
  const form = passwordForm({ onDone, heading: t("password.mustChange"), intro: t("password.mustChangeIntro"), level: "h1" });
  replace(main, form);
  form.querySelector("input").focus();
}
