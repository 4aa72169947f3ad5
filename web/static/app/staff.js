// Staff: list and a new staff member (managers).
import { api, el, replace, t } from "/static/core/atrium.js";
import { field, checkField, alertBox, busy, pageHead, table } from "./ui.js";
import { forget } from "./lookups.js";
import { session } from "./session.js";

export async function renderStaff(main, ctx) {
  document.title = t("staff.title") + " · Atrium";
  const { staff } = await api("GET", "/api/v1/staff");
  const yes = (v) => (v === undefined ? "—" : v ? t("common.yes") : t("common.no"));
  replace(main, pageHead(t("staff.title")),
    table([t("staff.name"), t("staff.role"), t("staff.bookable"), t("staff.active")], staff.map((s) => [
      ctx.isManager || s.id === session.me.user.id ? el("a", { href: `#/staff/${s.id}` }, s.display_name) : s.display_name,
      s.role ? t(`role.${s.role}`) : "—", yes(s.bookable), yes(s.active)])),
    ctx.isManager ? newStaffForm() : null);
}

function newStaffForm() {
  const box = alertBox();
  const f = {
    display_name: el("input", { name: "display_name", maxlength: 200, autocomplete: "off" }),
    email: el("input", { name: "email", type: "email", maxlength: 254, autocomplete: "off" }),
    role: el("select", { name: "role" }, ["staff", "admin", ...(session.me.user.role === "owner" ? ["owner"] : [])]
      .map((r) => el("option", { value: r }, t(`role.${r}`)))),
    password: el("input", { name: "password", type: "password", autocomplete: "new-password", maxlength: 256 }),
    bookable: el("input", { type: "checkbox", name: "bookable" }),
  };
  const form = el("form", { class: "card", novalidate: true }, el("h2", {}, t("staff.new")),
    el("div", { class: "grid" }, field(t("staff.name"), f.display_name), field(t("client.email"), f.email), field(t("staff.role"), f.role)),
    field(t("staff.initialPassword"), f.password, t("staff.initialPasswordHint")),
    checkField(t("staff.bookableLabel"), f.bookable), box,
    el("button", { type: "submit", class: "primary" }, t("staff.create")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    busy(form, box, async () => {
      const s = await api("POST", "/api/v1/staff", {
        display_name: f.display_name.value.trim(), email: f.email.value.trim(), role: f.role.value,
        password: f.password.value, bookable: f.bookable.checked,
      });
      forget();
      location.hash = `#/staff/${s.id}`;
    });
  });
  return form;
}
