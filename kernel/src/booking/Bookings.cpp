#include "booking/Bookings.h"
#include "core/Json.h"

#include "base/TimeZones.h"
#include "core/Errors.h"
#include "core/JsonOut.h"
#include "core/TextInput.h"
#include "notify/Outbox.h"
#include "notify/Webhooks.h"
#include "plugin_host/HookDispatcher.h"

#include <atrium/sdk/JsonBuilder.hpp>

#include <algorithm>

namespace atrium::booking {
namespace {

constexpr std::int64_t kMinute = 60'000'000;
constexpr const char* kColumns = "id, business_id, service_id, provider_id, client_id, start_at, end_at, status, source, note, "
                                 "price_cents, currency, created_at, updated_at, "
                                 "CASE WHEN purged_at IS NOT NULL OR EXISTS (SELECT 1 FROM clients e WHERE e.id = bookings.client_id "
                                 "AND e.erased_at IS NOT NULL) THEN 1 ELSE 0 END AS coarsened";

Booking fromRow(const store::Row& r) {
  Booking b;
  b.id = r.getInt("id");
  b.businessId = r.getInt("business_id");
  b.serviceId = r.getInt("service_id");
  b.providerId = r.getInt("provider_id");
  b.clientId = r.getOptionalInt("client_id");
  b.startAt = r.getInt("start_at");
  b.endAt = r.getInt("end_at");
  b.status = r.getText("status");
  b.source = r.getText("source");
  b.note = r.getOptionalText("note");
  b.priceCents = r.getInt("price_cents");
  b.currency = r.getText("currency");
  b.createdAt = r.getInt("created_at");
  b.updatedAt = r.getInt("updated_at");
  b.coarsened = r.getInt("coarsened") != 0;
  return b;
}

plugin_host::BusinessRef refOf(const base::Business& b, const std::string& locale) {
  return {b.id, b.featuresVersion, b.name, b.timeZone, locale};
}

rapidjson::Value bookingJson(const Booking& b, rapidjson::Document::AllocatorType& a) {
  auto id = [&a](std::int64_t v) { return rapidjson::Value(std::to_string(v).c_str(), a); };
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("id", b.id ? id(b.id) : rapidjson::Value(), a);
  v.AddMember("service_id", id(b.serviceId), a);
  v.AddMember("staff_id", id(b.providerId), a);
  v.AddMember("client_id", b.clientId ? id(*b.clientId) : rapidjson::Value(), a);
  v.AddMember("start_us", b.startAt, a);
  v.AddMember("end_us", b.endAt, a);
  v.AddMember("note", b.note ? rapidjson::Value(b.note->c_str(), a) : rapidjson::Value(""), a);
  v.AddMember("source", rapidjson::Value(b.source.c_str(), a), a);
  v.AddMember("status", rapidjson::Value(b.status.c_str(), a), a);
  v.AddMember("created_at_us", b.createdAt, a);
  return v;
}

rapidjson::Value actorJson(const Actor& actor, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("kind", rapidjson::Value(actor.kind.c_str(), a), a);
  v.AddMember("id", actor.id.empty() ? rapidjson::Value() : rapidjson::Value(actor.id.c_str(), a), a);
  v.AddMember("ip", actor.ip.empty() ? rapidjson::Value() : rapidjson::Value(actor.ip.c_str(), a), a);
  return v;
}

/// `extraJson` is a JSON object the HTTP layer validated; anything else becomes {}.
rapidjson::Value extraJson(const std::string& extraJson, rapidjson::Document::AllocatorType& a) {
  rapidjson::Document parsed;
  core::parseJson(parsed, extraJson);
  if (parsed.HasParseError() || !parsed.IsObject()) return rapidjson::Value(rapidjson::kObjectType);
  return rapidjson::Value(parsed, a);
}

/// A line of the booking's history; `move`: the start before and after, `reason`: a canceller's words.
void record(store::Connection& c, const Booking& b, const std::optional<std::string>& from, const Actor& actor, std::int64_t at,
            std::optional<std::pair<std::int64_t, std::int64_t>> move = std::nullopt, const std::optional<std::string>& reason = std::nullopt) {
  c.execute("INSERT INTO booking_history (business_id, booking_id, from_status, to_status, actor_kind, actor_id, at, from_start, to_start, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {b.businessId, b.id, from, b.status, actor.kind, actor.id, at, move ? std::optional<std::int64_t>(move->first) : std::nullopt,
             move ? std::optional<std::int64_t>(move->second) : std::nullopt, reason});
}

/// The webhook body of a booking event: ids and times, never personal data.
std::string webhookPayload(const std::string& event, const Booking& b, std::int64_t now) {
  core::JsonOut out;
  out.w().StartObject();
  out.field("event", event);
  out.field("occurred_at", base::TimeZones::formatUtc(now));
  out.idField("business_id", b.businessId);
  out.key("booking");
  out.w().StartObject();
  out.idField("id", b.id).idField("service_id", b.serviceId).idField("provider_id", b.providerId);
  out.key("client_id");
  if (b.clientId) out.str(std::to_string(*b.clientId));
  else out.null();
  out.field("start", base::TimeZones::formatUtc(b.startAt));
  out.field("end", base::TimeZones::formatUtc(b.endAt));
  out.field("status", b.status);
  out.field("source", b.source);
  out.w().EndObject();
  out.w().EndObject();
  return out.text();
}

/// The business's people's changes are audited; a client's own (booking page, manage link) and
/// the system's are in the booking's history only.
base::AuditBy auditedActor(const Actor& actor) {
  if (actor.kind == "staff" || actor.kind == "support") return base::AuditParty{actor.kind, actor.id};
  return std::nullopt;
}

base::AuditParty subjectOf(const Booking& b) { return {"booking", std::to_string(b.id)}; }

/// A veto or failure from booking.validate / cancel_validate becomes a domain error.
void raise(const plugin_host::HookOutcome& outcome) {
  if (outcome.kind == plugin_host::HookOutcome::Kind::Rejected) throw core::DomainError("rejected", core::Text::verbatim(outcome.message)); // the plugin wrote it for its reader
  if (outcome.kind == plugin_host::HookOutcome::Kind::Failed) throw core::DomainError("unavailable", "this action is unavailable right now; please try again later"); // fails closed
}

} // namespace

