#include "http/ApiRoutes.h"
#include "http/HttpError.h"
#include "http/JsonBody.h"
#include "http/Views.h"

namespace atrium::http {
namespace {

Response serviceAnswer(const booking::Service& s, int status) {
  JsonOut out;
  writeService(out, s);
  return Response::json(status, out.text());
}

booking::Service applyService(const JsonBody& body, booking::Service s) {
  if (auto v = body.optionalString("name", 200)) s.name = *v;
  if (auto v = body.optionalString("description", 2000)) s.description = *v;
  if (auto v = body.optionalInteger("duration_min", 5, 720)) s.durationMin = static_cast<int>(*v);
  if (auto v = body.optionalInteger("buffer_min", 0, 240)) s.bufferMin = static_cast<int>(*v);
  if (auto v = body.optionalInteger("price_cents", 0, 100'000'000)) s.priceCents = *v;
  if (auto v = body.optionalString("currency", 3)) s.currency = *v;
  if (auto v = body.optionalInteger("capacity", 1, 100)) s.capacity = static_cast<int>(*v);
  if (auto v = body.optionalBool("active")) s.active = *v;
  return s;
}

constexpr std::initializer_list<const char*> kServiceFields = {"name", "description", "duration_min", "buffer_min",
                                                               "price_cents", "currency", "capacity", "active"};

/// Staff may read their own hours and days off; owners and admins anyone's.
StaffRequest staffFor(Authenticator& auth, const Request& r, std::int64_t userId, bool write) {
  auto s = write ? auth.staff(r, {"owner", "admin"}) : auth.staff(r);
  if (!s.canManage() && s.principal.userId != userId) throw HttpError(404, "not_found", "no such staff member");
  return s;
}

} // namespace

void addCatalogRoutes(Router& router, ApiContext& api, Authenticator& auth) {
  router.add("GET", "/api/v1/services", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    bool all = queryInt(r, "include_inactive", 0, 0, 1) == 1;
    JsonOut out;
    out.w().StartObject();
    out.key("services").w().StartArray();
    for (const auto& svc : api.services.list(s.business.id, all)) writeService(out, svc);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("POST", "/api/v1/services", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, kServiceFields);
    body.string("name", 200);
    body.integer("duration_min", 5, 720);
    booking::Service svc;
    svc.businessId = s.business.id;
    return serviceAnswer(api.services.create(applyService(body, svc), s.auditActor()), 201);
  });
  router.add("GET", "/api/v1/services/{id}", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    return serviceAnswer(api.services.get(s.business.id, pathId(r, "id")), 200);
  });
  router.add("PATCH", "/api/v1/services/{id}", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, kServiceFields);
    return serviceAnswer(api.services.update(applyService(body, api.services.get(s.business.id, pathId(r, "id"))), s.auditActor()), 200);
  });

  router.add("GET", "/api/v1/staff", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    JsonOut out;
    out.w().StartObject();
    out.key("staff").w().StartArray();
    for (const auto& m : api.staff.list(s.business.id)) writeStaff(out, m, s.canManage() || m.id == s.principal.userId);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  // The business's own settings (owners and admins): contact email and phone and address (the
  // foot of its emails to clients), how far ahead it takes bookings. Fields left out stay; null
  // or "" clears a contact field. Audited with the names of the fields changed.
  router.add("PATCH", "/api/v1/business", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, {"booking_horizon_days", "contact_email", "contact_phone", "address"});
    auto b = *api.businesses.findById(s.business.id);
    auto contact = [&](const char* field, std::size_t max, std::optional<std::string>& into) {
      if (!body.present(field)) return;
      into = body.optionalString(field, max);
      if (into && into->empty()) into.reset();
    };
    contact("contact_email", 254, b.contactEmail);
    contact("contact_phone", 32, b.contactPhone);
    contact("address", 300, b.address);
    if (auto days = body.optionalInteger("booking_horizon_days", 1, 3650)) b.bookingHorizonDays = static_cast<int>(*days);
    api.businesses.saveSettings(b, s.auditActor());
    JsonOut out;
    writeBusiness(out, *api.businesses.findById(s.business.id), true);
    return Response::json(200, out.text());
  });
  router.add("POST", "/api/v1/staff", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    // A support grant is temporary; an account it made would outlive it.
    if (s.isSupport()) throw HttpError(403, "forbidden", "support sessions cannot create or change accounts");
    JsonBody body(r, {"email", "display_name", "role", "password", "bookable"});
    auto role = auth::parseRole(body.string("role", 32));
    if (role == auth::Role::InstallationAdmin || (role == auth::Role::Owner && s.principal.role != "owner"))
      throw HttpError(422, "invalid", "role must be admin or staff (owners may also add owners)", "role");
    auth::NewUser user{s.business.id, body.string("email", 254), body.string("display_name", 200), role,
                       body.string("password", 1024), true};
    auto id = api.users.create(user, s.business.name, s.auditActor(), body.optionalBool("bookable").value_or(false));
    JsonOut out;
    writeStaff(out, api.staff.get(s.business.id, id), true);
    return Response::json(201, out.text());
  });
  router.add("PATCH", "/api/v1/staff/{id}", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, {"display_name", "bookable", "active"});
    auto id = pathId(r, "id");
    auto active = body.optionalBool("active");
    if (active && s.isSupport()) throw HttpError(403, "forbidden", "support sessions cannot create or change accounts");
    if (active && !*active && api.staff.get(s.business.id, id).role == "owner") {
      // Owners answer for the business: only an owner may deactivate another one, never oneself.
      if (s.principal.role != "owner") throw HttpError(403, "forbidden", "only an owner can deactivate an owner");
      if (id == s.principal.userId) throw HttpError(422, "invalid", "you cannot deactivate yourself", "active");
    }
    api.staff.update(s.business.id, id, body.optionalString("display_name", 200), body.optionalBool("bookable"), body.optionalBool("active"),
                     s.auditActor());
    JsonOut out;
    writeStaff(out, api.staff.get(s.business.id, id), true);
    return Response::json(200, out.text());
  });

  auto writeHours = [](const std::vector<booking::WorkingInterval>& week) {
    JsonOut out;
    out.w().StartObject();
    out.key("hours").w().StartArray();
    for (const auto& w : week) {
      out.w().StartObject();
      out.field("weekday", w.weekday).field("start_min", w.startMin).field("end_min", w.endMin);
      out.w().EndObject();
    }
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  };
  router.add("GET", "/api/v1/staff/{id}/hours", [&api, &auth, writeHours](Request& r) {
    auto id = pathId(r, "id");
    auto s = staffFor(auth, r, id, false);
    return writeHours(api.staff.hours(s.business.id, id));
  });
  router.add("PUT", "/api/v1/staff/{id}/hours", [&api, &auth, writeHours](Request& r) {
    auto id = pathId(r, "id");
    auto s = staffFor(auth, r, id, true);
    JsonBody body(r, {"hours"});
    const auto* hours = body.value("hours");
    if (!hours || !hours->IsArray()) throw HttpError(422, "invalid", "hours must be an array of {weekday, start_min, end_min}", "hours");
    std::vector<booking::WorkingInterval> week;
    for (auto& h : hours->GetArray()) {
      if (!h.IsObject() || h.MemberCount() != 3 || !h.HasMember("weekday") || !h.HasMember("start_min") || !h.HasMember("end_min") ||
          !h["weekday"].IsInt() || !h["start_min"].IsInt() || !h["end_min"].IsInt())
        throw HttpError(422, "invalid", "each entry of hours must be {weekday, start_min, end_min} with whole numbers", "hours");
      week.push_back({h["weekday"].GetInt(), h["start_min"].GetInt(), h["end_min"].GetInt()});
    }
    api.staff.setHours(s.business.id, id, week, s.auditActor());
    return writeHours(api.staff.hours(s.business.id, id));
  });

  router.add("GET", "/api/v1/staff/{id}/days-off", [&api, &auth](Request& r) {
    auto id = pathId(r, "id");
    auto s = staffFor(auth, r, id, false);
    JsonOut out;
    out.w().StartObject();
    out.key("days_off").w().StartArray();
    for (const auto& d : api.staff.daysOff(s.business.id, id)) {
      out.w().StartObject();
      out.idField("id", d.id).field("first_day", d.first.toString()).field("last_day", d.last.toString()).field("reason", d.reason);
      out.w().EndObject();
    }
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("POST", "/api/v1/staff/{id}/days-off", [&api, &auth](Request& r) {
    auto id = pathId(r, "id");
    auto s = staffFor(auth, r, id, true);
    JsonBody body(r, {"first_day", "last_day", "reason"});
    auto first = base::LocalDate::parse(body.string("first_day", 10));
    auto last = base::LocalDate::parse(body.string("last_day", 10));
    if (!first) throw HttpError(422, "invalid", "first_day must be a date YYYY-MM-DD", "first_day");
    if (!last) throw HttpError(422, "invalid", "last_day must be a date YYYY-MM-DD", "last_day");
    auto d = api.staff.addDayOff(s.business.id, id, {0, *first, *last, body.optionalString("reason", 200).value_or("")}, s.auditActor());
    JsonOut out;
    out.w().StartObject();
    out.idField("id", d.id).field("first_day", d.first.toString()).field("last_day", d.last.toString()).field("reason", d.reason)
        .field("bookings_affected", api.bookings.confirmedOnDays(s.business, id, d.first, d.last)); // still confirmed: move or cancel them
    out.w().EndObject();
    return Response::json(201, out.text());
  });
  router.add("DELETE", "/api/v1/staff/{id}/days-off/{dayOffId}", [&api, &auth](Request& r) {
    auto id = pathId(r, "id");
    auto s = staffFor(auth, r, id, true);
    api.staff.removeDayOff(s.business.id, id, pathId(r, "dayOffId"), s.auditActor());
    return Response::json(200, R"({"status":"deleted"})");
  });
}

} // namespace atrium::http
