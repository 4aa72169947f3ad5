#include "base/TimeZones.h"
#include "http/ApiRoutes.h"
#include "http/HttpError.h"
#include "http/JsonBody.h"
#include "http/Views.h"

namespace atrium::http {
namespace {

using base::TimeZones;

/// Plugins' policies and the booking's history know the people of the back office as "staff"
/// (a support session's changes are in the audit log under the same id, with each request).
booking::Actor actorOf(const StaffRequest& s) { return {"staff", std::to_string(s.principal.userId)}; }

/// Staff see their own bookings only; owners and admins all of the business's.
booking::Booking visibleBooking(ApiContext& api, const StaffRequest& s, std::int64_t id) {
  auto b = api.bookings.get(s.business.id, id);
  if (!s.canManage() && b.providerId != s.principal.userId) throw HttpError(404, "not_found", "no such booking");
  return b;
}

booking::Client visibleClient(ApiContext& api, const StaffRequest& s, std::int64_t id) {
  auto c = api.clients.get(s.business.id, id);
  if (!s.canManage() && !api.clients.isClientOf(s.business.id, id, s.principal.userId)) throw HttpError(404, "not_found", "no such client");
  return c;
}

Response bookingAnswer(const booking::Booking& b, const base::Business& business, int status) {
  JsonOut out;
  writeBooking(out, b, business);
  return Response::json(status, out.text());
}

Response clientAnswer(const booking::Client& c, int status) {
  JsonOut out;
  writeClient(out, c);
  return Response::json(status, out.text());
}

booking::Client applyClient(const JsonBody& body, booking::Client c) {
  if (body.present("name")) c.name = body.optionalString("name", 200);
  if (body.present("email")) c.email = body.optionalString("email", 254);
  if (body.present("phone")) c.phone = body.optionalString("phone", 32);
  if (body.present("notes")) c.notes = body.optionalString("notes", 4000);
  if (auto v = body.optionalString("locale", 8)) c.locale = *v;
  if (auto v = body.optionalBool("marketing_email")) c.marketingEmail = *v;
  if (auto v = body.optionalBool("marketing_sms")) c.marketingSms = *v;
  return c;
}

constexpr std::initializer_list<const char*> kClientFields = {"name", "email", "phone", "notes", "locale", "marketing_email",
                                                              "marketing_sms"};

} // namespace

void addBookingRoutes(Router& router, ApiContext& api, Authenticator& auth) {
  auto searchAnswer = [&api](const StaffRequest& s, const std::string& q, int limit, int offset) {
    auto page = api.clients.search(s.business.id, q, limit, offset,
                                   s.canManage() ? std::nullopt : std::optional<std::int64_t>(s.principal.userId));
    JsonOut out;
    out.w().StartObject();
    out.field("total", page.total).field("limit", limit).field("offset", offset);
    out.key("clients").w().StartArray();
    for (const auto& c : page.clients) writeClient(out, c);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  };
  router.add("GET", "/api/v1/clients", [&auth, searchAnswer](Request& r) {
    auto s = auth.staff(r);
    return searchAnswer(s, queryString(r, "q", 100).value_or(""), static_cast<int>(queryInt(r, "limit", 50, 1, 200)),
                        static_cast<int>(queryInt(r, "offset", 0, 0, 1'000'000)));
  });
  // the same search with the words in the body: names, emails and phone numbers stay out of
  // URLs, which proxies and access logs keep (the back office uses this one)
  router.add("POST", "/api/v1/clients/search", [&auth, searchAnswer](Request& r) {
    auto s = auth.staff(r);
    JsonBody body(r, {"q", "limit", "offset"});
    return searchAnswer(s, body.optionalString("q", 100).value_or(""), static_cast<int>(body.optionalInteger("limit", 1, 200).value_or(50)),
                        static_cast<int>(body.optionalInteger("offset", 0, 1'000'000).value_or(0)));
  });
  router.add("POST", "/api/v1/clients", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    JsonBody body(r, kClientFields);
    booking::Client c;
    c.businessId = s.business.id;
    c.locale = s.business.locale;
    if (!s.isSupport()) c.createdBy = s.principal.userId; // staff see the clients they create
    return clientAnswer(api.clients.create(applyClient(body, c), s.auditActor()), 201);
  });
  router.add("GET", "/api/v1/clients/{id}", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    auto c = visibleClient(api, s, pathId(r, "id"));
    JsonOut out;
    out.w().StartObject();
    out.key("client");
    writeClient(out, c);
    out.key("bookings").w().StartArray();
    booking::BookingFilter f;
    f.clientId = c.id;
    if (!s.canManage()) f.providerId = s.principal.userId;
    for (const auto& b : api.bookings.list(s.business.id, f, 200, 0).bookings) writeBooking(out, b, s.business);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("PATCH", "/api/v1/clients/{id}", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, kClientFields);
    return clientAnswer(api.clients.update(applyClient(body, api.clients.get(s.business.id, pathId(r, "id"))), s.auditActor()), 200);
  });

  router.add("GET", "/api/v1/bookings", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    booking::BookingFilter f;
    for (const char* name : {"from", "to"}) {
      if (auto text = queryString(r, name, 40)) {
        auto t = TimeZones::parseInstant(*text);
        if (!t) throw HttpError(400, "bad_request", core::Text("{field} must be an ISO 8601 time", {{"field", name}}), name);
        (std::string(name) == "from" ? f.from : f.to) = *t;
      }
    }
    f.status = queryString(r, "status", 16);
    if (f.status && *f.status != "confirmed" && *f.status != "cancelled" && *f.status != "completed" && *f.status != "no_show")
      throw HttpError(400, "bad_request", "status must be confirmed, cancelled, completed or no_show", "status");
    if (r.query.count("provider")) f.providerId = queryInt(r, "provider", 0, 1, INT64_MAX);
    if (r.query.count("client")) f.clientId = queryInt(r, "client", 0, 1, INT64_MAX);
    if (!s.canManage()) f.providerId = s.principal.userId;
    auto limit = static_cast<int>(queryInt(r, "limit", 50, 1, 200));
    auto offset = static_cast<int>(queryInt(r, "offset", 0, 0, 1'000'000));
    auto page = api.bookings.list(s.business.id, f, limit, offset);
    std::vector<std::int64_t> clientIds;
    for (const auto& b : page.bookings)
      if (b.clientId) clientIds.push_back(*b.clientId);
    auto names = api.clients.names(s.business.id, clientIds); // one query for the page, not one per row
    JsonOut out;
    out.w().StartObject();
    out.field("total", page.total).field("limit", limit).field("offset", offset);
    out.key("bookings").w().StartArray();
    for (const auto& b : page.bookings) writeBooking(out, b, s.business, &names);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("POST", "/api/v1/bookings", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    JsonBody body(r, {"service_id", "provider_id", "client_id", "start", "note"});
    booking::NewBooking req;
    req.serviceId = body.id("service_id");
    req.providerId = body.optionalId("provider_id");
    if (!s.canManage()) {
      if (req.providerId && *req.providerId != s.principal.userId) throw HttpError(403, "forbidden", "staff book their own time only");
      req.providerId = s.principal.userId;
    }
    req.clientId = body.id("client_id");
    // Booking a client must not become a way to read one: staff book only the clients they
    // already see (theirs, or created by them), as an owner or admin may book anyone.
    if (!s.canManage()) visibleClient(api, s, *req.clientId);
    req.startAt = body.instant("start");
    req.note = body.optionalString("note", 2000);
    req.source = "back_office";
    req.locale = readerLocaleOf(r, s.business);
    return bookingAnswer(api.bookings.create(s.business, req, actorOf(s)), s.business, 201);
  });
  router.add("GET", "/api/v1/bookings/{id}", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    auto b = visibleBooking(api, s, pathId(r, "id"));
    JsonOut out;
    out.w().StartObject();
    out.key("booking");
    writeBooking(out, b, s.business);
    out.key("history").w().StartArray();
    for (const auto& h : api.bookings.history(s.business.id, b.id)) {
      out.w().StartObject();
      out.field("from", h.from).field("to", h.to).field("actor_kind", h.actor.kind).field("actor_id", h.actor.id)
          .field("at", TimeZones::formatUtc(h.at));
      if (h.fromStart && h.toStart) // a move: from one start to another
        out.field("from_start", TimeZones::formatUtc(*h.fromStart)).field("to_start", TimeZones::formatUtc(*h.toStart));
      if (h.reason) out.field("reason", *h.reason);
      out.w().EndObject();
    }
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  // Where a booking may move: its service's free times, its own time counting as free (a move
  // by a few minutes overlaps it). Staff see their own bookings' only, like the booking.
  router.add("GET", "/api/v1/bookings/{id}/slots", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    auto b = visibleBooking(api, s, pathId(r, "id"));
    std::optional<std::int64_t> provider;
    if (r.query.count("provider")) provider = queryInt(r, "provider", 0, 1, INT64_MAX);
    if (!s.canManage() && provider && *provider != s.principal.userId) throw HttpError(403, "forbidden", "staff book their own time only");
    if (!s.canManage()) provider = s.principal.userId;
    auto slots = api.availability.slots(s.business, api.services.get(s.business.id, b.serviceId), provider, queryDate(r, "from"),
                                        queryDate(r, "to"), b.id);
    JsonOut out;
    out.w().StartObject();
    out.field("time_zone", s.business.timeZone);
    out.key("slots").w().StartArray();
    for (const auto& slot : slots) writeSlot(out, slot, s.business);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("POST", "/api/v1/bookings/{id}/reschedule", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    auto b = visibleBooking(api, s, pathId(r, "id"));
    JsonBody body(r, {"start", "provider_id"});
    auto provider = body.optionalId("provider_id");
    if (!s.canManage() && provider && *provider != s.principal.userId) throw HttpError(403, "forbidden", "staff book their own time only");
    return bookingAnswer(api.bookings.reschedule(s.business, b.id, body.instant("start"), provider, actorOf(s), readerLocaleOf(r, s.business)),
                         s.business, 200);
  });
  router.add("POST", "/api/v1/bookings/{id}/cancel", [&api, &auth](Request& r) {
    auto s = auth.staff(r);
    auto b = visibleBooking(api, s, pathId(r, "id"));
    JsonBody body(r, {"reason"});
    return bookingAnswer(api.bookings.cancel(s.business, b.id, body.optionalString("reason", 500), actorOf(s), readerLocaleOf(r, s.business)),
                         s.business, 200);
  });
  for (const char* action : {"complete", "no-show"}) {
    std::string status = std::string(action) == "complete" ? "completed" : "no_show";
    router.add("POST", std::string("/api/v1/bookings/{id}/") + action, [&api, &auth, status](Request& r) {
      auto s = auth.staff(r);
      auto b = visibleBooking(api, s, pathId(r, "id"));
      return bookingAnswer(api.bookings.finish(s.business, b.id, status, actorOf(s)), s.business, 200);
    });
  }
}

} // namespace atrium::http
