#include "plugin_host/PluginRecords.h"

#include "store/DatabaseError.h"

#include <cstdint>
#include <stdexcept>

namespace atrium::plugin_host {
namespace {

constexpr const char* kColumns =
    "plugin_id, collection, record_key, subject_kind, subject_id, value_json, flags, expires_at, updated_at, version";

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
  rec.version = r.getInt("version");
  return rec;
}

} // namespace

void PluginRecords::put(std::int64_t businessId, const PluginRecord& r) {
  std::int64_t now = clock_.nowMicros();
  database_.inTransaction([&](store::Connection& c) {
    // portable upsert: both backends lock the row (or the gap) in the transaction
    auto changed = c.execute("UPDATE plugin_records SET subject_kind = ?, subject_id = ?, value_json = ?, flags = ?, "
                             "expires_at = ?, updated_at = ?, version = version + 1 WHERE business_id = ? AND plugin_id = ? "
                             "AND collection = ? AND record_key = ?",
                             {r.subject.kind, r.subject.id, r.valueJson, static_cast<std::int64_t>(r.flags), r.expiresAt, now,
                              businessId, r.pluginId, r.collection, r.key});
    if (changed == 0)
      c.execute("INSERT INTO plugin_records (business_id, plugin_id, collection, record_key, subject_kind, subject_id, "
                "value_json, flags, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {businessId, r.pluginId, r.collection, r.key, r.subject.kind, r.subject.id, r.valueJson,
                 static_cast<std::int64_t>(r.flags), r.expiresAt, now});
  });
}

std::optional<std::int64_t> PluginRecords::putIf(std::int64_t businessId, const PluginRecord& r, std::int64_t expected) {
  std::int64_t now = clock_.nowMicros();
  if (expected > 0) { // one UPDATE decides: only the writer that still sees `expected` matches
    auto lease = database_.acquire();
    auto changed = lease->execute("UPDATE plugin_records SET subject_kind = ?, subject_id = ?, value_json = ?, flags = ?, expires_at = ?, "
                                  "updated_at = ?, version = version + 1 WHERE business_id = ? AND plugin_id = ? AND collection = ? "
                                  "AND record_key = ? AND version = ? AND (expires_at = 0 OR expires_at > ?)",
                                  {r.subject.kind, r.subject.id, r.valueJson, static_cast<std::int64_t>(r.flags), r.expiresAt, now,
                                   businessId, r.pluginId, r.collection, r.key, expected, now});
    if (changed == 0) return std::nullopt;
    return expected + 1;
  }
  try { // absent: the primary key decides between two inserting writers
    database_.inTransaction([&](store::Connection& c) {
      c.execute("DELETE FROM plugin_records WHERE business_id = ? AND plugin_id = ? AND collection = ? AND record_key = ? "
                "AND expires_at > 0 AND expires_at <= ?",
                {businessId, r.pluginId, r.collection, r.key, now});
      c.execute("INSERT INTO plugin_records (business_id, plugin_id, collection, record_key, subject_kind, subject_id, "
                "value_json, flags, expires_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                {businessId, r.pluginId, r.collection, r.key, r.subject.kind, r.subject.id, r.valueJson,
                 static_cast<std::int64_t>(r.flags), r.expiresAt, now});
    });
  } catch (const store::DatabaseError& e) {
    if (e.kind() == store::DatabaseError::Kind::Constraint) return std::nullopt;
    throw;
  }
  return 1;
}

std::int64_t PluginRecords::counterAdd(std::int64_t businessId, const PluginRecord& r, std::int64_t delta) {
  for (int attempt = 0; attempt < 64; ++attempt) {
    auto current = get(businessId, r.pluginId, r.collection, r.key);
    std::int64_t value = 0;
    if (current) {
      const std::string& text = current->valueJson;
      std::size_t used = 0;
      try {
        value = std::stoll(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != text.size()) throw std::invalid_argument("the record is not an integer counter");
    }
    if ((delta > 0 && value > INT64_MAX - delta) || (delta < 0 && value < INT64_MIN - delta))
      throw std::invalid_argument("the counter would overflow");
    PluginRecord next = r;
    next.valueJson = std::to_string(value + delta);
    if (current) { // the counter keeps who it is about and when it expires
      next.subject = current->subject;
      next.flags = current->flags;
      next.expiresAt = current->expiresAt;
    }
    if (putIf(businessId, next, current ? current->version : 0)) return value + delta;
  }
  throw store::DatabaseError(store::DatabaseError::Kind::Busy, "counter_add: too much contention on one counter");
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
