#pragma once
#include "core/Clock.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atrium::plugin_host {

/// Whom a record is about: "client", "staff" or "none" plus the kernel's id.
struct Subject {
  std::string kind = "none";
  std::string id;
  bool operator==(const Subject&) const = default;
};

struct PluginRecord {
  std::string pluginId;
  std::string collection;
  std::string key;
  Subject subject;
  std::string valueJson;
  std::uint32_t flags = 0;
  std::int64_t expiresAt = 0; ///< microseconds; 0 = never
  std::int64_t updatedAt = 0;
  std::int64_t version = 0;   ///< 1 at the first write, +1 at every write
};

/// The namespaced record store behind the host API: every record belongs to one
/// business and one plugin and names its data subject, so export and erasure of a
/// person cover plugin data without the plugin doing anything. Expired records are
/// invisible and removed by purgeExpired(). Thread-safe (uses the pool).
class PluginRecords {
public:
  static constexpr std::size_t kMaxValueBytes = 64 * 1024;

  PluginRecords(store::Database& database, const core::Clock& clock) : database_(database), clock_(clock) {}

  /// Inserts or replaces (business, plugin, collection, key). Throws store::DatabaseError.
  void put(std::int64_t businessId, const PluginRecord& record);
  /// Compare-and-set: writes only if the live record's version is `expected` (0: no live
  /// record). Returns the new version, or nothing when another writer came first.
  std::optional<std::int64_t> putIf(std::int64_t businessId, const PluginRecord& record, std::int64_t expected);
  /// Adds `delta` to the integer record (created at 0 with the record's subject, flags and
  /// expiry); returns the new value. Throws std::invalid_argument when the value is not an
  /// integer, store::DatabaseError (Busy) when it lost the race too many times.
  std::int64_t counterAdd(std::int64_t businessId, const PluginRecord& record, std::int64_t delta);
  std::optional<PluginRecord> get(std::int64_t businessId, const std::string& pluginId, const std::string& collection,
                                  const std::string& key);
  bool remove(std::int64_t businessId, const std::string& pluginId, const std::string& collection, const std::string& key);
  /// Ordered by key, starting after `afterKey`; at most `limit` records.
  std::vector<PluginRecord> list(std::int64_t businessId, const std::string& pluginId, const std::string& collection,
                                 const std::string& keyPrefix, const std::optional<Subject>& subject,
                                 const std::string& afterKey, std::size_t limit);
  /// Every live record of every plugin naming the subject (data export).
  std::vector<PluginRecord> forSubject(std::int64_t businessId, const Subject& subject);
  /// Deletes every record naming the subject (erasure), optionally of one plugin only;
  /// runs on `connection` so it joins the caller's transaction. Returns the count.
  static std::int64_t eraseSubject(store::Connection& connection, std::int64_t businessId, const Subject& subject,
                                   const std::optional<std::string>& pluginId = std::nullopt);
  std::int64_t purgeExpired();

private:
  store::Database& database_;
  const core::Clock& clock_;
};

} // namespace atrium::plugin_host
