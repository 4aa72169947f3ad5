#include "privacy/DataExport.h"
#include "core/Json.h"

#include "base/TimeZones.h"
#include "core/Errors.h"
#include "privacy/RecordsOfProcessing.h"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>

#include <map>
#include <ostream>

namespace atrium::privacy {
namespace {

using base::TimeZones;
using Writer = rapidjson::Writer<rapidjson::OStreamWrapper>;
constexpr const char* kSchema = "atrium.privacy.export/1";

void str(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
void key(Writer& w, const char* k) { w.Key(k); }
void field(Writer& w, const char* k, std::string_view v) { key(w, k), str(w, v); }
void optional(Writer& w, const char* k, const std::optional<std::string>& v) {
  key(w, k);
  if (v) str(w, *v);
  else w.Null();
}
void time(Writer& w, const char* k, std::int64_t micros) { field(w, k, TimeZones::formatUtc(micros)); }

plugin_host::BusinessRef refOf(const base::Business& b) { return {b.id, b.featuresVersion, b.name, b.timeZone, b.locale}; }

/// "name": [one object per row of the query, its fields written by `row`].
template <typename WriteRow>
void rowsArray(Writer& w, store::Connection& c, const char* name, std::string_view sql, const store::Params& params, WriteRow row) {
  key(w, name);
  w.StartArray();
  c.forEach(sql, params, [&](const store::Row& r) {
    w.StartObject();
    row(r);
    w.EndObject();
  });
  w.EndArray();
}

/// "name": [one object per row already loaded (grouped per client for the streaming export)].
template <typename WriteRow>
void loadedArray(Writer& w, const char* name, const std::vector<store::Row>& rows, WriteRow row) {
  key(w, name);
  w.StartArray();
  for (const auto& r : rows) {
    w.StartObject();
    row(r);
    w.EndObject();
  }
  w.EndArray();
}

void header(Writer& w, const base::Business& b, const char* kind, std::int64_t now) {
  field(w, "schema", kSchema);
  field(w, "kind", kind);
  time(w, "generated_at", now);
  key(w, "business");
  w.StartObject();
  field(w, "id", std::to_string(b.id));
  field(w, "name", b.name);
  w.EndObject();
}

void processing(Writer& w, plugin_host::PluginSystem& plugins, const base::Business& b, const char* subject) {
  key(w, "processing");
  w.StartArray();
  for (const auto& p : recordsOfProcessing(plugins, refOf(b))) {
    if (p.subject != subject) continue;
    w.StartObject();
    field(w, "source", p.source);
    field(w, "data", p.data);
    field(w, "purpose", p.purpose);
    field(w, "legal_basis", p.legalBasis);
    field(w, "recipients", p.recipients);
    field(w, "retention", p.retention);
    w.EndObject();
  }
  w.EndArray();
}

/// Names of services and providers, loaded once per export.
struct Names {
  std::map<std::int64_t, std::string> services, staff;
  Names(store::Connection& c, std::int64_t businessId) {
    c.forEach("SELECT id, name FROM services WHERE business_id = ?", {businessId}, [&](const store::Row& r) { services[r.getInt(0)] = r.getText(1); });
    c.forEach("SELECT id, display_name FROM users WHERE business_id = ?", {businessId}, [&](const store::Row& r) { staff[r.getInt(0)] = r.getText(1); });
  }
};

/// What else the kernel holds about one client: the consent ledger and the messages sent.
struct Extras {
  std::vector<store::Row> consents, messages, changes; ///< changes: the booking history of the client's bookings
};

/// Loads Extras for the clients with ids in [first, last], grouped by client.
std::map<std::int64_t, Extras> loadExtras(store::Connection& c, std::int64_t businessId, std::int64_t first, std::int64_t last) {
  std::map<std::int64_t, Extras> out;
  c.forEach("SELECT client_id, channel, category, granted, source, at FROM consent_ledger WHERE business_id = ? AND client_id >= ? "
            "AND client_id <= ? ORDER BY client_id, id",
            {businessId, first, last}, [&](const store::Row& r) { out[r.getInt(0)].consents.push_back(r); });
  c.forEach("SELECT client_id, template, channel, category, state, subject, created_at, sent_at FROM outbox WHERE business_id = ? "
            "AND client_id >= ? AND client_id <= ? ORDER BY client_id, id",
            {businessId, first, last}, [&](const store::Row& r) { out[r.getInt(0)].messages.push_back(r); });
  c.forEach("SELECT k.client_id, h.booking_id, h.from_status, h.to_status, h.actor_kind, h.at, h.from_start, h.to_start, h.reason "
            "FROM booking_history h JOIN bookings k ON k.id = h.booking_id WHERE k.business_id = ? AND k.client_id >= ? "
            "AND k.client_id <= ? ORDER BY k.client_id, h.id",
            {businessId, first, last}, [&](const store::Row& r) { out[r.getInt(0)].changes.push_back(r); });
  return out;
}

void writeExtras(Writer& w, const Extras& x) {
  loadedArray(w, "consents", x.consents, [&w](const store::Row& r) {
    field(w, "channel", r.getText("channel"));
    field(w, "category", r.getText("category"));
    field(w, "action", r.getBool("granted") ? "opt_in" : "opt_out");
    field(w, "source", r.getText("source"));
    time(w, "at", r.getInt("at"));
  });
  loadedArray(w, "messages", x.messages, [&w](const store::Row& r) {
    field(w, "template", r.getText("template"));
    field(w, "channel", r.getText("channel"));
    field(w, "category", r.getText("category"));
    field(w, "state", r.getText("state"));
    optional(w, "subject", r.getOptionalText("subject"));
    time(w, "created_at", r.getInt("created_at"));
    key(w, "sent_at");
    if (r.isNull("sent_at")) w.Null();
    else str(w, TimeZones::formatUtc(r.getInt("sent_at")));
  });
  // status changes, moves and cancellation reasons of the client's bookings
  loadedArray(w, "booking_history", x.changes, [&w](const store::Row& r) {
    field(w, "booking_id", r.getText("booking_id"));
    optional(w, "from", r.getOptionalText("from_status"));
    field(w, "to", r.getText("to_status"));
    field(w, "actor_kind", r.getText("actor_kind"));
    time(w, "at", r.getInt("at"));
    if (!r.isNull("from_start") && !r.isNull("to_start")) {
      time(w, "from_start", r.getInt("from_start"));
      time(w, "to_start", r.getInt("to_start"));
    }
    if (!r.isNull("reason")) field(w, "reason", r.getText("reason"));
  });
}

/// One client's section; `bookings` are theirs only (nothing about other people).
void writeClient(Writer& w, const store::Row& c, const std::vector<store::Row>& bookings, const Names& names,
                 plugin_host::PluginSystem& plugins, const base::Business& b, const base::AuditParty& requestedBy, bool lookupRecords,
                 const Extras& extras) {
  std::string clientId = c.getText("id");
  key(w, "subject");
  w.StartObject();
  field(w, "kind", "client");
  field(w, "id", clientId);
  w.EndObject();
  key(w, "profile");
  w.StartObject();
  optional(w, "name", c.getOptionalText("name"));
  optional(w, "email", c.getOptionalText("email"));
  optional(w, "phone", c.getOptionalText("phone"));
  optional(w, "notes", c.getOptionalText("notes"));
  field(w, "locale", c.getText("locale"));
  time(w, "created_at", c.getInt("created_at"));
  key(w, "erased_at");
  if (c.isNull("erased_at")) w.Null();
  else str(w, TimeZones::formatUtc(c.getInt("erased_at")));
  w.EndObject();
  key(w, "notification_preferences");
  w.StartObject();
  key(w, "marketing_email");
  w.Bool(c.getBool("marketing_email"));
  key(w, "marketing_sms");
  w.Bool(c.getBool("marketing_sms"));
  key(w, "booking_email"); // booking messages: on unless the client switched them off
  w.Bool(c.getBool("service_email"));
  key(w, "booking_sms");
  w.Bool(c.getBool("service_sms"));
  w.EndObject();
  writeExtras(w, extras);
  key(w, "bookings");
  w.StartArray();
  for (const auto& bk : bookings) {
    w.StartObject();
    field(w, "id", bk.getText("id"));
    auto svc = names.services.find(bk.getInt("service_id"));
    field(w, "service", svc == names.services.end() ? "" : svc->second);
    auto who = names.staff.find(bk.getInt("provider_id"));
    field(w, "provider", who == names.staff.end() ? "" : who->second);
    time(w, "start", bk.getInt("start_at"));
    time(w, "end", bk.getInt("end_at"));
    field(w, "status", bk.getText("status"));
    field(w, "source", bk.getText("source"));
    optional(w, "note", bk.getOptionalText("note"));
    key(w, "price_cents");
    w.Int64(bk.getInt("price_cents"));
    field(w, "currency", bk.getText("currency"));
    w.EndObject();
  }
  w.EndArray();

  // Plugin data: every record naming the client (secret values left out), then what
  // each plugin adds through privacy.export@1.
  key(w, "plugins");
  w.StartObject();
  std::map<std::string, std::vector<plugin_host::PluginRecord>> byPlugin;
  if (lookupRecords)
    for (auto& r : plugins.records().forSubject(b.id, {"client", clientId})) byPlugin[r.pluginId].push_back(std::move(r));
  std::string sections = "{}";
  auto outcome = plugins.dispatcher().filter(refOf(b), plugin_host::HookId::PrivacyExport, [&](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    rapidjson::Value subject(rapidjson::kObjectType), by(rapidjson::kObjectType);
    subject.AddMember("kind", "client", a);
    subject.AddMember("id", rapidjson::Value(clientId.c_str(), a), a);
    by.AddMember("kind", rapidjson::Value(requestedBy.kind.c_str(), a), a);
    by.AddMember("id", rapidjson::Value(requestedBy.id.c_str(), a), a);
    d.AddMember("subject", subject, a);
    d.AddMember("requested_by", by, a);
  });
  rapidjson::Document added;
  if (outcome.ran && outcome.kind == plugin_host::HookOutcome::Kind::Passed) {
    core::parseJson(added, outcome.payload);
    if (added.HasMember("plugins"))
      for (auto& m : added["plugins"].GetObject()) byPlugin[m.name.GetString()];
  }
  if (outcome.kind == plugin_host::HookOutcome::Kind::Failed)
    throw core::DomainError("unavailable", "a feature could not contribute to the export; try again later");
  for (const auto& [pluginId, records] : byPlugin) {
    key(w, pluginId.c_str());
    w.StartObject();
    key(w, "records");
    w.StartArray();
    for (const auto& r : records) {
      w.StartObject();
      field(w, "collection", r.collection);
      field(w, "key", r.key);
      key(w, "value");
      if (r.flags & ATRIUM_RECORD_SECRET) str(w, "(secret, described by the feature below)");
      else w.RawValue(r.valueJson.c_str(), r.valueJson.size(), rapidjson::kObjectType);
      time(w, "updated_at", r.updatedAt);
      w.EndObject();
    }
    w.EndArray();
    if (added.IsObject() && added.HasMember("plugins") && added["plugins"].HasMember(pluginId.c_str())) {
      key(w, "section");
      added["plugins"][pluginId.c_str()].Accept(w);
    }
    w.EndObject();
  }
  w.EndObject();
}

constexpr const char* kClientColumns =
    "id, name, email, phone, notes, locale, marketing_email, marketing_sms, service_email, service_sms, created_at, erased_at";
constexpr const char* kBookingColumns = "id, client_id, service_id, provider_id, start_at, end_at, status, source, note, price_cents, currency";

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
    extras = loadExtras(*lease, b.id, clientId, clientId)[clientId];
  }
  rapidjson::OStreamWrapper os(out);
  Writer w(os);
  w.StartObject();
  header(w, b, "client", clock_.nowMicros());
  writeClient(w, *row, bookings, *names, plugins_, b, requestedBy, true, extras);
  processing(w, plugins_, b, "client");
  w.EndObject();
}

void DataExport::staff(std::ostream& out, const base::Business& b, std::int64_t userId) {
  auto lease = database_.acquire();
  auto u = lease->queryOne("SELECT id, email, display_name, role, bookable, active, created_at FROM users WHERE business_id = ? AND id = ?",
                           {b.id, userId});
  if (!u) throw core::NotFoundError("no such staff member");
  rapidjson::OStreamWrapper os(out);
  Writer w(os);
  w.StartObject();
  header(w, b, "staff", clock_.nowMicros());
  key(w, "subject");
  w.StartObject();
  field(w, "kind", "staff");
  field(w, "id", std::to_string(userId));
  w.EndObject();
  key(w, "profile");
  w.StartObject();
  field(w, "email", u->getText("email"));
  field(w, "display_name", u->getText("display_name"));
  field(w, "role", u->getText("role"));
  key(w, "bookable");
  w.Bool(u->getBool("bookable"));
  key(w, "active");
  w.Bool(u->getBool("active"));
  time(w, "created_at", u->getInt("created_at"));
  w.EndObject();
  rowsArray(w, *lease, "working_hours", "SELECT weekday, start_min, end_min FROM working_hours WHERE business_id = ? AND provider_id = ? ORDER BY weekday, start_min",
            {b.id, userId}, [&](const store::Row& r) {
    key(w, "weekday"), w.Int64(r.getInt(0));
    key(w, "start_min"), w.Int64(r.getInt(1));
    key(w, "end_min"), w.Int64(r.getInt(2));
  });
  rowsArray(w, *lease, "days_off", "SELECT first_day, last_day, reason FROM days_off WHERE business_id = ? AND provider_id = ? ORDER BY first_day",
            {b.id, userId}, [&](const store::Row& r) {
    field(w, "first_day", r.getText(0));
    field(w, "last_day", r.getText(1));
    field(w, "reason", r.getText(2));
  });
  // the bookings they provide, without the clients (nothing about other people)
  rowsArray(w, *lease, "bookings_provided", "SELECT id, service_id, start_at, end_at, status FROM bookings WHERE business_id = ? AND provider_id = ? ORDER BY start_at",
            {b.id, userId}, [&](const store::Row& r) {
    field(w, "id", r.getText(0));
    field(w, "service_id", r.getText(1));
    time(w, "start", r.getInt(2));
    time(w, "end", r.getInt(3));
    field(w, "status", r.getText(4));
  });
  key(w, "active_sessions");
  w.Int64(lease->queryOne("SELECT COUNT(*) FROM sessions WHERE user_id = ?", {userId})->getInt(0));
  processing(w, plugins_, b, "staff");
  w.EndObject();
}

void DataExport::company(std::ostream& out, const base::Business& b) {
  auto lease = database_.acquire();
  rapidjson::OStreamWrapper os(out);
  Writer w(os);
  w.StartObject();
  header(w, b, "company", clock_.nowMicros());
  key(w, "profile");
  w.StartObject();
  field(w, "slug", b.slug);
  field(w, "name", b.name);
  field(w, "time_zone", b.timeZone);
  field(w, "locale", b.locale);
  optional(w, "contact_email", b.contactEmail);
  optional(w, "contact_phone", b.contactPhone);
  time(w, "created_at", b.createdAt);
  w.EndObject();
  rowsArray(w, *lease, "services", "SELECT id, name, duration_min, price_cents, currency, active FROM services WHERE business_id = ? ORDER BY id",
            {b.id}, [&](const store::Row& r) {
    field(w, "id", r.getText(0));
    field(w, "name", r.getText(1));
    key(w, "duration_min"), w.Int64(r.getInt(2));
    key(w, "price_cents"), w.Int64(r.getInt(3));
    field(w, "currency", r.getText(4));
    key(w, "active"), w.Bool(r.getBool(5));
  });
  rowsArray(w, *lease, "staff", "SELECT id, display_name, role FROM users WHERE business_id = ? ORDER BY id",
            {b.id}, [&](const store::Row& r) {
    field(w, "id", r.getText(0));
    field(w, "display_name", r.getText(1));
    field(w, "role", r.getText(2));
  });
  rowsArray(w, *lease, "features", "SELECT plugin_id, enabled FROM business_features WHERE business_id = ? ORDER BY plugin_id",
            {b.id}, [&](const store::Row& r) {
    field(w, "plugin", r.getText(0));
    key(w, "enabled"), w.Bool(r.getBool(1));
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
  out << "{\"schema\":\"" << kSchema << "\",\"kind\":\"business\",\"generated_at\":\"" << TimeZones::formatUtc(clock_.nowMicros())
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
      extras = loadExtras(*lease, b.id, clients.front().getInt("id"), clients.back().getInt("id"));
    }
    for (const auto& c : clients) {
      out << (written++ ? "," : "");
      rapidjson::OStreamWrapper os(out);
      Writer w(os);
      w.StartObject();
      writeClient(w, c, bookings[c.getInt("id")], *names, plugins_, b, requestedBy, anyRecords, extras[c.getInt("id")]);
      w.EndObject();
    }
    after = clients.back().getInt("id");
    out.flush();
  }
  out << "]}";
  return written;
}

} // namespace atrium::privacy
