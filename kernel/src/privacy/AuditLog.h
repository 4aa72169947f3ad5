#pragma once
#include "core/Clock.h"
#include "store/Connection.h"

#include <cstdint>
#include <optional>
#include <string>

namespace atrium::privacy {

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

/// The append-only, hash-chained audit log. Each business has its own chain (the
/// installation one has chain 0): every entry stores the SHA-256 of its predecessor and
/// of itself, so an edited or deleted row breaks the chain. Appends serialise per chain
/// through the chain's head row, inside the caller's transaction, so an action and its
/// audit entry commit or roll back together.
class AuditLog {
public:
  explicit AuditLog(const core::Clock& clock) : clock_(clock) {}

  /// Appends within `connection`'s current transaction (which the caller must have begun).
  /// Returns the new entry's id. Throws store::DatabaseError.
  std::int64_t append(store::Connection& connection, const AuditEntry& entry);

  /// Recomputes a chain; returns the id of the first entry that does not verify, or
  /// nullopt when the chain is intact.
  static std::optional<std::int64_t> verify(store::Connection& connection, std::int64_t chainId);

private:
  const core::Clock& clock_;
};

} // namespace atrium::privacy
