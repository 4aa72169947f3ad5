// Privacy mode: the password again (and a plugin's second factor when it asks), in a modal
// dialog. privacyCall() runs an API call and asks again when privacy mode has lapsed.
import { api, el, replace, t, ApiError } from "/static/core/atrium.js";
import { field, alertBox } from "./ui.js";
import { renderChallenge, busyExplained } from "./login.js";

const state = { until: 0 };

/// True while the last re-authentication's window (by the server's `until`) is still open.
export function inPrivacyMode() { return Date.now() < state.until - 5000; }

/// Opens the re-authentication dialog; resolves when privacy mode is on, rejects on cancel.
export function reauthenticate() {
  return new Promise((resolve, reject) => {
    const content = el("div", {});
    const dialog = el("dialog", { "aria-labelledby": "reauth-h", class: "reauth" }, content);
    const done = (answer) => {
      state.until = answer && answer.until ? Date.parse(answer.until) : Date.now() + 4 * 60 * 1000;
      dialog.close(); dialog.remove(); resolve();
    };
    const box = alertBox();
    const password = el("input", { name: "password", type: "password", autocomplete: "current-password", required: true, maxlength: 1024 });
    const form = el("form", { novalidate: true, method: "dialog" },
      el("h2", { id: "reauth-h" }, t("reauth.title")), el("p", {}, t("reauth.intro")),
      field(t("login.password"), password), box,
      el("div", { class: "button-row" },
        el("button", { type: "submit", class: "primary" }, t("reauth.confirm")),
        el("button", { type: "button", onclick: () => dialog.close() }, t("common.cancel"))));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      busyExplained(form, box, async () => {
        const answer = await api("POST", "/api/v1/auth/reauth", { password: password.value });
        password.value = "";
        if (answer.status === "second_factor_required") {
          renderChallenge(content, answer, { onSignedIn: done, verifyPath: "/api/v1/auth/reauth/verify", title: t("reauth.title") });
          const h = content.querySelector("h1");
          if (h) h.replaceWith(el("h2", { id: "reauth-h" }, h.textContent));
          // the challenge's form has no way out of its own: the same Cancel beside its button
          const submit = content.querySelector("button[type=submit]");
          if (submit) {
            const row = el("div", { class: "button-row" });
            submit.replaceWith(row);
            row.append(submit, el("button", { type: "button", onclick: () => dialog.close() }, t("common.cancel")));
          }
        } else done(answer);
      }, { field: "password" });
    });
    // another page (Back, a link, any hash change, the session ended): the dialog belonged to
    // the page left, so it closes as cancelled rather than staying over the new one
    const onRouteChange = () => { if (dialog.open) dialog.close(); };
    window.addEventListener("hashchange", onRouteChange);
    window.addEventListener("popstate", onRouteChange);
    window.addEventListener("atrium:session-ended", onRouteChange); // back to sign-in
    dialog.addEventListener("close", () => {
      window.removeEventListener("hashchange", onRouteChange);
      window.removeEventListener("popstate", onRouteChange);
      window.removeEventListener("atrium:session-ended", onRouteChange);
      if (document.body.contains(dialog)) { dialog.remove(); reject(new Error(t("reauth.cancelled"))); }
    });
    replace(content, form);
    document.body.append(dialog);
    dialog.showModal();
    password.focus();
  });
}

/// Runs `fn` (an API call); on 403 reauthentication_required asks for the password and retries once.
export async function privacyCall(fn) {
  if (!inPrivacyMode()) await reauthenticate();
  try { return await fn(); }
  catch (e) {
    if (e instanceof ApiError && e.status === 403 && e.code === "reauthentication_required") {
      state.until = 0;
      await reauthenticate();
      return fn();
    }
    throw e;
  }
}
