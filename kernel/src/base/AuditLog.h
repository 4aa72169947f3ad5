#pragma once
#include "core/Clock.h"
#include "core/MasterKey.h"
#include "store/Connection.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atrium::base {

/// Who or what an audit entry is about or by: a kind ("staff", "client", "installation_admin",
/// "system", "plugin", "cli", "none") and an internal id. Never names, emails or free text.
struct AuditParty {
  std::string kind = "system";
  std::string id;
};

struct AuditEntry {
  std::optional<std::int64_t> businessId; ///< nullopt: installation-level (plugins, businesses)
  AuditParty actor;
  std::string action;          ///< "feature.enabled", "plugin.safe_mode", "two_factor.enrolled", …
  AuditParty subject{"none", ""};
  std::string detailsJson = "{}"; ///< ids, counts, old → new values; no personal data
};

/// Who a domain write (a service, a staff member's hours, a booking…) is audited under: the
/// signed-in user. nullopt writes no entry: demo data, the system's own work, tests.
using AuditBy = std::optional<AuditParty>;

/// The append-only, hash-chained audit log. Each business has its own chain (the
/// installation one has chain 0): every entry stores the hash of its predecessor and an
/// HMAC-SHA256 of itself and that hash under the audit-chain key, derived from the master
/// key (core::MasterKey::derive("audit-chain")) and so never in the database: an edited or
/// deleted row breaks the chain, and someone with only the database cannot recompute it.
/// Appends serialise per chain through the chain's head row, inside the caller's
/// transaction, so an action and its audit entry commit or roll back together.
class AuditLog {
public:
  /// The label the audit-chain key is derived under.
  static constexpr const char* kKeyLabel = "audit-chain";
  /// The migration that made the chain keyed (audit_log.scheme).
  static constexpr int kKeyedSchemaVersion = 11;

  /// `chainKey`: the raw HMAC key (see kKeyLabel).
  AuditLog(const core::Clock& clock, std::string chainKey) : clock_(clock), key_(std::move(chainKey)) {}
  /// With the key derived from the database's master key.
  AuditLog(const core::Clock& clock, const store::Database& database)
      : AuditLog(clock, database.masterKey().derive(kKeyLabel)) {}

  /// Appends within `connection`'s current transaction (which the caller must have begun).
  /// Returns the new entry's id. Throws store::DatabaseError.
  std::int64_t append(store::Connection& connection, const AuditEntry& entry);
  /// append() of a change to a business's data when `by` names who made it; nothing otherwise.
  /// Within `connection`'s current transaction, so the change and its entry commit together.
  void record(store::Connection& connection, std::int64_t businessId, const AuditBy& by, const std::string& action,
              AuditParty subject, std::string detailsJson = "{}");

  /// Recomputes a chain; returns the id of the first entry that does not verify (also any
  /// entry still unkeyed), -1 when entries were deleted from its end, or nullopt when the
  /// chain is intact.
  std::optional<std::int64_t> verify(store::Connection& connection, std::int64_t chainId) const;

  /// Rewrites every chain's hashes under this log's key, after checking each entry under
  /// its own scheme: unkeyed SHA-256 (scheme 0) or HMAC under `previousKey` (nullptr:
  /// none). Stops a chain at its first entry that does not check, so a break stays
  /// visible. Runs once, when the start that applies kKeyedSchemaVersion re-anchors the
  /// rows written before (never again, or a copy whose rows were rehashed unkeyed would be
  /// laundered), and at master key rotation. Within the connection's current transaction.
  /// Returns how many entries were rewritten.
  std::int64_t reanchor(store::Connection& connection, const std::string* previousKey);
  /// reanchor() in one transaction if `appliedMigrations` (what Migrator::migrate() just
  /// applied) includes kKeyedSchemaVersion; otherwise nothing.
  std::int64_t reanchorAfterUpgrade(store::Database& database, const std::vector<int>& appliedMigrations);

private:
  std::string expectedHash(int scheme, const std::string* key, const std::string& canonical) const;

  const core::Clock& clock_;
  std::string key_;
};

} // namespace atrium::base
