#include "plugin_host/PluginRecords.h"

#include "store/DatabaseError.h"

namespace atrium::plugin_host {
namespace {

constexpr const char* kColumns =
    "plugin_id, collection, record_key, subject_kind, subject_id, value_json, flags, expires_at, updated_at";

PluginRecord fromRow(const store::Row& r) {
  PluginRecord rec;
  rec.pluginId = r.getText("plugin_id");
  rec.collection = r.getText("collection");
  rec.key = r.getText("record_key");
  rec.subject = {r.getText("subject_kind"), r.getText("subject_id")};
  rec.valueJson = r.getText("value_json");
  rec.flags = static_cast<std::uint32_t>(r.getInt("flags"));
  rec.expiresAt = r.getInt("expires_at");
  rec.updatedAt = r.getInt("updated_at");
  return rec;
}

} // namespace

void PluginRecords::put(std::int64_t businessId, const PluginRecord& r) {
  std::int64_t now = clock_.nowMicros();
  database_.inTransaction([&](store::Connection& c) {
    // portable upsert: both backends lock the row (or the gap) in the transaction
    auto changed = c.execute("UPDATE plugin_records SET subject_kind = ?, subject_id = ?, value_json = ?, flags = ?, "
                             "expires_at = ?, updated_at = ? WHERE business_id = ? AND plugin_id = ? AND collection = ? "
                             "AND record_key = ?",
                             {r.subject.kind, r.subject.id, r.valueJson, static_cast<std::int64_t>(r.flags), r.expiresAt, now,
                              businessId, r.pluginId, r.collection, r.key});
    if (changed == 0)
      c.execute("INSERT INTO plugin_records (business_id, plugin_id, collection, record_key, subject_kind, subject_id, "
                "value_json, flags, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {businessId, r.pluginId, r.collection, r.key, r.subject.kind, r.subject.id, r.valueJson,
                 static_cast<std::int64_t>(r.flags), r.expiresAt, now});
  });
}

std::optional<PluginRecord> PluginRecords::get(std::int64_t businessId, const std::string& pluginId,
                                               const std::string& collection, const std::string& key) {
  auto lease = database_.acquire();
  auto row = lease->queryOne(std::string("SELECT ") + kColumns +
                                 " FROM plugin_records WHERE business_id = ? AND plugin_id = ? AND collection = ? AND "
                                 "record_key = ? AND (expires_at = 0 OR expires_at > ?)",
                             {businessId, pluginId, collection, key, clock_.nowMicros()});
  if (!row) return std::nullopt;
  return fromRow(*row);
}

bool PluginRecords::remove(std::int64_t businessId, const std::string& pluginId, const std::string& collection,
                           const std::string& key) {
  auto lease = database_.acquire();
  return lease->execute("DELETE FROM plugin_records WHERE business_id = ? AND plugin_id = ? AND collection = ? AND "
                        "record_key = ?",
                        {businessId, pluginId, collection, key}) > 0;
}

std::vector<PluginRecord> PluginRecords::list(std::int64_t businessId, const std::string& pluginId,
                                              const std::string& collection, const std::string& keyPrefix,
                                              const std::optional<Subject>& subject, const std::string& afterKey,
                                              std::size_t limit) {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM plugin_records WHERE business_id = ? AND plugin_id = ? AND collection = ? AND record_key > ? "
                    "AND (expires_at = 0 OR expires_at > ?)";
  store::Params params{businessId, pluginId, collection, afterKey, clock_.nowMicros()};
  if (!keyPrefix.empty()) {
    sql += " AND SUBSTR(record_key, 1, ?) = ?";
    params.emplace_back(static_cast<std::int64_t>(keyPrefix.size()));
    params.emplace_back(keyPrefix);
  }
  if (subject) {
    sql += " AND subject_kind = ? AND subject_id = ?";
    params.emplace_back(subject->kind);
    params.emplace_back(subject->id);
  }
  sql += " ORDER BY record_key LIMIT " + std::to_string(limit);
  std::vector<PluginRecord> out;
  auto lease = database_.acquire();
  lease->forEach(sql, params, [&out](const store::Row& r) { out.push_back(fromRow(r)); });
  return out;
}

std::vector<PluginRecord> PluginRecords::forSubject(std::int64_t businessId, const Subject& subject) {
  std::vector<PluginRecord> out;
  auto lease = database_.acquire();
  lease->forEach(std::string("SELECT ") + kColumns +
                     " FROM plugin_records WHERE business_id = ? AND subject_kind = ? AND subject_id = ? AND "
                     "(expires_at = 0 OR expires_at > ?) ORDER BY plugin_id, collection, record_key",
                 {businessId, subject.kind, subject.id, clock_.nowMicros()},
                 [&out](const store::Row& r) { out.push_back(fromRow(r)); });
  return out;
}

std::int64_t PluginRecords::eraseSubject(store::Connection& c, std::int64_t businessId, const Subject& subject,
                                         const std::optional<std::string>& pluginId) {
  if (pluginId)
    return c.execute("DELETE FROM plugin_records WHERE business_id = ? AND subject_kind = ? AND subject_id = ? AND "
                     "plugin_id = ?",
                     {businessId, subject.kind, subject.id, *pluginId});
  return c.execute("DELETE FROM plugin_records WHERE business_id = ? AND subject_kind = ? AND subject_id = ?",
                   {businessId, subject.kind, subject.id});
}

std::int64_t PluginRecords::purgeExpired() {
  auto lease = database_.acquire();
  return lease->execute("DELETE FROM plugin_records WHERE expires_at > 0 AND expires_at <= ?", {clock_.nowMicros()});
}

} // namespace atrium::plugin_host