void Bookings::validateWithPlugins(const base::Business& business, const Booking& candidate, const std::string& operation,
                                   const Actor& actor, const std::string& locale, const std::string& extra, bool clientVerified) {
  if (!hooks_) return;
  raise(hooks_->filter(refOf(business, locale), plugin_host::HookId::BookingValidate, [&](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    d.AddMember("operation", rapidjson::Value(operation.c_str(), a), a);
    d.AddMember("actor", actorJson(actor, a), a);
    auto booking = bookingJson(candidate, a);
    booking.AddMember("client_verified", candidate.clientId.has_value() && clientVerified, a);
    booking.AddMember("price_cents", candidate.priceCents, a);
    booking.AddMember("currency", rapidjson::Value(candidate.currency.c_str(), a), a);
    d.AddMember("booking", booking, a);
    d.AddMember("extra", extraJson(extra, a), a);
  }));
}

void Bookings::claim(store::Connection& c, const base::Business& business, const Service& service, std::int64_t providerId,
                     std::int64_t start, std::int64_t blockedUntil, std::optional<std::int64_t> ignore) {
  if (c.execute("UPDATE users SET booking_seq = booking_seq + 1 WHERE id = ? AND business_id = ? AND bookable = 1 AND active = 1",
                {providerId, business.id}) == 0)
    throw core::NotFoundError("no such provider");
  int same = 0;
  bool blocked = false;
  c.forEach(std::string("SELECT id, service_id, start_at FROM bookings WHERE provider_id = ? AND status IN ") + kBlockingStatuses +
                " AND start_at < ? AND start_at > ? AND blocked_until > ?",
            {providerId, blockedUntil, start - kMaxBlockMicros, start}, [&](const store::Row& r) {
              if (ignore && r.getInt(0) == *ignore) return;
              if (service.capacity > 1 && r.getInt(1) == service.id && r.getInt(2) == start) ++same;
              else blocked = true;
            });
  if (blocked || same >= service.capacity) throw core::ConflictError("the slot is no longer available", "start");
}

