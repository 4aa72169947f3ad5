#pragma once
#include "auth/PasswordHasher.h"
#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace atrium::auth {

/// The signed-in user behind a request.
struct Principal {
  std::int64_t userId = 0;
  std::optional<std::int64_t> businessId; ///< empty for an installation administrator
  std::string role;                       ///< owner | admin | staff | installation_admin
  std::string displayName;
  bool mustChangePassword = false;
  std::string csrfToken;
  std::string sessionHash; ///< SHA-256 of the session id (the id itself is never stored)
  std::int64_t privacyUntil = 0; ///< re-authenticated ("privacy mode") until then, kernel clock
  std::optional<std::int64_t> supportGrantId; ///< a support session opened with a business's code
  std::string supportScope;                   ///< read | write, for support sessions
};

struct SessionSettings {
  int idleSeconds = 1800;
  int absoluteSeconds = 43200;
  /// Failures of one account from one address before its attempts are delayed (then 30 s,
  /// doubling with each further failure, at most lockSeconds).
  int accountFailureLimit = 10;
  /// Failures from one client address, whatever the account, before it is delayed likewise.
  int addressFailureLimit = 100;
  int lockSeconds = 900; ///< the longest delay
  /// Failures of one account from all addresses together before every attempt on it is delayed,
  /// and by at most accountWideDelaySeconds: the NIST SP 800-63B cap of 100 consecutive failures,
  /// without a lock an attacker elsewhere could keep the owner out with.
  int accountWideFailureLimit = 100;
  int accountWideDelaySeconds = 60;
  /// One failure is forgiven per this many seconds without a new one.
  int failureDecaySeconds = 600;
  int privacySeconds = 300; ///< how long a re-authentication opens privacy mode
};

/// What a login attempt came to.
struct LoginResult {
  enum class Kind { SignedIn, SecondFactor, Invalid };
  Kind kind = Kind::Invalid;
  std::string sessionId;     ///< SignedIn: the cookie value (shown once, stored hashed)
  Principal principal;
  std::string pendingToken;  ///< SecondFactor: hand back with the code
  std::string challengeJson; ///< SecondFactor: what the plugin asks for
  /// Invalid, after the password was right: the second-factor plugin's own words for the
  /// refusal, in the reader's language ("That code was just used…"). Empty: the uniform
  /// answer (a wrong password, an unknown or used-up pending token, a delay).
  std::string refusal;
};

/// What the plugin that issued a challenge said of an answer.
struct SecondFactorVerdict {
  bool passed = false;
  std::string message; ///< refused: the plugin's message for the user, in the reader's language (may be empty)
};

/// The plugins' say in a login (wired to auth.second_factor@1 / verify / session.policy /
/// login_succeeded by the app); all optional.
struct LoginHooks {
  /// Returns {issuer plugin id, challenge JSON} when a plugin demands a second factor.
  /// `readerLocale`: the language of the person signing in (their page's), empty when
  /// unknown (the business's is used); the challenge's prompt and labels are in it.
  std::function<std::optional<std::pair<std::string, std::string>>(const Principal&, const std::string& purpose,
                                                                    const std::string& readerLocale)>
      secondFactor;
  /// Whether the response satisfies the challenge, and if not, the plugin's message in
  /// `readerLocale` (empty: the business's language).
  std::function<SecondFactorVerdict(const Principal&, const std::string& issuer, const std::string& challengeJson,
                                    const std::string& responseJson, int attempt, const std::string& readerLocale)> verify;
  /// May lower the timeouts for the new session.
  std::function<void(const Principal&, int& idleSeconds, int& absoluteSeconds)> sessionPolicy;
  std::function<void(const Principal&, const std::string& secondFactor)> succeeded;
};

/// Password login and database-backed sessions (every node accepts every session):
/// 128-bit random ids stored as SHA-256, idle and absolute timeouts by the injected clock,
/// a fresh id at every login, CSRF token per session, and per-account and per-address
/// throttling of failed attempts that never reveals a lockout (the answer is the same
/// "wrong email or password" either way). Thread-safe.
class Sessions {
public:
  Sessions(store::Database& database, const core::Clock& clock, PasswordHasher& hasher, SessionSettings settings,
           base::AuditLog* audit = nullptr)
      : database_(database), clock_(clock), hasher_(hasher), settings_(settings), audit_(audit) {}

  void setHooks(LoginHooks hooks) { hooks_ = std::move(hooks); }
  int privacySeconds() const { return settings_.privacySeconds; }

