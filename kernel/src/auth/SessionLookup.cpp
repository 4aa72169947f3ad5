#include "auth/Sessions.h"
#include "core/JsonOut.h"

#include "base/ServerSecrets.h"
#include "core/Digest.h"
#include "core/Random.h"

// Sessions: opening one (after a sign-in, or for support access), finding the principal of a
// session id on each request, privacy mode and logout. Signing in is in auth/Sessions.cpp.
namespace atrium::auth {
namespace {

constexpr std::int64_t kSecond = 1'000'000;

} // namespace

LoginResult Sessions::open(const Principal& who, const std::string& secondFactor) {
  int idle = settings_.idleSeconds, absolute = settings_.absoluteSeconds;
  if (hooks_.sessionPolicy) hooks_.sessionPolicy(who, idle, absolute);
  LoginResult r;
  r.kind = LoginResult::Kind::SignedIn;
  r.sessionId = base::base64Url(core::randomBytes(16)); // 128 bits
  r.principal = who;
  r.principal.csrfToken = base::base64Url(core::randomBytes(32));
  r.principal.sessionHash = core::sha256Hex(r.sessionId);
  std::int64_t now = clock_.nowMicros();
  auto lease = database_.acquire();
  lease->execute("INSERT INTO sessions (id_hash, user_id, business_id, csrf_token, created_at, last_seen_at, expires_at, idle_timeout_s) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 {r.principal.sessionHash, who.userId, who.businessId, r.principal.csrfToken, now, now, now + absolute * kSecond, idle});
  if (hooks_.succeeded) hooks_.succeeded(r.principal, secondFactor);
  audit(r.principal, "auth.login", core::JsonOut::object([&](core::JsonOut& o) {
    if (!secondFactor.empty()) o.field("second_factor", secondFactor);
  }));
  return r;
}

std::optional<Principal> Sessions::authenticate(const std::string& sessionId) {
  if (sessionId.empty() || sessionId.size() > 64) return std::nullopt;
  std::string hash = core::sha256Hex(sessionId);
  std::int64_t now = clock_.nowMicros();
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT s.user_id, s.business_id, s.csrf_token, s.last_seen_at, s.expires_at, s.idle_timeout_s, "
                             "u.role, u.display_name, u.must_change_password, u.active, s.privacy_until, s.support_grant_id, "
                             "s.support_scope, g.revoked_at FROM sessions s JOIN users u ON u.id = s.user_id "
                             "LEFT JOIN support_grants g ON g.id = s.support_grant_id WHERE s.id_hash = ?",
                             {hash});
  if (!row) return std::nullopt;
  bool revoked = !row->isNull(11) && !row->isNull(13);
  bool expired = row->getInt(4) <= now || row->getInt(3) + row->getInt(5) * kSecond <= now || !row->getBool(9) || revoked;
  if (expired) {
    lease->execute("DELETE FROM sessions WHERE id_hash = ?", {hash});
    return std::nullopt;
  }
  if (now - row->getInt(3) > 30 * kSecond) // refresh the idle timer at most every 30 s
    lease->execute("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", {now, hash});
  Principal p;
  p.userId = row->getInt(0);
  p.businessId = row->getOptionalInt(1);
  p.csrfToken = row->getText(2);
  p.role = row->getText(6);
  p.displayName = row->getText(7);
  p.mustChangePassword = row->getBool(8);
  p.sessionHash = hash;
  p.privacyUntil = row->getInt(10);
  p.supportGrantId = row->getOptionalInt(11);
  if (p.supportGrantId) {
    p.supportScope = row->getText(12);
    p.role = "support";
    p.mustChangePassword = false;
  }
  return p;
}

void Sessions::startPrivacyMode(const Principal& p) {
  auto lease = database_.acquire();
  lease->execute("UPDATE sessions SET privacy_until = ? WHERE id_hash = ?", {clock_.nowMicros() + settings_.privacySeconds * kSecond, p.sessionHash});
}

std::string Sessions::openSupportSession(std::int64_t supportUserId, std::int64_t businessId, std::int64_t grantId,
                                         const std::string& scope, std::int64_t expiresAt) {
  std::string id = base::base64Url(core::randomBytes(16));
  std::int64_t now = clock_.nowMicros();
  auto lease = database_.acquire();
  lease->execute("INSERT INTO sessions (id_hash, user_id, business_id, csrf_token, created_at, last_seen_at, expires_at, idle_timeout_s, "
                 "support_grant_id, support_scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 {core::sha256Hex(id), supportUserId, businessId, base::base64Url(core::randomBytes(32)), now, now, expiresAt, settings_.idleSeconds,
                  grantId, scope});
  return id;
}

void Sessions::logout(const std::string& sessionId) {
  auto lease = database_.acquire();
  lease->execute("DELETE FROM sessions WHERE id_hash = ?", {core::sha256Hex(sessionId)});
}

} // namespace atrium::auth