Booking Bookings::create(const base::Business& business, const NewBooking& req, const Actor& actor) {
  Service service = services_.get(business.id, req.serviceId);
  if (!service.active) throw core::ValidationError("service_id", "the service is not offered any more");
  if (req.note) core::requireText("note", *req.note, 2000, core::TextKind::MultiLine, false);
  if (req.startAt <= clock_.nowMicros()) throw core::ValidationError("start", "start must be in the future");
  if (req.clientId) clients_.get(business.id, *req.clientId);
  if (req.client) ClientDirectory::validate(*req.client);

  std::vector<std::int64_t> candidates;
  if (req.providerId) candidates.push_back(*req.providerId);
  else
    for (const auto& p : staff_.providers(business.id)) candidates.push_back(p.id);
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](std::int64_t p) { return !availability_.withinWorkingHours(business, service, p, req.startAt); }),
                   candidates.end());
  if (candidates.empty()) throw core::ValidationError("start", "start is not a bookable time of this service");

  Booking b;
  b.businessId = business.id;
  b.serviceId = service.id;
  b.clientId = req.clientId;
  b.startAt = req.startAt;
  b.endAt = req.startAt + service.durationMin * kMinute;
  b.status = "confirmed";
  b.source = req.source;
  b.note = req.note;
  b.priceCents = service.priceCents;
  b.currency = service.currency;
  // Who is booking: a returning client typed on the public page is known by the email alone
  // (client_verified false), so a per-client policy can hold without revealing more.
  bool clientVerified = req.clientId.has_value();
  if (!b.clientId && req.client && req.client->email) b.clientId = clients_.findByEmail(business.id, *req.client->email);

  std::int64_t blockedUntil = b.endAt + service.bufferMin * kMinute;
  for (std::size_t i = 0;; ++i) {
    b.providerId = candidates[i];
    // the booking checked is the booking made: each candidate provider is validated before it is claimed
    validateWithPlugins(business, b, "create", actor, req.locale, req.extraJson, clientVerified);
    try {
      database_.inTransaction([&](store::Connection& c) {
        claim(c, business, service, b.providerId, b.startAt, blockedUntil, std::nullopt);
        if (req.client) {
          Client client = *req.client;
          client.businessId = business.id;
          b.clientId = clients_.findOrCreate(c, client, &b.clientCreated).id;
        }
        b.createdAt = b.updatedAt = clock_.nowMicros();
        b.id = c.insert("INSERT INTO bookings (business_id, service_id, provider_id, client_id, start_at, end_at, blocked_until, "
                        "status, source, note, price_cents, currency, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {b.businessId, b.serviceId, b.providerId, b.clientId, b.startAt, b.endAt, blockedUntil, b.status, b.source,
                         b.note, b.priceCents, b.currency, b.createdAt, b.updatedAt});
        record(c, b, std::nullopt, actor, b.createdAt);
        if (audit_)
          audit_->record(c, business.id, auditedActor(actor), "booking.created", subjectOf(b),
                         sdk::JsonObject{{"service_id", std::to_string(b.serviceId)}, {"provider_id", std::to_string(b.providerId)}}.str());
        notify::Webhooks::enqueue(c, business.id, "booking.created", webhookPayload("booking.created", b, b.createdAt), b.createdAt);
        if (b.clientId) notify::Outbox::queueForClient(c, business.id, *b.clientId, b.id, "booking.confirmation", b.createdAt);
      });
      break;
    } catch (const core::ConflictError&) {
      if (i + 1 == candidates.size()) throw; // every provider is taken
    }
  }
  if (hooks_)
    hooks_->event(refOf(business, req.locale), plugin_host::HookId::BookingCreated, [&](rapidjson::Document& d) {
      auto& a = d.GetAllocator();
      d.AddMember("actor", actorJson(actor, a), a);
      d.AddMember("booking", bookingJson(b, a), a);
      d.AddMember("extra", extraJson(req.extraJson, a), a);
    });
  return b;
}

Booking Bookings::get(std::int64_t businessId, std::int64_t id) {
  auto lease = database_.acquire();
  auto row = lease->queryOne(std::string("SELECT ") + kColumns + " FROM bookings WHERE business_id = ? AND id = ?", {businessId, id});
  if (!row) throw core::NotFoundError("no such booking");
  return fromRow(*row);
}