  /// businessId empty: an installation administrator signs in.
  /// `readerLocale`: the page's language, for a second factor's challenge (empty: the business's).
  LoginResult login(std::optional<std::int64_t> businessId, const std::string& email, const std::string& password,
                    const std::string& clientAddress, const std::string& readerLocale = {});
  /// Completes a login that a plugin challenged. Wrong answers count as failed logins. A
  /// refusal by the plugin carries its words (LoginResult::refusal, in `readerLocale`); an
  /// unknown, expired or used-up pending token and a delay get the uniform answer.
  LoginResult verifySecondFactor(const std::string& pendingToken, const std::string& responseJson, const std::string& clientAddress,
                                 const std::string& readerLocale = {});
  /// The session's principal, or nullopt when unknown, expired (idle or absolute) or the
  /// user is deactivated. Refreshes the idle timer.
  std::optional<Principal> authenticate(const std::string& sessionId);
  void logout(const std::string& sessionId);

  /// Re-authentication for privacy mode: the password again (wrong ones count toward
  /// the lockout), then the second factor when a plugin demands one. On success the
  /// session is in privacy mode for privacySeconds. kind Invalid on refusal.
  LoginResult reauthenticate(const Principal& principal, const std::string& password, const std::string& clientAddress,
                             const std::string& readerLocale = {});
  /// The second factor of a re-authentication; a plugin's refusal carries its words as at sign-in.
  LoginResult verifyReauthentication(const Principal& principal, const std::string& pendingToken, const std::string& responseJson,
                                     const std::string& clientAddress, const std::string& readerLocale = {});
  /// A session for an installation's support user inside one business, limited to the
  /// grant's scope and lifetime. Returns the session id.
  std::string openSupportSession(std::int64_t supportUserId, std::int64_t businessId, std::int64_t grantId,
                                 const std::string& scope, std::int64_t expiresAt);
  /// Checks the current password (a wrong one counts and is throttled like a failed sign-in, and
  /// is audited), applies the policy, stores the new hash and ends every other session of the
  /// user; the change is audited ("auth.password_changed") in the same transaction. Throws core::ValidationError / core::DomainError("unauthorized").
  void changePassword(const Principal& principal, const std::string& current, const std::string& replacement,
                      const std::string& clientAddress);

private:
  struct Account;
  std::optional<Account> findAccount(std::optional<std::int64_t> businessId, const std::string& email);
  /// The failure counters one attempt touches (SHA-256 keys in login_throttle): this account
  /// from this address, this account from anywhere, this address for any account.
  struct Throttle {
    std::string pair, account, address;
  };
  Throttle throttleFor(const std::optional<std::int64_t>& businessId, const std::string& email, const std::string& clientAddress) const;
  /// True while any of the counters delays attempts. Attempts made during a delay neither count
  /// nor extend it, so a delay cannot be renewed by whoever caused it.
  bool delayed(const Throttle& t);
  void failed(const Throttle& t);
  /// A completed sign-in clears the account's counters, never the address's (signing in to an
  /// account of one's own must not reset the count of guesses at others).
  void succeeded(const Throttle& t);
  bool delayed(const std::string& key);
  void recordFailure(const std::string& key, int freeFailures, int maxDelaySeconds);
  void clearFailures(const std::string& key);
  /// Records that `answerJson` (a second factor's answer a plugin accepted) was used by the user;
  /// false when it already was within 15 minutes: a code sent to several pending sign-ins at
  /// once, on any node, opens one session (the primary key of second_factor_uses decides).
  bool firstUse(std::int64_t userId, const std::string& answerJson);
  LoginResult open(const Principal& principal, const std::string& secondFactor);
  void startPrivacyMode(const Principal& principal);
  /// Stores a pending challenge (hashed token) and answers SecondFactor with the token.
  LoginResult issueChallenge(const Principal& principal, const std::string& issuer, const std::string& challengeJson,
                             const std::string& purpose, const std::optional<std::string>& sessionHash);
  void audit(const Principal& principal, const std::string& action, const std::string& detailsJson = "{}");
  /// The same entry within `connection`'s transaction.
  void audit(store::Connection& connection, const Principal& principal, const std::string& action, const std::string& detailsJson);
  std::string accountKey(const std::optional<std::int64_t>& businessId, const std::string& email) const;

  store::Database& database_;
  const core::Clock& clock_;
  PasswordHasher& hasher_;
  SessionSettings settings_;
  LoginHooks hooks_;
  base::AuditLog* audit_;
};

} // namespace atrium::auth
