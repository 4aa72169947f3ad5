// My account: who is signed in, change password, and plugins' "account" mounts (for
// example two_factor's enrolment).
import { api, el, replace, t, mountPlugins, ApiError } from "/static/core/atrium.js";
import { pageHead, statusLine, say } from "./ui.js";
import { passwordForm } from "./login.js";
import { session } from "./session.js";

export async function renderAccount(main, ctx) {
  document.title = t("account.title") + " · Atrium";
  const u = session.me.user;
  const status = statusLine();
  const mounts = el("div", { class: "plugin-mounts" });
  replace(main, pageHead(t("account.title")),
    el("dl", { class: "kv" }, el("dt", {}, t("staff.name")), el("dd", {}, u.display_name),
      el("dt", {}, t("staff.role")), el("dd", {}, t(`role.${u.role}`)),
      el("dt", {}, t("account.business")), el("dd", {}, session.me.business.name)),
    status,
    passwordForm({ cls: "card form-width", onDone: async () => { say(status, t("password.changed")); status.scrollIntoView({ block: "center" }); } }),
    mounts);
  let features = [];
  try { features = (await api("GET", "/api/v1/features")).features; }
  catch (e) { if (!(e instanceof ApiError) || e.status !== 403) throw e; } // staff cannot list features
  const list = features.filter((f) => f.enabled).flatMap((f) => (f.web_mounts || [])
    .filter((m) => m.slot === "account").map((m) => ({ plugin: f.id, slot: m.slot, url: m.url, ui: f.ui })));
  await mountPlugins("account", list, mounts, { business: session.me.business, me: session.me, reload: ctx.reload });
}
