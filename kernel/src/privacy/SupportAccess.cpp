#include "privacy/SupportAccess.h"

#include "base/ServerSecrets.h"
#include "core/Digest.h"
#include "core/Errors.h"
#include "core/Random.h"

namespace atrium::privacy {
namespace {

constexpr std::int64_t kMinute = 60'000'000;
constexpr const char* kColumns = "id, business_id, scope, created_by, created_at, expires_at, redeemed_at, redeemed_by, revoked_at";

SupportGrant fromRow(const store::Row& r) {
  return {r.getInt(0), r.getInt(1), r.getText(2), r.getInt(3), r.getInt(4), r.getInt(5), r.getOptionalInt(6), r.getOptionalInt(7),
          r.getOptionalInt(8)};
}

/// A code a person reads out or types: 4 groups of 4 from an unambiguous alphabet (~95 bits).
std::string newCode() {
  std::string raw = core::randomReadable(16), out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (i && i % 4 == 0) out += '-';
    out += raw[i];
  }
  return out;
}

std::string normalise(std::string code) {
  std::string out;
  for (char c : code)
    if (c != '-' && c != ' ') out += c;
  return out;
}

} // namespace

std::string SupportGrant::state(std::int64_t now) const {
  if (revokedAt) return "revoked";
  if (redeemedAt) return expiresAt > now ? "in_use" : "used";
  return expiresAt > now ? "active" : "expired";
}

void SupportAccess::audit(store::Connection& c, std::int64_t businessId, const base::AuditParty& actor, const std::string& action,
                          std::int64_t grantId, const std::string& details) {
  base::AuditEntry e;
  e.businessId = businessId;
  e.actor = actor;
  e.action = action;
  e.subject = {"support_grant", std::to_string(grantId)};
  e.detailsJson = details;
  audit_.append(c, e);
}

std::pair<SupportGrant, std::string> SupportAccess::grant(std::int64_t businessId, std::int64_t ownerId, const std::string& scope,
                                                          int minutes) {
  if (scope != "read" && scope != "write") throw core::ValidationError("scope", "scope must be read or write");
  if (minutes < 1 || minutes > kMaxMinutes) throw core::ValidationError("minutes", "minutes must be from 1 to 60");
  std::string code = newCode();
  std::int64_t now = clock_.nowMicros();
  SupportGrant g{0, businessId, scope, ownerId, now, now + minutes * kMinute, {}, {}, {}};
  database_.inTransaction([&](store::Connection& c) {
    g.id = c.insert("INSERT INTO support_grants (business_id, code_hash, scope, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                    {businessId, core::sha256Hex(normalise(code)), scope, ownerId, now, g.expiresAt});
    audit(c, businessId, {"staff", std::to_string(ownerId)}, "support.code_granted", g.id,
          R"({"scope":")" + scope + R"(","minutes":)" + std::to_string(minutes) + "}");
  });
  return {g, code};
}

std::vector<SupportGrant> SupportAccess::list(std::int64_t businessId) {
  std::vector<SupportGrant> out;
  auto lease = database_.acquire();
  lease->forEach(std::string("SELECT ") + kColumns + " FROM support_grants WHERE business_id = ? ORDER BY id DESC LIMIT 100", {businessId},
                 [&out](const store::Row& r) { out.push_back(fromRow(r)); });
  return out;
}

void SupportAccess::revoke(std::int64_t businessId, std::int64_t grantId, std::int64_t ownerId) {
  std::int64_t now = clock_.nowMicros();
  database_.inTransaction([&](store::Connection& c) {
    if (c.execute("UPDATE support_grants SET revoked_at = ? WHERE business_id = ? AND id = ? AND revoked_at IS NULL", {now, businessId, grantId}) == 0)
      throw core::NotFoundError("no such active support code");
    c.execute("DELETE FROM sessions WHERE support_grant_id = ?", {grantId}); // ends the support session at once
    audit(c, businessId, {"staff", std::to_string(ownerId)}, "support.code_revoked", grantId);
  });
}

std::optional<std::string> SupportAccess::redeem(const auth::Principal& user, const std::string& code) {
  if (user.role != "support" && user.role != "installation_admin") throw core::DomainError("forbidden", "only the installation's support may redeem a code");
  if (user.businessId) throw core::DomainError("forbidden", "only the installation's support may redeem a code");
  std::int64_t now = clock_.nowMicros();
  std::string hash = core::sha256Hex(normalise(code));
  std::optional<SupportGrant> g;
  database_.inTransaction([&](store::Connection& c) {
    // single use: only the first UPDATE to claim it matches
    if (c.execute("UPDATE support_grants SET redeemed_at = ?, redeemed_by = ? WHERE code_hash = ? AND redeemed_at IS NULL "
                  "AND revoked_at IS NULL AND expires_at > ?",
                  {now, user.userId, hash, now}) == 0)
      return;
    auto row = c.queryOne(std::string("SELECT ") + kColumns + " FROM support_grants WHERE code_hash = ?", {hash});
    g = fromRow(*row);
    audit(c, g->businessId, {"support", std::to_string(user.userId)}, "support.session_started", g->id, R"({"scope":")" + g->scope + "\"}");
  });
  if (!g) return std::nullopt;
  return sessions_.openSupportSession(user.userId, g->businessId, g->id, g->scope, g->expiresAt);
}

} // namespace atrium::privacy