BookingPage Bookings::list(std::int64_t businessId, const BookingFilter& f, int limit, int offset) {
  std::string where = " FROM bookings WHERE business_id = ?";
  store::Params params{businessId};
  if (f.from) where += " AND start_at >= ?", params.emplace_back(*f.from);
  if (f.to) where += " AND start_at < ?", params.emplace_back(*f.to);
  if (f.status) where += " AND status = ?", params.emplace_back(*f.status);
  if (!f.statuses.empty()) {
    where += " AND status IN (";
    for (std::size_t i = 0; i < f.statuses.size(); ++i) {
      where += i ? ", ?" : "?";
      params.emplace_back(f.statuses[i]);
    }
    where += ")";
  }
  if (f.providerId) where += " AND provider_id = ?", params.emplace_back(*f.providerId);
  if (f.clientId) where += " AND client_id = ?", params.emplace_back(*f.clientId);
  BookingPage page;
  auto lease = database_.acquire();
  page.total = lease->queryOne("SELECT COUNT(*)" + where, params)->getInt(0);
  lease->forEach(std::string("SELECT ") + kColumns + where + " ORDER BY start_at, id LIMIT " + std::to_string(limit) + " OFFSET " +
                     std::to_string(offset),
                 params, [&page](const store::Row& r) { page.bookings.push_back(fromRow(r)); });
  return page;
}

Booking Bookings::reschedule(const base::Business& business, std::int64_t id, std::int64_t newStart, std::optional<std::int64_t> newProvider,
                             const Actor& actor, const std::string& locale) {
  Booking b = get(business.id, id);
  if (b.status != "confirmed") throw core::ConflictError("only a confirmed booking can be rescheduled", "status");
  if (newStart <= clock_.nowMicros()) throw core::ValidationError("start", "start must be in the future");
  Service service = services_.get(business.id, b.serviceId);
  std::int64_t provider = newProvider.value_or(b.providerId);
  if (!availability_.withinWorkingHours(business, service, provider, newStart))
    throw core::ValidationError("start", "start is not a bookable time of this service");
  Booking moved = b;
  moved.providerId = provider;
  moved.startAt = newStart;
  moved.endAt = newStart + service.durationMin * kMinute;
  validateWithPlugins(business, moved, "reschedule", actor, locale.empty() ? business.locale : locale, "{}", true);
  database_.inTransaction([&](store::Connection& c) {
    claim(c, business, service, provider, moved.startAt, moved.endAt + service.bufferMin * kMinute, b.id);
    moved.updatedAt = clock_.nowMicros();
    if (c.execute("UPDATE bookings SET provider_id = ?, start_at = ?, end_at = ?, blocked_until = ?, updated_at = ? "
                  "WHERE id = ? AND business_id = ? AND status = 'confirmed'",
                  {provider, moved.startAt, moved.endAt, moved.endAt + service.bufferMin * kMinute, moved.updatedAt, b.id,
                   business.id}) == 0)
      throw core::ConflictError("the booking changed meanwhile; reload it", "status");
    record(c, moved, std::string("confirmed"), actor, moved.updatedAt, std::make_pair(b.startAt, moved.startAt));
    if (audit_) { // which of time and provider changed; the times stay in the booking, whose erasure coarsens them
      sdk::JsonArray changed;
      sdk::JsonObject details;
      if (moved.startAt != b.startAt) changed.add("start");
      if (moved.providerId != b.providerId) changed.add("provider_id");
      details.add("changed", changed);
      if (moved.providerId != b.providerId)
        details.add("provider_id", sdk::JsonObject{{"old", std::to_string(b.providerId)}, {"new", std::to_string(moved.providerId)}});
      audit_->record(c, business.id, auditedActor(actor), "booking.moved", subjectOf(moved), details.str());
    }
    notify::Webhooks::enqueue(c, business.id, "booking.changed", webhookPayload("booking.changed", moved, moved.updatedAt), moved.updatedAt);
    notify::Outbox::cancelReminders(c, b.id); // they are queued again for the new time
    if (b.clientId) notify::Outbox::queueForClient(c, business.id, *b.clientId, b.id, "booking.changed", moved.updatedAt);
  });
  return moved;
}

