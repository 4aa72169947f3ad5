#include "privacy/DataExport.h"

#include "base/TimeZones.h"
#include "core/Errors.h"
#include "privacy/ExportSections.h"

#include <map>
#include <memory>
#include <ostream>

namespace atrium::privacy {
namespace {

using base::TimeZones;
using exports::Extras;
using exports::Names;
using exports::Out;
using exports::kBookingColumns;
using exports::kClientColumns;
using exports::time;

/// "name": [one object per row of the query, its fields written by `row`].
template <typename WriteRow>
void rowsArray(Out& out, store::Connection& c, const char* name, std::string_view sql, const store::Params& params, WriteRow row) {
  out.key(name);
  out.w().StartArray();
  c.forEach(sql, params, [&](const store::Row& r) {
    out.w().StartObject();
    row(r);
    out.w().EndObject();
  });
  out.w().EndArray();
}

} // namespace

void DataExport::client(std::ostream& out, const base::Business& b, std::int64_t clientId, const base::AuditParty& requestedBy) {
  std::optional<store::Row> row;
  std::vector<store::Row> bookings;
  std::unique_ptr<Names> names;
  Extras extras;
  {
    auto lease = database_.acquire();
    row = lease->queryOne(std::string("SELECT ") + kClientColumns + " FROM clients WHERE business_id = ? AND id = ?", {b.id, clientId});
    if (!row) throw core::NotFoundError("no such client");
    lease->forEach(std::string("SELECT ") + kBookingColumns + " FROM bookings WHERE business_id = ? AND client_id = ? ORDER BY start_at",
                   {b.id, clientId}, [&](const store::Row& r) { bookings.push_back(r); });
    names = std::make_unique<Names>(*lease, b.id);
    extras = exports::loadExtras(*lease, b.id, clientId, clientId)[clientId];
  }
  Out json(out);
  auto& w = json.w();
  w.StartObject();
  exports::header(json, b, "client", clock_.nowMicros());
  exports::writeClient(json, *row, bookings, *names, plugins_, b, requestedBy, true, extras);
  exports::processing(json, plugins_, b, "client");
  w.EndObject();
}

void DataExport::staff(std::ostream& out, const base::Business& b, std::int64_t userId) {
  auto lease = database_.acquire();
  auto u = lease->queryOne("SELECT id, email, display_name, role, bookable, active, created_at FROM users WHERE business_id = ? AND id = ?",
                           {b.id, userId});
  if (!u) throw core::NotFoundError("no such staff member");
  Out json(out);
  auto& w = json.w();
  w.StartObject();
  exports::header(json, b, "staff", clock_.nowMicros());
  json.key("subject");
  w.StartObject();
  json.field("kind", "staff");
  json.field("id", std::to_string(userId));
  w.EndObject();
  json.key("profile");
  w.StartObject();
  json.field("email", u->getText("email"));
  json.field("display_name", u->getText("display_name"));
  json.field("role", u->getText("role"));
  json.field("bookable", u->getBool("bookable"));
  json.field("active", u->getBool("active"));
  time(json, "created_at", u->getInt("created_at"));
  w.EndObject();
  rowsArray(json, *lease, "working_hours", "SELECT weekday, start_min, end_min FROM working_hours WHERE business_id = ? AND provider_id = ? ORDER BY weekday, start_min",
            {b.id, userId}, [&](const store::Row& r) {
    json.field("weekday", r.getInt(0));
    json.field("start_min", r.getInt(1));
    json.field("end_min", r.getInt(2));
  });
  rowsArray(json, *lease, "days_off", "SELECT first_day, last_day, reason FROM days_off WHERE business_id = ? AND provider_id = ? ORDER BY first_day",
            {b.id, userId}, [&](const store::Row& r) {
    json.field("first_day", r.getText(0));
    json.field("last_day", r.getText(1));
    json.field("reason", r.getText(2));
  });
  // the bookings they provide, without the clients (nothing about other people)
  rowsArray(json, *lease, "bookings_provided", "SELECT id, service_id, start_at, end_at, status FROM bookings WHERE business_id = ? AND provider_id = ? ORDER BY start_at",
            {b.id, userId}, [&](const store::Row& r) {
    json.field("id", r.getText(0));
    json.field("service_id", r.getText(1));
    time(json, "start", r.getInt(2));
    time(json, "end", r.getInt(3));
    json.field("status", r.getText(4));
  });
  json.field("active_sessions", lease->queryOne("SELECT COUNT(*) FROM sessions WHERE user_id = ?", {userId})->getInt(0));
  exports::processing(json, plugins_, b, "staff");
  w.EndObject();
}

void DataExport::company(std::ostream& out, const base::Business& b) {
  auto lease = database_.acquire();
  Out json(out);
  auto& w = json.w();
  w.StartObject();
  exports::header(json, b, "company", clock_.nowMicros());
  json.key("profile");
  w.StartObject();
  json.field("slug", b.slug);
  json.field("name", b.name);
  json.field("time_zone", b.timeZone);
  json.field("locale", b.locale);
  json.field("contact_email", b.contactEmail);
  json.field("contact_phone", b.contactPhone);
  json.field("address", b.address);
  time(json, "created_at", b.createdAt);
  w.EndObject();
  rowsArray(json, *lease, "services", "SELECT id, name, duration_min, price_cents, currency, active FROM services WHERE business_id = ? ORDER BY id",
            {b.id}, [&](const store::Row& r) {
    json.field("id", r.getText(0));
    json.field("name", r.getText(1));
    json.field("duration_min", r.getInt(2));
    json.field("price_cents", r.getInt(3));
    json.field("currency", r.getText(4));
    json.field("active", r.getBool(5));
  });
  rowsArray(json, *lease, "staff", "SELECT id, display_name, role FROM users WHERE business_id = ? ORDER BY id",
            {b.id}, [&](const store::Row& r) {
    json.field("id", r.getText(0));
    json.field("display_name", r.getText(1));
    json.field("role", r.getText(2));
  });
  rowsArray(json, *lease, "features", "SELECT plugin_id, enabled FROM business_features WHERE business_id = ? ORDER BY plugin_id",
            {b.id}, [&](const store::Row& r) {
    json.field("plugin", r.getText(0));
    json.field("enabled", r.getBool(1));
  });
  w.EndObject();
}

std::int64_t DataExport::business(std::ostream& out, const base::Business& b, const base::AuditParty& requestedBy) {
  std::unique_ptr<Names> names;
  bool anyRecords = false; // skip the per-client record lookup when no plugin stored anything
  {
    auto lease = database_.acquire();
    names = std::make_unique<Names>(*lease, b.id);
    anyRecords = lease->queryOne("SELECT 1 FROM plugin_records WHERE business_id = ? LIMIT 1", {b.id}).has_value();
  }
  out << "{\"schema\":\"" << exports::kSchema << "\",\"kind\":\"business\",\"generated_at\":\"" << TimeZones::formatUtc(clock_.nowMicros())
      << "\",\"company\":";
  company(out, b);
  out << ",\"clients\":[";
  std::int64_t after = 0, written = 0;
  for (;;) { // keyset batches: flat memory on both backends
    std::vector<store::Row> clients;
    std::map<std::int64_t, std::vector<store::Row>> bookings;
    std::map<std::int64_t, Extras> extras;
    {
      auto lease = database_.acquire();
      lease->forEach(std::string("SELECT ") + kClientColumns + " FROM clients WHERE business_id = ? AND id > ? ORDER BY id LIMIT " +
                         std::to_string(kBatch),
                     {b.id, after}, [&](const store::Row& r) { clients.push_back(r); });
      if (clients.empty()) break;
      lease->forEach(std::string("SELECT ") + kBookingColumns +
                         " FROM bookings WHERE business_id = ? AND client_id >= ? AND client_id <= ? ORDER BY client_id, start_at",
                     {b.id, clients.front().getInt("id"), clients.back().getInt("id")},
                     [&](const store::Row& r) { bookings[r.getInt("client_id")].push_back(r); });
      extras = exports::loadExtras(*lease, b.id, clients.front().getInt("id"), clients.back().getInt("id"));
    }
    for (const auto& c : clients) {
      out << (written++ ? "," : "");
      Out json(out);
      auto& w = json.w();
      w.StartObject();
      exports::writeClient(json, c, bookings[c.getInt("id")], *names, plugins_, b, requestedBy, anyRecords, extras[c.getInt("id")]);
      w.EndObject();
    }
    after = clients.back().getInt("id");
    out.flush();
  }
  out << "]}";
  return written;
}

} // namespace atrium::privacy
