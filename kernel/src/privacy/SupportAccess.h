#pragma once
#include "auth/Sessions.h"
#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atrium::privacy {

/// A temporary access code a business owner grants to the installation's support.
struct SupportGrant {
  std::int64_t id = 0;
  std::int64_t businessId = 0;
  std::string scope; ///< read | write
  std::int64_t createdBy = 0;
  std::int64_t createdAt = 0;
  std::int64_t expiresAt = 0;
  std::optional<std::int64_t> redeemedAt;
  std::optional<std::int64_t> redeemedBy;
  std::optional<std::int64_t> revokedAt;
  /// active (redeemable) | in_use (redeemed, session alive) | used | expired | revoked
  std::string state(std::int64_t now) const;
};

/// Support access only through a business's temporary code: single use, valid at most
/// 60 minutes, read-only or read-write, revocable (which also ends the session it opened).
/// The code is shown once and stored as SHA-256. Every step is audited in the business's
/// chain. Thread-safe.
class SupportAccess {
public:
  static constexpr int kMaxMinutes = 60;

  SupportAccess(store::Database& database, const core::Clock& clock, base::AuditLog& audit, auth::Sessions& sessions)
      : database_(database), clock_(clock), audit_(audit), sessions_(sessions) {}

  /// Returns the grant and the code (shown once). Throws core::ValidationError.
  std::pair<SupportGrant, std::string> grant(std::int64_t businessId, std::int64_t ownerId, const std::string& scope, int minutes);
  std::vector<SupportGrant> list(std::int64_t businessId);
  void revoke(std::int64_t businessId, std::int64_t grantId, std::int64_t ownerId);
  /// An installation support user redeems a code: a session limited to the business and
  /// scope, ending when the grant expires. Returns the session id, or nullopt for a
  /// wrong, used, expired or revoked code (the same answer for all).
  std::optional<std::string> redeem(const auth::Principal& supportUser, const std::string& code);

private:
  void audit(store::Connection& c, std::int64_t businessId, const base::AuditParty& actor, const std::string& action, std::int64_t grantId,
             const std::string& details = "{}");

  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog& audit_;
  auth::Sessions& sessions_;
};

} // namespace atrium::privacy
