#include "auth/Sessions.h"
#include "core/JsonOut.h"

#include "auth/PasswordPolicy.h"
#include "base/ServerSecrets.h"
#include "auth/UserAccounts.h"
#include "core/Errors.h"
#include "core/Digest.h"
#include "core/Json.h"
#include "core/Random.h"
#include "store/DatabaseError.h"

#include <cctype>

namespace atrium::auth {
namespace {

constexpr std::int64_t kSecond = 1'000'000;
constexpr int kChallengeSeconds = 300;
constexpr int kChallengeAttempts = 5;
/// A real Argon2id hash of a random password: verifying against it costs what a real
/// check costs, so an unknown email answers as slowly as a wrong password.
const std::string& dummyHash(PasswordHasher& hasher) {
  static const std::string hash = hasher.hash(core::toHex(core::randomBytes(16)));
  return hash;
}

/// What makes two second-factor answers the same: the letters and digits of its "code" (as
/// "123 456" and "123456" are one TOTP code to a plugin that ignores spaces), else the whole
/// compact JSON. Extra members cannot make a used code look new.
std::string answerKey(const std::string& answerJson) {
  rapidjson::Document d;
  if (!core::parseJson(d, answerJson) || !d.IsObject() || !d.HasMember("code") || !d["code"].IsString()) return answerJson;
  std::string key = "code:";
  for (const char* c = d["code"].GetString(); *c; ++c)
    if (std::isalnum(static_cast<unsigned char>(*c))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
  return key;
}

} // namespace

struct Sessions::Account {
  Principal principal;
  std::string email;
  std::string passwordHash;
  bool active = true;
};

std::optional<Sessions::Account> Sessions::findAccount(std::optional<std::int64_t> businessId, const std::string& email) {
  auto lease = database_.acquire();
  std::string sql = "SELECT id, business_id, role, display_name, must_change_password, password_hash, active, email FROM users WHERE ";
  auto row = businessId ? lease->queryOne(sql + "business_id = ? AND email = ?", {*businessId, UserAccounts::normaliseEmail(email)})
                        : lease->queryOne(sql + "business_id IS NULL AND email = ?", {UserAccounts::normaliseEmail(email)});
  if (!row) return std::nullopt;
  Account a;
  a.principal.userId = row->getInt(0);
  a.principal.businessId = row->getOptionalInt(1);
  a.principal.role = row->getText(2);
  a.principal.displayName = row->getText(3);
  a.principal.mustChangePassword = row->getBool(4);
  a.passwordHash = row->getText(5);
  a.active = row->getBool(6);
  a.email = row->getText(7);
  return a;
}

std::string Sessions::accountKey(const std::optional<std::int64_t>& businessId, const std::string& email) const {
  return core::sha256Hex("account:" + (businessId ? std::to_string(*businessId) : std::string("-")) + ":" + UserAccounts::normaliseEmail(email));
}

void Sessions::audit(const Principal& p, const std::string& action, const std::string& details) {
  if (!audit_) return;
  database_.inTransaction([&](store::Connection& c) { audit(c, p, action, details); });
}

void Sessions::audit(store::Connection& c, const Principal& p, const std::string& action, const std::string& details) {
  if (!audit_) return;
  base::AuditEntry e;
  e.businessId = p.businessId;
  e.actor = {p.supportGrantId ? "support" : (p.role == "installation_admin" ? "installation_admin" : "staff"), std::to_string(p.userId)};
  e.action = action;
  e.subject = {"staff", std::to_string(p.userId)};
  e.detailsJson = details;
  audit_->append(c, e);
}

Sessions::Throttle Sessions::throttleFor(const std::optional<std::int64_t>& businessId, const std::string& email,
                                         const std::string& clientAddress) const {
  std::string account = accountKey(businessId, email);
  return {core::sha256Hex("pair:" + account + ":" + clientAddress), account, core::sha256Hex("address:" + clientAddress)};
}

bool Sessions::delayed(const std::string& key) {
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT locked_until FROM login_throttle WHERE throttle_key = ?", {key});
  return row && row->getInt(0) > clock_.nowMicros();
}

bool Sessions::delayed(const Throttle& t) { return delayed(t.pair) || delayed(t.account) || delayed(t.address); }

void Sessions::recordFailure(const std::string& key, int freeFailures, int maxDelaySeconds) {
  std::int64_t now = clock_.nowMicros();
  database_.inTransaction([&](store::Connection& c) {
    auto row = c.queryOne("SELECT failures, locked_until, updated_at FROM login_throttle WHERE throttle_key = ?", {key});
    if (row && row->getInt(1) > now) return; // during a delay: not counted, not extended
    std::int64_t failures = 1;
    if (row) {
      std::int64_t forgiven = (now - row->getInt(2)) / (std::int64_t{settings_.failureDecaySeconds} * kSecond);
      failures = std::min<std::int64_t>(std::max<std::int64_t>(row->getInt(0) - forgiven, 0) + 1, 1'000'000);
    }
    std::int64_t delayUntil = 0;
    if (failures >= freeFailures) {
      std::int64_t doublings = std::min<std::int64_t>(failures - freeFailures, 20);
      std::int64_t seconds = std::min<std::int64_t>(std::int64_t{30} << doublings, maxDelaySeconds);
      delayUntil = now + seconds * kSecond;
    }
    if (row) c.execute("UPDATE login_throttle SET failures = ?, locked_until = ?, updated_at = ? WHERE throttle_key = ?", {failures, delayUntil, now, key});
    else c.execute("INSERT INTO login_throttle (throttle_key, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)", {key, failures, delayUntil, now});
  });
}

void Sessions::failed(const Throttle& t) {
  recordFailure(t.pair, settings_.accountFailureLimit, settings_.lockSeconds);
  recordFailure(t.account, settings_.accountWideFailureLimit, settings_.accountWideDelaySeconds);
  recordFailure(t.address, settings_.addressFailureLimit, settings_.lockSeconds);
}

bool Sessions::firstUse(std::int64_t userId, const std::string& answerJson) {
  std::int64_t now = clock_.nowMicros();
  auto lease = database_.acquire();
  // answers older than any code's life (TOTP: 30 s, with drift a few steps) are forgotten
  lease->execute("DELETE FROM second_factor_uses WHERE user_id = ? AND used_at < ?", {userId, now - 900 * kSecond});
  try {
    lease->execute("INSERT INTO second_factor_uses (user_id, answer_hash, used_at) VALUES (?, ?, ?)",
                   {userId, core::sha256Hex(answerKey(answerJson)), now});
    return true;
  } catch (const store::DatabaseError& e) {
    if (e.kind() == store::DatabaseError::Kind::Constraint) return false; // the same answer was accepted already
    throw;
  }
}

void Sessions::clearFailures(const std::string& key) {
  auto lease = database_.acquire();
  lease->execute("DELETE FROM login_throttle WHERE throttle_key = ?", {key});
}

void Sessions::succeeded(const Throttle& t) {
  clearFailures(t.pair);
  clearFailures(t.account);
}

LoginResult Sessions::login(std::optional<std::int64_t> businessId, const std::string& email, const std::string& password,
                            const std::string& clientAddress,
                            const std::string& readerLocale) {
  Throttle throttle = throttleFor(businessId, email, clientAddress);
  bool locked = delayed(throttle);
  auto account = findAccount(businessId, email);
  // Always spend one Argon2id verification, whatever the outcome, so timing reveals nothing.
  bool passwordOk = hasher_.verify(password, account ? account->passwordHash : dummyHash(hasher_));
  if (locked || !account || !passwordOk || !account->active) {
    if (!locked) failed(throttle); // an attempt during a delay is no guess: it counts nothing
    if (account) audit(account->principal, "auth.login_failed", locked ? R"({"delayed":true})" : "{}");
    return {};
  }
  // Failures are cleared only by a completed sign-in: a right password followed by wrong
  // codes keeps counting toward the lockout.
  if (hooks_.secondFactor) {
    if (auto challenge = hooks_.secondFactor(account->principal, "login", readerLocale))
      return issueChallenge(account->principal, challenge->first, challenge->second, "login", std::nullopt);
  }
  succeeded(throttle);
  return open(account->principal, "");
}

LoginResult Sessions::verifySecondFactor(const std::string& pendingToken, const std::string& responseJson, const std::string& clientAddress,
                                         const std::string& readerLocale) {
  std::string hash = core::sha256Hex(pendingToken);
  std::optional<store::Row> row;
  {
    auto lease = database_.acquire();
    row = lease->queryOne("SELECT c.user_id, c.issuer, c.challenge_json, c.attempts, c.expires_at, u.email, u.business_id "
                          "FROM login_challenges c JOIN users u ON u.id = c.user_id WHERE c.token_hash = ? AND c.purpose = 'login'",
                          {hash});
  }
  if (!row || row->getInt(4) <= clock_.nowMicros() || row->getInt(3) >= kChallengeAttempts) return {};
  auto account = findAccount(row->getOptionalInt(6), row->getText(5));
  if (!account || !account->active) return {};
  int attempt = static_cast<int>(row->getInt(3)) + 1;
  {
    auto lease = database_.acquire();
    lease->execute("UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = ?", {hash});
  }
  Throttle throttle = throttleFor(account->principal.businessId, account->email, clientAddress);
  bool locked = delayed(throttle);
  // during a delay the plugin is not asked (a right code would be spent on a refused attempt)
  SecondFactorVerdict verdict = locked || !hooks_.verify
                                    ? SecondFactorVerdict{}
                                    : hooks_.verify(account->principal, row->getText(1), row->getText(2), responseJson, attempt, readerLocale);
  bool replayed = verdict.passed && !firstUse(account->principal.userId, responseJson);
  if (!verdict.passed || replayed) {
    if (!locked) failed(throttle); // wrong codes count like wrong passwords
    audit(account->principal, "auth.second_factor_failed", replayed ? R"({"replayed":true})" : "{}");
    LoginResult refused;
    if (!locked && !replayed) refused.refusal = verdict.message; // the password was right: the plugin's words hide nothing
    return refused;
  }
  {
    auto lease = database_.acquire();
    lease->execute("DELETE FROM login_challenges WHERE token_hash = ?", {hash});
  }
  succeeded(throttle);
  return open(account->principal, row->getText(1));
}

LoginResult Sessions::issueChallenge(const Principal& p, const std::string& issuer, const std::string& challengeJson,
                                     const std::string& purpose, const std::optional<std::string>& sessionHash) {
  std::string token = base::base64Url(core::randomBytes(32));
  auto lease = database_.acquire();
  lease->execute("INSERT INTO login_challenges (token_hash, user_id, issuer, challenge_json, attempts, expires_at, purpose, session_hash) "
                 "VALUES (?, ?, ?, ?, 0, ?, ?, ?)",
                 {core::sha256Hex(token), p.userId, issuer, challengeJson, clock_.nowMicros() + kChallengeSeconds * kSecond, purpose, sessionHash});
  LoginResult r;
  r.kind = LoginResult::Kind::SecondFactor;
  r.pendingToken = token;
  r.challengeJson = challengeJson;
  return r;
}

LoginResult Sessions::reauthenticate(const Principal& p, const std::string& password, const std::string& clientAddress,
                                     const std::string& readerLocale) {
  std::string hash, email;
  {
    auto lease = database_.acquire();
    auto row = lease->queryOne("SELECT password_hash, email FROM users WHERE id = ?", {p.userId});
    if (!row) return {};
    hash = row->getText(0);
    email = row->getText(1);
  }
  Throttle throttle = throttleFor(p.businessId, email, clientAddress);
  bool locked = delayed(throttle);
  bool ok = hasher_.verify(password, hash);
  if (locked || !ok) {
    if (!locked) failed(throttle);
    audit(p, "auth.reauth_failed", locked ? R"({"delayed":true})" : "{}");
    return {};
  }
  // The counters are cleared only when the whole re-authentication succeeded: a right password
  // followed by wrong codes keeps counting, as at sign-in.
  if (hooks_.secondFactor) {
    if (auto challenge = hooks_.secondFactor(p, "reauth", readerLocale)) return issueChallenge(p, challenge->first, challenge->second, "reauth", p.sessionHash);
  }
  succeeded(throttle);
  startPrivacyMode(p);
  audit(p, "auth.reauthenticated");
  LoginResult r;
  r.kind = LoginResult::Kind::SignedIn;
  r.principal = p;
  return r;
}

LoginResult Sessions::verifyReauthentication(const Principal& p, const std::string& pendingToken, const std::string& responseJson,
                                             const std::string& clientAddress, const std::string& readerLocale) {
  std::string hash = core::sha256Hex(pendingToken);
  std::optional<store::Row> row;
  {
    auto lease = database_.acquire();
    row = lease->queryOne("SELECT issuer, challenge_json, attempts, expires_at, u.email FROM login_challenges c JOIN users u ON u.id = c.user_id "
                          "WHERE token_hash = ? AND purpose = 'reauth' AND session_hash = ?",
                          {hash, p.sessionHash});
    if (row) lease->execute("UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = ?", {hash});
  }
  if (!row || row->getInt(3) <= clock_.nowMicros() || row->getInt(2) >= kChallengeAttempts) return {};
  Throttle throttle = throttleFor(p.businessId, row->getText(4), clientAddress);
  bool locked = delayed(throttle); // the same counters as sign-in, the address's included
  SecondFactorVerdict verdict = locked || !hooks_.verify
                                    ? SecondFactorVerdict{}
                                    : hooks_.verify(p, row->getText(0), row->getText(1), responseJson, static_cast<int>(row->getInt(2)) + 1,
                                                    readerLocale);
  bool replayed = verdict.passed && !firstUse(p.userId, responseJson);
  if (!verdict.passed || replayed) {
    if (!locked) failed(throttle);
    audit(p, "auth.reauth_failed", locked ? R"({"delayed":true})" : "{}");
    LoginResult refused;
    if (!locked && !replayed) refused.refusal = verdict.message;
    return refused;
  }
  {
    auto lease = database_.acquire();
    lease->execute("DELETE FROM login_challenges WHERE token_hash = ?", {hash});
  }
  succeeded(throttle);
  startPrivacyMode(p);
  audit(p, "auth.reauthenticated", core::JsonOut::object([&](core::JsonOut& o) { o.field("second_factor", row->getText(0)); }));
  LoginResult r;
  r.kind = LoginResult::Kind::SignedIn;
  r.principal = p;
  return r;
}

void Sessions::changePassword(const Principal& p, const std::string& current, const std::string& replacement,
                              const std::string& clientAddress) {
  std::string hash, email, display, businessName;
  {
    auto lease = database_.acquire();
    auto row = lease->queryOne("SELECT u.password_hash, u.email, u.display_name, b.name FROM users u LEFT JOIN businesses b "
                               "ON b.id = u.business_id WHERE u.id = ?",
                               {p.userId});
    if (!row) throw core::DomainError("unauthorized", "sign in again");
    hash = row->getText(0);
    email = row->getText(1);
    display = row->getText(2);
    businessName = row->getText(3);
  }
  // A stolen session must not become a way to guess the password: same counters as sign-in.
  Throttle throttle = throttleFor(p.businessId, email, clientAddress);
  bool locked = delayed(throttle);
  if (!hasher_.verify(current, hash) || locked) {
    if (!locked) failed(throttle);
    audit(p, "auth.password_change_failed", locked ? R"({"delayed":true})" : "{}");
    if (locked) throw core::ValidationError("current_password", "too many wrong attempts; wait a few minutes and try again");
    throw core::ValidationError("current_password", "the current password is wrong");
  }
  if (current == replacement) throw core::ValidationError("new_password", "the new password must differ from the current one");
  if (auto reason = PasswordPolicy::check(replacement, {email, display, businessName})) throw core::ValidationError("new_password", *reason);
  std::string newHash = hasher_.hash(replacement);
  database_.inTransaction([&](store::Connection& c) {
    c.execute("UPDATE users SET password_hash = ?, must_change_password = 0, updated_at = ? WHERE id = ?", {newHash, clock_.nowMicros(), p.userId});
    auto others = c.execute("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", {p.userId, p.sessionHash}); // sign out other sessions
    audit(c, p, "auth.password_changed", core::JsonOut::object([&](core::JsonOut& o) { o.field("other_sessions_ended", others); }));
  });
}

} // namespace atrium::auth
