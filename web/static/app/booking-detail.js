// One booking: details, status history, and what the API offers on it: reschedule,
// cancel (with a reason), completed, no-show.
import { api, el, replace, t, formatDateTime, formatMonth, formatMoney } from "/static/core/atrium.js";
import { field, alertBox, busy, pageHead, statusLine, say, refocus, confirmFirst } from "./ui.js";
import { services, staff, clientNames, namer } from "./lookups.js";
import { statusBadge } from "./booking-list.js";
import { slotPicker } from "./slot-picker.js";

/// The heading and the status line stay in place; after an action the rest is drawn again,
/// then the status line says what happened (announced) and focus goes to the heading.
export async function renderBooking(main, { params }) {
  const status = statusLine();
  const content = el("div", {});
  const done = (message) => { say(status, message); refocus(null, main.querySelector("h1")); };
  await drawBooking(content, params[0], done);
  document.title = t("booking.title") + " · Atrium";
  replace(main, pageHead(t("booking.title")), status, content);
}

async function drawBooking(main, id, done) {
  const [{ booking: b, history }, svc, stf] = await Promise.all([api("GET", `/api/v1/bookings/${id}`), services(), staff()]);
  const client = (await clientNames([b.client_id]))(b.client_id);
  const staffName = namer(stf, "display_name");
  const box = alertBox();
  const kv = (k, v) => [el("dt", {}, k), el("dd", {}, v)];
  const details = el("dl", { class: "kv" },
    kv(t("booking.when"), b.coarsened ? formatMonth(b.start) // an erased client's or a purged booking: only the month is left
      : `${formatDateTime(b.start, b.time_zone)} – ${formatDateTime(b.end, b.time_zone, { dateStyle: undefined })} (${b.time_zone})`),
    kv(t("booking.service"), namer(svc, "name")(b.service_id)),
    kv(t("booking.provider"), staffName(b.provider_id)),
    kv(t("booking.client"), b.client_id ? el("a", { href: `#/clients/${b.client_id}` }, client?.name || t("client.noName")) : "—"),
    kv(t("booking.statusLabel"), statusBadge(b.status)),
    kv(t("booking.price"), formatMoney(b.price_cents, b.currency)),
    kv(t("booking.source"), t(`booking.source.${b.source}`)),
    b.note ? kv(t("booking.note"), b.note) : null);

  const act = (path, body, message) => busy(actions, box, async () => {
    await api("POST", `/api/v1/bookings/${b.id}/${path}`, body);
    await drawBooking(main, id, done);
    done(message);
  });
  const reason = el("input", { name: "reason", maxlength: 500 });
  const actions = el("div", {});
  if (b.status === "confirmed") {
    const started = new Date(b.start) <= new Date();
    // cancelling emails the client and cannot be undone: the button asks first, in place
    const cancel = el("button", { type: "submit", class: "danger" }, t("booking.cancel"));
    const cancelForm = el("form", { class: "card", novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      confirmFirst(cancel, {
        question: t("booking.cancelQuestion"), yes: t("booking.cancelYes"), no: t("booking.cancelNo"),
        run: () => act("cancel", reason.value.trim() ? { reason: reason.value.trim() } : {}, t("booking.cancelledNow")),
      });
    } }, el("h3", {}, t("booking.cancel")), field(t("booking.reason"), reason), cancel);
    // el() skips a missing part; DOM append() would write "null" as text
    actions.append(...[
      el("h2", {}, t("booking.actions")),
      started ? el("div", { class: "button-row" },
        // final, like a cancellation: asked first, in place
        el("button", { type: "button", onclick: (e) => confirmFirst(e.currentTarget, {
          question: t("booking.completeQuestion"), yes: t("booking.completeYes"),
          run: () => act("complete", undefined, t("booking.completedNow")) }) }, t("booking.complete")),
        el("button", { type: "button", onclick: (e) => confirmFirst(e.currentTarget, {
          question: t("booking.noShowQuestion"), yes: t("booking.noShowYes"),
          run: () => act("no-show", undefined, t("booking.noShowNow")) }) }, t("booking.noShow"))) : null,
      cancelForm,
      started ? null : rescheduleForm(b, stf, staffName, async () => { await drawBooking(main, id, done); done(t("booking.movedNow")); }),
    ].filter(Boolean));
  }
  const hist = el("ol", {}, history.map((h) => el("li", {}, historyLine(h, b.time_zone, b.coarsened))));
  replace(main, box, details, actions, el("h2", {}, t("booking.history")), hist);
}

/// One history line: a status change, or a move (from one time to another), and a
/// canceller's reason when one was given. A coarsened booking's history has only months.
function historyLine(h, zone, coarsened) {
  const who = t(`booking.actor.${h.actor_kind}`);
  const what = h.from_start && h.to_start
    ? t("booking.history.moved", { from: formatDateTime(h.from_start, zone), to: formatDateTime(h.to_start, zone) })
    : `${h.from ? t(`booking.status.${h.from}`) + " → " : ""}${t(`booking.status.${h.to}`)}`;
  return [`${coarsened ? formatMonth(h.at) : formatDateTime(h.at, zone)}: ${what} (${who})`,
    h.reason ? el("span", { class: "history-reason" }, " — ", t("booking.history.reason", { reason: h.reason })) : null];
}

function rescheduleForm(b, stf, staffName, moved) {
  const box = alertBox();
  const provider = el("select", { name: "provider_id" },
    stf.filter((s) => s.bookable && s.active !== false).map((s) => el("option", { value: s.id, selected: s.id === b.provider_id }, s.display_name)));
  const picker = slotPicker({ getService: () => b.service_id, getProvider: () => provider.value, staffName,
    initialDay: (b.start_local || "").slice(0, 10), moving: b }); // opens on the booking's day; its own time is free
  provider.addEventListener("change", picker.refresh);
  const form = el("form", { class: "card", novalidate: true },
    el("h3", {}, t("booking.reschedule")), field(t("booking.provider"), provider), picker.node, box,
    el("button", { type: "submit", class: "primary" }, t("booking.move")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const slot = picker.selected();
      if (!slot) throw Object.assign(new Error(t("bookings.needSlot")), { field: "day" });
      await api("POST", `/api/v1/bookings/${b.id}/reschedule`, { start: slot.start, provider_id: slot.provider_id });
      await moved();
    });
  });
  picker.refresh();
  return form;
}
