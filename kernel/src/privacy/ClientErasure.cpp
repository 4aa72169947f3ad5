#include "privacy/ClientErasure.h"

#include "core/Errors.h"
#include "notify/Outbox.h"
#include "plugin_host/PluginRecords.h"

#include <date/date.h>

#include <chrono>

namespace atrium::privacy {

std::int64_t monthStart(std::int64_t micros) {
  using namespace std::chrono;
  auto day = date::floor<date::days>(date::sys_time<microseconds>(microseconds(micros)));
  date::year_month_day ymd(day);
  auto first = date::sys_days(ymd.year() / ymd.month() / date::day{1});
  return duration_cast<microseconds>(first.time_since_epoch()).count();
}

void coarsenHistory(store::Connection& c, std::int64_t bookingId) {
  std::vector<std::pair<std::int64_t, std::int64_t>> rows; // (id, at)
  c.forEach("SELECT id, at FROM booking_history WHERE booking_id = ?", {bookingId},
            [&rows](const store::Row& row) { rows.emplace_back(row.getInt(0), row.getInt(1)); });
  for (const auto& [id, at] : rows)
    c.execute("UPDATE booking_history SET at = ?, from_start = NULL, to_start = NULL, reason = NULL WHERE id = ?", {monthStart(at), id});
}

ErasureReport ClientErasure::anonymise(store::Connection& c, std::int64_t businessId, std::int64_t clientId, std::int64_t now) {
  ErasureReport r;
  r.clientId = clientId;
  r.at = now;
  std::vector<std::int64_t> cancelled;
  c.forEach("SELECT id FROM bookings WHERE business_id = ? AND client_id = ? AND status = 'confirmed' AND start_at > ?",
            {businessId, clientId, now}, [&](const store::Row& row) { cancelled.push_back(row.getInt(0)); });
  for (auto id : cancelled) {
    c.execute("UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ?", {now, id});
    c.execute("INSERT INTO booking_history (business_id, booking_id, from_status, to_status, actor_kind, actor_id, at) "
              "VALUES (?, ?, 'confirmed', 'cancelled', 'system', 'erasure', ?)",
              {businessId, id, now});
  }
  r.bookingsCancelled = static_cast<std::int64_t>(cancelled.size());
  struct Times {
    std::int64_t id, start, end, created;
  };
  std::vector<Times> bookings;
  c.forEach("SELECT id, start_at, end_at, created_at FROM bookings WHERE business_id = ? AND client_id = ?", {businessId, clientId},
            [&](const store::Row& row) { bookings.push_back({row.getInt(0), row.getInt(1), row.getInt(2), row.getInt(3)}); });
  for (const auto& b : bookings) {
    std::int64_t start = monthStart(b.start);
    std::int64_t end = start + (b.end - b.start);
    // blocked_until = end: a coarsened booking never holds anyone's time again; when it was
    // booked is coarsened too (it is the history's first change)
    c.execute("UPDATE bookings SET note = NULL, start_at = ?, end_at = ?, blocked_until = ?, created_at = ?, updated_at = ? WHERE id = ?",
              {start, end, end, monthStart(b.created), now, b.id});
  }
  r.bookingsAnonymised = static_cast<std::int64_t>(bookings.size());
  // the history keeps who changed what status in which month, not the exact times nor a canceller's words
  for (const auto& b : bookings) coarsenHistory(c, b.id);
  c.execute("UPDATE clients SET name = NULL, email = NULL, phone = NULL, notes = NULL, marketing_email = 0, marketing_sms = 0, "
            "erased_at = ?, updated_at = ? WHERE business_id = ? AND id = ?",
            {now, now, businessId, clientId});
  r.pluginRecords = plugin_host::PluginRecords::eraseSubject(c, businessId, {"client", std::to_string(clientId)});
  notify::Outbox::purgeClient(c, businessId, clientId); // the messages held the client's name and address
  return r;
}

ErasureReport ClientErasure::erase(const base::Business& business, std::int64_t clientId, const base::AuditParty& actor) {
  {
    auto lease = database_.acquire();
    auto row = lease->queryOne("SELECT erased_at FROM clients WHERE business_id = ? AND id = ?", {business.id, clientId});
    if (!row) throw core::NotFoundError("no such client");
    if (!row->isNull(0)) throw core::ConflictError("the client is already erased");
  }
  if (hooks_) {
    plugin_host::BusinessRef ref{business.id, business.featuresVersion, business.name, business.timeZone, business.locale};
    hooks_->event(ref, plugin_host::HookId::PrivacyErase, [&](rapidjson::Document& d) {
      auto& a = d.GetAllocator();
      rapidjson::Value subject(rapidjson::kObjectType), by(rapidjson::kObjectType);
      subject.AddMember("kind", "client", a);
      subject.AddMember("id", rapidjson::Value(std::to_string(clientId).c_str(), a), a);
      by.AddMember("kind", rapidjson::Value(actor.kind.c_str(), a), a);
      by.AddMember("id", rapidjson::Value(actor.id.c_str(), a), a);
      d.AddMember("subject", subject, a);
      d.AddMember("requested_by", by, a);
    });
  }
  std::int64_t now = clock_.nowMicros();
  return database_.inTransaction([&](store::Connection& c) {
    auto report = anonymise(c, business.id, clientId, now);
    c.execute("INSERT INTO erasures (business_id, client_id, erased_at, actor_kind, actor_id) VALUES (?, ?, ?, ?, ?)",
              {business.id, clientId, now, actor.kind, actor.id});
    base::AuditEntry entry;
    entry.businessId = business.id;
    entry.actor = actor;
    entry.action = "client.erased";
    entry.subject = {"client", std::to_string(clientId)};
    entry.detailsJson = "{\"bookings_anonymised\":" + std::to_string(report.bookingsAnonymised) + ",\"bookings_cancelled\":" +
                        std::to_string(report.bookingsCancelled) + ",\"plugin_records\":" + std::to_string(report.pluginRecords) + "}";
    audit_.append(c, entry);
    return report;
  });
}

int ClientErasure::reapplyAll(const base::AuditParty& actor) {
  std::vector<std::pair<std::int64_t, std::int64_t>> due; // (business, client) whose data came back
  {
    auto lease = database_.acquire();
    lease->forEach("SELECT DISTINCT e.business_id, e.client_id FROM erasures e JOIN clients c ON c.id = e.client_id "
                   "WHERE c.erased_at IS NULL OR c.name IS NOT NULL OR c.email IS NOT NULL OR c.phone IS NOT NULL OR c.notes IS NOT NULL "
                   "OR EXISTS (SELECT 1 FROM plugin_records p WHERE p.business_id = e.business_id AND p.subject_kind = 'client' "
                   "AND p.subject_id = " + std::string("CAST(e.client_id AS CHAR(20))") + ")",
                   {}, [&due](const store::Row& r) { due.emplace_back(r.getInt(0), r.getInt(1)); });
  }
  std::int64_t now = clock_.nowMicros();
  for (const auto& [business, client] : due) {
    database_.inTransaction([&](store::Connection& c) {
      anonymise(c, business, client, now);
      base::AuditEntry entry;
      entry.businessId = business;
      entry.actor = actor;
      entry.action = "client.erasure_reapplied";
      entry.subject = {"client", std::to_string(client)};
      audit_.append(c, entry);
    });
  }
  return static_cast<int>(due.size());
}

} // namespace atrium::privacy
