#include "core/Errors.h"
#include "core/Json.h"
#include "core/TextInput.h"
#include "base/TimeZones.h"
#include "auth/ManageLinks.h"
#include "http/ApiRoutes.h"
#include "http/HttpError.h"
#include "http/JsonBody.h"
#include "http/Views.h"
#include "notify/Preferences.h"

namespace atrium::http {
namespace {

using base::TimeZones;

/// The business of a public route, once the caller's address is within public.requestsPerMinute
/// (every public business route passes here).
base::Business businessOf(ApiContext& api, const Request& r) {
  if (auto wait = api.publicRequests.hit(r.clientAddress(), api.clock.nowMicros())) tooManyRequests(wait);
  auto b = api.businesses.findBySlug(r.param("slug"));
  if (!b) throw HttpError(404, "not_found", "no such business");
  return *b;
}

/// The last start the booking page offers and takes (the business's booking horizon).
std::int64_t horizonOf(ApiContext& api, const base::Business& b) {
  return api.clock.nowMicros() + std::int64_t{b.bookingHorizonDays} * 86400 * 1'000'000;
}

/// The booking a manage link names, or 404 for a wrong id or token (the same answer);
/// `contact`: whether the token may also change the client's message choices.
struct Managed {
  booking::Booking booking;
  bool contact = false;
};

Managed managedBooking(ApiContext& api, const base::Business& business, const Request& r, std::int64_t id) {
  // the pages send it as a header (kept out of every URL); ?token= for links and scripts
  std::optional<std::string> token = r.header("X-Manage-Token");
  if (token->empty()) token = queryString(r, "token", 100);
  else if (token->size() > 100) token.reset();
  auto contact = token ? auth::verifyManageToken(api.secrets, id, *token) : std::nullopt;
  if (!contact) throw HttpError(404, "not_found", "no such booking");
  return {api.bookings.get(business.id, id), *contact};
}

Managed managedWith(ApiContext& api, const base::Business& business, const Request& r) {
  return managedBooking(api, business, r, pathId(r, "id"));
}

booking::Booking managed(ApiContext& api, const base::Business& business, const Request& r) { return managedWith(api, business, r).booking; }

/// The client whose message choices a manage link may see and change: only through a
/// contact token (see auth/ManageLinks.h), else 403.
std::int64_t choosingClient(ApiContext& api, const base::Business& business, const Request& r) {
  auto m = managedWith(api, business, r);
  if (!m.booking.clientId) throw HttpError(404, "not_found", "no such booking");
  if (!m.contact) throw HttpError(403, "forbidden", "message choices change only through the link in the client's own email");
  return *m.booking.clientId;
}

/// `extra` of a booking: {"<plugin id>": {…}} from plugins' booking-page steps, at most 8 KiB.
std::string extraOf(const JsonBody& body) {
  const auto* extra = body.value("extra");
  if (!extra || extra->IsNull()) return "{}";
  if (!extra->IsObject()) throw HttpError(422, "invalid", "extra must be an object of plugin id to object", "extra");
  for (auto& m : extra->GetObject())
    if (!m.value.IsObject())
      throw HttpError(422, "invalid", core::Text("{field} must be an object", {{"field", std::string("extra.") + m.name.GetString()}}),
                      std::string("extra.") + m.name.GetString());
  auto json = core::toJson(*extra);
  if (json.size() > 8192) throw HttpError(422, "invalid", "extra must be at most 8192 bytes of JSON", "extra");
  return json;
}

std::string localeOf(const JsonBody& body, const base::Business& b) {
  auto locale = body.optionalString("locale", 8).value_or(b.locale);
  if (locale != "en" && locale != "zh-TW") throw HttpError(422, "invalid", "locale must be en or zh-TW", "locale");
  return locale;
}

/// The client a manage link's booking belongs to, as the actor of what the link does.
booking::Actor clientActor(const booking::Booking& b, const Request& r) {
  return {"client", b.clientId ? std::to_string(*b.clientId) : "", r.clientAddress()};
}

/// The choices a manage link shows and changes: booking messages (confirmations, reminders,
/// changes: on unless the client unsubscribed) and promotional ones (off unless opted in).
struct PreferenceField {
  const char* name;
  const char* channel;
  const char* category;
};
constexpr PreferenceField kPreferenceFields[] = {{"booking_email", "email", "service"},
                                                 {"booking_sms", "sms", "service"},
                                                 {"marketing_email", "email", "promotional"},
                                                 {"marketing_sms", "sms", "promotional"}};

Response preferencesAnswer(ApiContext& api, const base::Business& business, std::int64_t clientId) {
  auto lease = api.database.acquire();
  JsonOut out;
  out.w().StartObject();
  for (const auto& f : kPreferenceFields) out.field(f.name, notify::Preferences::allowed(*lease, business.id, clientId, f.channel, f.category));
  // whether the business has an address on each channel: a choice for SMS means nothing without a phone number
  auto on = lease->queryOne("SELECT email IS NOT NULL, phone IS NOT NULL FROM clients WHERE business_id = ? AND id = ?", {business.id, clientId});
  out.key("reachable").w().StartObject();
  out.field("email", on && on->getBool(0)).field("sms", on && on->getBool(1));
  out.w().EndObject();
  out.w().EndObject();
  return Response::json(200, out.text());
}

Response bookingAnswer(ApiContext& api, const booking::Booking& b, const base::Business& business, int status, bool withToken) {
  JsonOut out;
  out.w().StartObject();
  out.key("booking");
  writeBooking(out, b, business, nullptr, false);
  if (withToken) {
    // Always the plain link: a contact link (message choices) only for a client this booking
    // created would tell whoever booked whether the email was known. The contact link goes to
    // the address itself, in the confirmation email.
    auto token = auth::manageToken(api.secrets, b.id, false); // see auth/ManageLinks.h
    out.key("manage").w().StartObject();
    // the token in the fragment: browsers never send it to a server, so no log or proxy sees it
    out.field("token", token).field("url", "/b/" + business.slug + "/manage/" + std::to_string(b.id) + "#token=" + token);
    out.w().EndObject();
  }
  out.w().EndObject();
  return Response::json(status, out.text());
}

} // namespace

void addPublicRoutes(Router& router, ApiContext& api) {
  router.add("GET", "/api/v1/public/{slug}", [&api](Request& r) {
    auto b = businessOf(api, r);
    JsonOut out;
    writeBusiness(out, b, true, [&](JsonOut& o) {
      o.key("processor_notice_url");
      if (api.processorNoticeUrl.empty()) o.w().Null();
      else o.str(api.processorNoticeUrl);
      o.key("plugin_mounts"); // what enabled features add to the booking pages
      writeEnabledMounts(o, api.plugins, b, true);
    });
    return Response::json(200, out.text());
  });

  router.add("GET", "/api/v1/public/{slug}/services", [&api](Request& r) {
    auto b = businessOf(api, r);
    JsonOut out;
    out.w().StartObject();
    out.key("services").w().StartArray();
    for (const auto& s : api.services.list(b.id, false)) writeService(out, s);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });

  router.add("GET", "/api/v1/public/{slug}/providers", [&api](Request& r) {
    auto b = businessOf(api, r);
    JsonOut out;
    out.w().StartObject();
    out.key("providers").w().StartArray();
    for (const auto& p : api.staff.providers(b.id)) writeStaff(out, p, false);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });

  router.add("GET", "/api/v1/public/{slug}/slots", [&api](Request& r) {
    auto b = businessOf(api, r);
    auto serviceId = queryInt(r, "service", 0, 1, INT64_MAX);
    if (serviceId == 0) throw HttpError(400, "bad_request", "service is required", "service");
    auto service = api.services.get(b.id, serviceId);
    if (!service.active) throw HttpError(404, "not_found", "no such service");
    std::optional<std::int64_t> provider;
    if (r.query.count("provider")) provider = queryInt(r, "provider", 0, 1, INT64_MAX);
    // Moving a booking through its manage link: its own time counts as free. Only with the
    // link's token (a wrong one is the same 404 as a wrong booking), and only its service.
    std::optional<std::int64_t> moving;
    if (r.query.count("moving")) {
      auto m = managedBooking(api, b, r, queryInt(r, "moving", 0, 1, INT64_MAX));
      if (m.booking.serviceId != service.id) throw HttpError(422, "invalid", "moving is a booking of another service", "moving");
      moving = m.booking.id;
    }
    auto slots = api.availability.slots(b, service, provider, queryDate(r, "from"), queryDate(r, "to"), moving);
    JsonOut out;
    out.w().StartObject();
    out.field("time_zone", b.timeZone);
    out.key("slots").w().StartArray();
    auto horizon = horizonOf(api, b);
    for (const auto& s : slots)
      if (s.startAt <= horizon) writeSlot(out, s, b);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });

  router.add("POST", "/api/v1/public/{slug}/bookings", [&api](Request& r) {
    auto b = businessOf(api, r);
    JsonBody body(r, {"service_id", "provider_id", "start", "client", "note", "locale", "extra"});
    booking::NewBooking req;
    req.serviceId = body.id("service_id");
    req.providerId = body.optionalId("provider_id");
    req.startAt = body.instant("start");
    req.note = body.optionalString("note", 2000);
    req.source = "public_page";
    req.locale = localeOf(body, b);
    req.extraJson = extraOf(body);
    const auto* c = body.value("client");
    if (!c || !c->IsObject()) throw HttpError(422, "invalid", "client is required: {name, email and/or phone}", "client");
    booking::Client client;
    for (auto& m : c->GetObject()) {
      std::string k = m.name.GetString();
      if (k != "name" && k != "email" && k != "phone" && k != "marketing_email" && k != "marketing_sms")
        throw HttpError(422, "invalid", core::Text("unknown field '{field}'", {{"field", "client." + k}}), "client." + k);
      if (k.rfind("marketing_", 0) == 0) {
        if (!m.value.IsBool()) throw HttpError(422, "invalid", core::Text("{field} must be true or false", {{"field", "client." + k}}), "client." + k);
        (k == "marketing_email" ? client.marketingEmail : client.marketingSms) = m.value.GetBool();
      } else if (!m.value.IsNull()) {
        if (!m.value.IsString()) throw HttpError(422, "invalid", core::Text("{field} must be a string", {{"field", "client." + k}}), "client." + k);
        std::string text(m.value.GetString(), m.value.GetStringLength());
        // counted in characters, as the page counts them (a name in Chinese is 3 bytes a character);
        // refused, never cut
        std::size_t max = k == "name" ? 200 : 254;
        if (text.size() > 4 * max || core::codePoints(text) > max)
          throw HttpError(422, "invalid", core::Text("{field} must have at most {max} characters", {{"field", "client." + k}, {"max", std::to_string(max)}}),
                          "client." + k);
        (k == "name" ? client.name : k == "email" ? client.email : client.phone) = std::move(text);
      }
    }
    client.locale = req.locale;
    req.client = client;
    if (req.startAt > horizonOf(api, b))
      throw HttpError(422, "invalid", core::Text("this business takes bookings at most {days} days ahead", {{"days", std::to_string(b.bookingHorizonDays)}}),
                      "start");
    // One address, one business, one email: bounded, so that nobody fills a calendar or uses
    // the confirmation emails to write to addresses of their choosing.
    auto now = api.clock.nowMicros();
    if (auto wait = api.publicBookingsByAddress.hit(r.clientAddress(), now)) tooManyRequests(wait);
    if (auto wait = api.publicBookingsByBusiness.hit(std::to_string(b.id), now)) tooManyRequests(wait);
    if (client.email && api.maxPendingPerEmail > 0 && api.clients.upcomingBookingsOf(b.id, *client.email) >= api.maxPendingPerEmail)
      throw HttpError(429, "too_many_bookings", "this email address has too many upcoming bookings here", "client.email");
    try {
      auto booked = api.bookings.create(b, req, {"client", "", r.clientAddress()});
      return bookingAnswer(api, booked, b, 201, true);
    } catch (const core::ValidationError& e) { // name the nested field as the client sent it
      std::string field = e.field();
      if (field == "name" || field == "email" || field == "phone") field = "client." + field;
      throw HttpError(422, "invalid", e.text(), field);
    }
  });

  router.add("GET", "/api/v1/public/{slug}/bookings/{id}", [&api](Request& r) {
    auto b = businessOf(api, r);
    return bookingAnswer(api, managed(api, b, r), b, 200, false);
  });

  router.add("POST", "/api/v1/public/{slug}/bookings/{id}/cancel", [&api](Request& r) {
    auto b = businessOf(api, r);
    auto booking = managed(api, b, r);
    JsonBody body(r, {"reason", "locale"});
    auto cancelled = api.bookings.cancel(b, booking.id, body.optionalString("reason", 500), clientActor(booking, r), localeOf(body, b));
    return bookingAnswer(api, cancelled, b, 200, false);
  });

  router.add("POST", "/api/v1/public/{slug}/bookings/{id}/reschedule", [&api](Request& r) {
    auto b = businessOf(api, r);
    auto booking = managed(api, b, r);
    JsonBody body(r, {"start", "locale"});
    auto moved = api.bookings.reschedule(b, booking.id, body.instant("start"), std::nullopt, clientActor(booking, r), localeOf(body, b));
    return bookingAnswer(api, moved, b, 200, false);
  });

  // Promotional messages: withdrawing consent through the manage link is as easy as giving it.
  router.add("GET", "/api/v1/public/{slug}/bookings/{id}/preferences", [&api](Request& r) {
    auto b = businessOf(api, r);
    return preferencesAnswer(api, b, choosingClient(api, b, r));
  });
  router.add("PUT", "/api/v1/public/{slug}/bookings/{id}/preferences", [&api](Request& r) {
    auto b = businessOf(api, r);
    auto client = choosingClient(api, b, r);
    JsonBody body(r, {"booking_email", "booking_sms", "marketing_email", "marketing_sms"});
    std::vector<std::pair<const PreferenceField*, bool>> changes;
    for (const auto& f : kPreferenceFields)
      if (auto v = body.optionalBool(f.name)) changes.emplace_back(&f, *v);
    if (changes.empty())
      throw HttpError(422, "invalid", "give booking_email, booking_sms, marketing_email and/or marketing_sms (true or false)", "marketing_email");
    api.database.inTransaction([&](store::Connection& c) {
      auto now = api.clock.nowMicros();
      for (const auto& [f, on] : changes) notify::Preferences::set(c, b.id, client, f->channel, f->category, on, "manage_link", now);
    });
    return preferencesAnswer(api, b, client);
  });
}

} // namespace atrium::http
