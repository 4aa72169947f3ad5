#include "privacy/ExportSections.h"

#include "base/TimeZones.h"
#include "core/Errors.h"
#include "core/Json.h"
#include "privacy/RecordsOfProcessing.h"

namespace atrium::privacy::exports {
namespace {

using base::TimeZones;

plugin_host::BusinessRef refOf(const base::Business& b) { return {b.id, b.featuresVersion, b.name, b.timeZone, b.locale}; }

/// "name": [one object per row already loaded (grouped per client for the streaming export)].
template <typename WriteRow>
void loadedArray(Out& out, const char* name, const std::vector<store::Row>& rows, WriteRow row) {
  out.key(name);
  out.w().StartArray();
  for (const auto& r : rows) {
    out.w().StartObject();
    row(r);
    out.w().EndObject();
  }
  out.w().EndArray();
}

void writeExtras(Out& out, const Extras& x) {
  loadedArray(out, "consents", x.consents, [&out](const store::Row& r) {
    out.field("channel", r.getText("channel"));
    out.field("category", r.getText("category"));
    out.field("action", r.getBool("granted") ? "opt_in" : "opt_out");
    out.field("source", r.getText("source"));
    time(out, "at", r.getInt("at"));
  });
  loadedArray(out, "messages", x.messages, [&out](const store::Row& r) {
    out.field("template", r.getText("template"));
    out.field("channel", r.getText("channel"));
    out.field("category", r.getText("category"));
    out.field("state", r.getText("state"));
    out.field("subject", r.getOptionalText("subject"));
    time(out, "created_at", r.getInt("created_at"));
    optionalTime(out, "sent_at", r, "sent_at");
  });
  // status changes, moves and cancellation reasons of the client's bookings
  loadedArray(out, "booking_history", x.changes, [&out](const store::Row& r) {
    out.field("booking_id", r.getText("booking_id"));
    out.field("from", r.getOptionalText("from_status"));
    out.field("to", r.getText("to_status"));
    out.field("actor_kind", r.getText("actor_kind"));
    time(out, "at", r.getInt("at"));
    if (!r.isNull("from_start") && !r.isNull("to_start")) {
      time(out, "from_start", r.getInt("from_start"));
      time(out, "to_start", r.getInt("to_start"));
    }
    if (!r.isNull("reason")) out.field("reason", r.getText("reason"));
  });
}

} // namespace

void time(Out& out, const char* k, std::int64_t micros) { out.field(k, TimeZones::formatUtc(micros)); }

void optionalTime(Out& out, const char* k, const store::Row& row, const char* column) {
  out.key(k);
  if (row.isNull(column)) out.null();
  else out.str(TimeZones::formatUtc(row.getInt(column)));
}

Names::Names(store::Connection& c, std::int64_t businessId) {
  c.forEach("SELECT id, name FROM services WHERE business_id = ?", {businessId}, [&](const store::Row& r) { services[r.getInt(0)] = r.getText(1); });
  c.forEach("SELECT id, display_name FROM users WHERE business_id = ?", {businessId}, [&](const store::Row& r) { staff[r.getInt(0)] = r.getText(1); });
}

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

void header(Out& out, const base::Business& b, const char* kind, std::int64_t now) {
  out.field("schema", kSchema);
  out.field("kind", kind);
  time(out, "generated_at", now);
  out.key("business");
  out.w().StartObject();
  out.field("id", std::to_string(b.id));
  out.field("name", b.name);
  out.w().EndObject();
}

void processing(Out& out, plugin_host::PluginRuntime& plugins, const base::Business& b, const char* subject) {
  out.key("processing");
  out.w().StartArray();
  for (const auto& p : recordsOfProcessing(plugins, refOf(b))) {
    if (p.subject != subject) continue;
    out.w().StartObject();
    out.field("source", p.source);
    out.field("data", p.data);
    out.field("purpose", p.purpose);
    out.field("legal_basis", p.legalBasis);
    out.field("recipients", p.recipients);
    out.field("retention", p.retention);
    out.w().EndObject();
  }
  out.w().EndArray();
}

void writeClient(Out& out, const store::Row& c, const std::vector<store::Row>& bookings, const Names& names,
                 plugin_host::PluginRuntime& plugins, const base::Business& b, const base::AuditParty& requestedBy, bool lookupRecords,
                 const Extras& extras) {
  auto& w = out.w();
  std::string clientId = c.getText("id");
  out.key("subject");
  w.StartObject();
  out.field("kind", "client");
  out.field("id", clientId);
  w.EndObject();
  out.key("profile");
  w.StartObject();
  out.field("name", c.getOptionalText("name"));
  out.field("email", c.getOptionalText("email"));
  out.field("phone", c.getOptionalText("phone"));
  out.field("notes", c.getOptionalText("notes"));
  out.field("locale", c.getText("locale"));
  time(out, "created_at", c.getInt("created_at"));
  optionalTime(out, "erased_at", c, "erased_at");
  w.EndObject();
  out.key("notification_preferences");
  w.StartObject();
  out.field("marketing_email", c.getBool("marketing_email"));
  out.field("marketing_sms", c.getBool("marketing_sms"));
  out.field("booking_email", c.getBool("service_email")); // booking messages: on unless the client switched them off
  out.field("booking_sms", c.getBool("service_sms"));
  w.EndObject();
  writeExtras(out, extras);
  out.key("bookings");
  w.StartArray();
  for (const auto& bk : bookings) {
    w.StartObject();
    out.field("id", bk.getText("id"));
    auto svc = names.services.find(bk.getInt("service_id"));
    out.field("service", svc == names.services.end() ? "" : svc->second);
    auto who = names.staff.find(bk.getInt("provider_id"));
    out.field("provider", who == names.staff.end() ? "" : who->second);
    time(out, "start", bk.getInt("start_at"));
    time(out, "end", bk.getInt("end_at"));
    out.field("status", bk.getText("status"));
    out.field("source", bk.getText("source"));
    out.field("note", bk.getOptionalText("note"));
    out.field("price_cents", bk.getInt("price_cents"));
    out.field("currency", bk.getText("currency"));
    w.EndObject();
  }
  w.EndArray();

  // Plugin data: every record naming the client (secret values left out), then what
  // each plugin adds through privacy.export@1.
  out.key("plugins");
  w.StartObject();
  std::map<std::string, std::vector<plugin_host::PluginRecord>> byPlugin;
  if (lookupRecords)
    for (auto& r : plugins.records().forSubject(b.id, {"client", clientId})) byPlugin[r.pluginId].push_back(std::move(r));
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
    out.key(pluginId.c_str());
    w.StartObject();
    out.key("records");
    w.StartArray();
    for (const auto& r : records) {
      w.StartObject();
      out.field("collection", r.collection);
      out.field("key", r.key);
      if (r.flags & ATRIUM_RECORD_SECRET) out.field("value", "(secret, described by the feature below)");
      else out.raw("value", r.valueJson);
      time(out, "updated_at", r.updatedAt);
      w.EndObject();
    }
    w.EndArray();
    if (added.IsObject() && added.HasMember("plugins") && added["plugins"].HasMember(pluginId.c_str())) {
      out.key("section");
      added["plugins"][pluginId.c_str()].Accept(w);
    }
    w.EndObject();
  }
  w.EndObject();
}

} // namespace atrium::privacy::exports