Booking Bookings::cancel(const base::Business& business, std::int64_t id, const std::optional<std::string>& reason, const Actor& actor,
                         const std::string& locale) {
  Booking b = get(business.id, id);
  if (b.status != "confirmed") throw core::ConflictError("only a confirmed booking can be cancelled", "status");
  if (reason) core::requireText("reason", *reason, 500, core::TextKind::MultiLine, false);
  if (hooks_)
    raise(hooks_->filter(refOf(business, locale), plugin_host::HookId::BookingCancelValidate, [&](rapidjson::Document& d) {
      auto& a = d.GetAllocator();
      d.AddMember("actor", actorJson(actor, a), a);
      d.AddMember("booking", bookingJson(b, a), a);
      d.AddMember("reason", reason ? rapidjson::Value(reason->c_str(), a) : rapidjson::Value(), a);
    }));
  database_.inTransaction([&](store::Connection& c) {
    b.updatedAt = clock_.nowMicros();
    if (c.execute("UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ? AND business_id = ? AND status = 'confirmed'",
                  {b.updatedAt, b.id, business.id}) == 0)
      throw core::ConflictError("the booking changed meanwhile; reload it", "status");
    b.status = "cancelled";
    std::optional<std::string> said = reason && !reason->empty() ? reason : std::nullopt;
    record(c, b, std::string("confirmed"), actor, b.updatedAt, std::nullopt, said);
    if (audit_) audit_->record(c, business.id, auditedActor(actor), "booking.cancelled", subjectOf(b)); // the reason is the canceller's words: not here
    notify::Webhooks::enqueue(c, business.id, "booking.cancelled", webhookPayload("booking.cancelled", b, b.updatedAt), b.updatedAt);
    notify::Outbox::cancelReminders(c, b.id);
    if (b.clientId) notify::Outbox::queueForClient(c, business.id, *b.clientId, b.id, "booking.cancelled", b.updatedAt);
  });
  return b;
}

Booking Bookings::finish(const base::Business& business, std::int64_t id, const std::string& status, const Actor& actor) {
  if (status != "completed" && status != "no_show") throw core::ValidationError("status", "status must be completed or no_show");
  Booking b = get(business.id, id);
  if (b.status != "confirmed") throw core::ConflictError(core::Text("only a confirmed booking can be marked {status}", {{"status", status}}), "status");
  if (b.startAt > clock_.nowMicros()) throw core::ConflictError("the booking has not started yet", "status");
  database_.inTransaction([&](store::Connection& c) {
    b.updatedAt = clock_.nowMicros();
    if (c.execute("UPDATE bookings SET status = ?, updated_at = ? WHERE id = ? AND business_id = ? AND status = 'confirmed'",
                  {status, b.updatedAt, b.id, business.id}) == 0)
      throw core::ConflictError("the booking changed meanwhile; reload it", "status");
    b.status = status;
    record(c, b, std::string("confirmed"), actor, b.updatedAt);
    if (audit_)
      audit_->record(c, business.id, auditedActor(actor), "booking.status_changed", subjectOf(b),
                     sdk::JsonObject{{"status", sdk::JsonObject{{"old", "confirmed"}, {"new", status}}}}.str());
    notify::Webhooks::enqueue(c, business.id, "booking.changed", webhookPayload("booking.changed", b, b.updatedAt), b.updatedAt);
  });
  return b;
}

std::vector<StatusChange> Bookings::history(std::int64_t businessId, std::int64_t id) {
  get(businessId, id);
  std::vector<StatusChange> out;
  auto lease = database_.acquire();
  lease->forEach("SELECT from_status, to_status, actor_kind, actor_id, at, from_start, to_start, reason FROM booking_history "
                 "WHERE business_id = ? AND booking_id = ? ORDER BY id",
                 {businessId, id}, [&out](const store::Row& r) {
                   out.push_back({r.getOptionalText(0), r.getText(1), {r.getText(2), r.getText(3), {}}, r.getInt(4), r.getOptionalInt(5),
                                  r.getOptionalInt(6), r.getOptionalText(7)});
                 });
  return out;
}

std::int64_t Bookings::confirmedOnDays(const base::Business& business, std::int64_t providerId, const base::LocalDate& first, const base::LocalDate& last) {
  // a UTC window a day wider on each side than any offset, then the local day of each start
  constexpr std::int64_t kDay = INT64_C(86400000000);
  auto from = base::TimeZones::toUtc("UTC", first, 0).value_or(0) - kDay;
  auto to = base::TimeZones::toUtc("UTC", last, 0).value_or(0) + 2 * kDay;
  std::int64_t n = 0;
  auto lease = database_.acquire();
  lease->forEach("SELECT start_at FROM bookings WHERE business_id = ? AND provider_id = ? AND status = 'confirmed' AND start_at >= ? AND start_at < ?",
                 {business.id, providerId, from, to}, [&](const store::Row& r) {
                   auto day = base::TimeZones::toLocal(business.timeZone, r.getInt(0)).first;
                   if (first <= day && day <= last) ++n;
                 });
  return n;
}

} // namespace atrium::booking
