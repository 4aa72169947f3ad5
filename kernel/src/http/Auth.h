#pragma once
#include "auth/Sessions.h"
#include "base/Business.h"
#include "http/ApiContext.h"
#include "http/Request.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::http {

inline constexpr const char* kSessionCookie = "atrium_session";

/// A signed-in request to a business's back office.
struct StaffRequest {
  auth::Principal principal;
  base::Business business;
  bool canManage() const { return principal.role == "owner" || principal.role == "admin" || principal.role == "support"; }
  bool isSupport() const { return principal.supportGrantId.has_value(); }
  /// Who the request's changes are audited under: the signed-in staff user, or support.
  base::AuditParty auditActor() const { return {isSupport() ? "support" : "staff", std::to_string(principal.userId)}; }
};

/// Session checks for the routes. Every failure is an HttpError: 401 without a valid
/// session, 403 for the wrong role, a missing or wrong X-CSRF-Token on a state-changing
/// method, or a password that must be changed first.
class Authenticator {
public:
  explicit Authenticator(ApiContext& api) : api_(api) {}

  /// Any signed-in user (owner, admin, staff or installation administrator). With
  /// allowPasswordChange the must-change-password state does not block (the routes that fix it).
  auth::Principal principal(const Request& request, bool allowPasswordChange = false);
  /// A user of a business, with one of the roles.
  StaffRequest staff(const Request& request, std::initializer_list<std::string_view> roles = {"owner", "admin", "staff"});
  /// An installation administrator (never sees a business's data).
  auth::Principal installationAdmin(const Request& request);
  /// An installation-level user (administrator or support), signed in without a business.
  auth::Principal installationUser(const Request& request);
  /// An owner or admin of the business in privacy mode (re-authenticated within the
  /// window): the data views, exports and erasure. Support sessions never qualify.
  StaffRequest privacyMode(const Request& request);

  static std::optional<std::string> cookie(const Request& request, const std::string& name);
  /// Set-Cookie value for a session (HttpOnly, SameSite=Strict, Path=/, Secure behind TLS).
  std::string sessionCookie(const std::string& sessionId) const;
  std::string clearedCookie() const;

private:
  ApiContext& api_;
};

} // namespace atrium::http
