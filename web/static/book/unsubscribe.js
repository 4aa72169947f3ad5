// The unsubscribe page /unsubscribe/{token}: what the signed link refers to (business,
// channel, category, current status), one button that unsubscribes and, once unsubscribed,
// one that subscribes again (an undo, as easy as the unsubscribe). What stops is said before
// and once after: booking messages include the reminders before appointments (the kernel sends
// reminders as booking messages, so unsubscribing from those stops reminders on that channel).
import { api, el, replace, t } from "/static/core/atrium.js";
import { explain } from "/static/core/errors.js";
import { setupLanguage, fatal, boot, facts, focusHeading, announce } from "./common.js";

const main = document.getElementById("main");
const m = location.pathname.match(/^\/unsubscribe\/([^/]+)/);
const token = m ? decodeURIComponent(m[1]) : null;
const apiPath = token ? `/api/v1/public/unsubscribe/${encodeURIComponent(token)}` : null;
const S = { info: null, error: null, justDone: false, fatal: null };

const label = (prefix, v) => { const k = `${prefix}.${v}`; const s = t(k); return s === k ? v : s; };
/// "unsub.effect" / "unsub.stopped" for the link's kind: what unsubscribing stops (and what not).
const effect = (key, i) => t(`${key}.${i.category === "promotional" ? "promotional" : "service"}`,
  { business: i.business, channel: label("unsub.by", i.channel) });

function render(moveFocus) {
  if (S.fatal) return fatal(main, S.fatal());
  if (!S.info) return;
  const i = S.info;
  document.getElementById("business-name").textContent = i.business || "";
  const subscribed = i.status === "subscribed";
  const alert = el("div", { class: "notice error", role: "alert", hidden: !S.error }, S.error || "");
  const act = (id, label, rest, said) => { // said(info): read out once the page is redrawn
    const button = el("button", { type: "button", class: subscribed ? "primary" : "secondary", id }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const res = await api("POST", apiPath + rest, {});
        S.info = { ...i, status: res.status }; S.error = null; S.justDone = res.status === "unsubscribed";
      } catch (e) {
        S.error = e.status === 404 ? t("unsub.bad_link") : explain(e);
      }
      render(true);
      if (!S.error) announce(said(S.info));
    });
    return button;
  };
  const button = subscribed ? act("unsubscribe", t("unsub.button"), "", (info) => effect("unsub.stopped", info))
    : act("resubscribe", t("unsub.again"), "/resubscribe", () => t("unsub.again_done"));
  replace(main,
    el("h1", {}, t("unsub.title")),
    el("section", { class: "card", "aria-labelledby": "unsub-h" },
      el("h2", { id: "unsub-h" }, subscribed ? t("unsub.question") : S.justDone ? t("unsub.done_title") : t("unsub.already")),
      facts([
        [t("unsub.business"), i.business],
        [t("unsub.channel"), label("channel", i.channel)],
        [t("unsub.category"), label("category", i.category)],
        [t("summary.status"), el("span", { class: "status-badge", id: "unsub-status", "data-status": i.status }, label("unsub.status", i.status))],
      ]),
      alert,
      subscribed ? el("p", { id: "unsub-effect" }, effect("unsub.effect", i))
        : el("p", { class: S.justDone ? "notice ok" : null, id: "unsub-effect" }, effect("unsub.stopped", i)),
      subscribed ? null : el("p", { class: "muted" }, t("unsub.resubscribe")),
      el("div", { class: "actions" }, button)));
  if (moveFocus) focusHeading(main);
}

async function start() {
  await setupLanguage(null, () => render(false), "unsub.title");
  if (!apiPath) S.fatal = () => t("unsub.bad_link");
  else {
    try {
      S.info = await api("GET", apiPath);
    } catch (e) {
      S.fatal = e.status === 404 || e.status === 400 ? () => t("unsub.bad_link") : () => explain(e);
    }
  }
  render(false);
}

boot(main, start);
