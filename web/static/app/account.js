// My account: who is signed in, change password, and plugins' "account" mounts (for
// example two_factor's enrolment).
import { api, el, replace, t, mountPlugins } from "/static/core/atrium.js";
import { pageHead, statusLine, say } from "./ui.js";
import { passwordForm } from "./login.js";
import { session } from "./session.js";

export async function renderAccount(main, ctx) {
  document.title = t("account.title") + " · Atrium";
  const u = session.me.user;
  const status = statusLine();
  const mounts = el("div", { class: "plugin-mounts" });
  const notice = session.notice; // once
  session.notice = null;
  replace(main, pageHead(t("account.title")),
    notice ? el("p", { class: "notice", role: "status", id: "account-notice" }, notice) : null,
    el("dl", { class: "kv" }, el("dt", {}, t("staff.name")), el("dd", {}, u.display_name),
      el("dt", {}, t("staff.role")), el("dd", {}, t(`role.${u.role}`)),
      el("dt", {}, t("account.business")), el("dd", {}, session.me.business.name)),
    status,
    passwordForm({ cls: "card form-width", onDone: async () => { say(status, t("password.changed")); status.scrollIntoView({ block: "center" }); } }),
    mounts);
  // every user's own mounts (staff too), from a fresh GET /api/v1/me: a feature may have been switched on since sign-in
  const me = await api("GET", "/api/v1/me");
  await mountPlugins("account", me.plugin_mounts || [], mounts, { business: me.business, me, reload: ctx.reload });
}
