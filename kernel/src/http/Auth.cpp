#include "http/Auth.h"

#include "core/Random.h"
#include "http/HttpError.h"
#include "http/JsonBody.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/NameValueCollection.h>

#include <algorithm>

namespace atrium::http {

std::optional<std::string> Authenticator::cookie(const Request& request, const std::string& name) {
  if (!request.raw) return std::nullopt;
  Poco::Net::NameValueCollection cookies;
  request.raw->getCookies(cookies);
  if (!cookies.has(name)) return std::nullopt;
  return cookies.get(name);
}

auth::Principal Authenticator::principal(const Request& request, bool allowPasswordChange) {
  auto id = cookie(request, kSessionCookie);
  if (!id) throw HttpError(401, "unauthorized", "sign in first");
  auto p = api_.sessions.authenticate(*id);
  if (!p) throw HttpError(401, "unauthorized", "your session has ended; sign in again");
  bool changes = request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
  if (changes && !core::constantTimeEquals(request.header("X-CSRF-Token"), p->csrfToken))
    throw HttpError(403, "csrf", "missing or wrong X-CSRF-Token header");
  if (p->mustChangePassword && !allowPasswordChange)
    throw HttpError(403, "password_change_required", "choose a new password first (POST /api/v1/auth/password)");
  if (p->supportGrantId && changes && p->supportScope != "write")
    throw HttpError(403, "read_only_support", "this support session may only read");
  return *p;
}

StaffRequest Authenticator::staff(const Request& request, std::initializer_list<std::string_view> roles) {
  auto p = principal(request);
  if (!p.businessId) throw HttpError(403, "forbidden", "installation administrators have no access to business data");
  // a support session acts as an admin of the business, within its grant's scope
  std::string_view role = p.supportGrantId ? std::string_view("admin") : std::string_view(p.role);
  if (std::find(roles.begin(), roles.end(), role) == roles.end())
    throw HttpError(403, "forbidden", "your role may not do this");
  auto business = api_.businesses.findById(*p.businessId);
  if (!business) throw HttpError(401, "unauthorized", "sign in again");
  if (p.supportGrantId) { // every support request is in the business's audit log (path only: ids, no query text)
    api_.database.inTransaction([&](store::Connection& c) {
      base::AuditEntry e;
      e.businessId = business->id;
      e.actor = {"support", std::to_string(p.userId)};
      e.action = "support.request";
      e.subject = {"support_grant", std::to_string(*p.supportGrantId)};
      JsonOut details;
      details.w().StartObject();
      details.field("method", request.method).field("path", request.path);
      details.w().EndObject();
      e.detailsJson = details.text();
      api_.plugins.audit().append(c, e);
    });
  }
  return {p, *business};
}

auth::Principal Authenticator::installationUser(const Request& request) {
  auto p = principal(request);
  if (p.businessId || (p.role != "installation_admin" && p.role != "support"))
    throw HttpError(403, "forbidden", "only the installation's administrators and support may do this");
  return p;
}

StaffRequest Authenticator::privacyMode(const Request& request) {
  auto s = staff(request, {"owner", "admin"});
  if (s.isSupport()) throw HttpError(403, "forbidden", "support sessions have no access to data views, exports or erasure");
  if (s.principal.privacyUntil <= api_.clock.nowMicros())
    throw HttpError(403, "reauthentication_required", "confirm your password first (POST /api/v1/auth/reauth)");
  return s;
}

auth::Principal Authenticator::installationAdmin(const Request& request) {
  auto p = principal(request);
  if (p.role != "installation_admin" || p.businessId) throw HttpError(403, "forbidden", "only installation administrators may do this");
  return p;
}

std::string Authenticator::sessionCookie(const std::string& sessionId) const {
  return std::string(kSessionCookie) + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict" + (api_.secureCookies ? "; Secure" : "");
}

std::string Authenticator::clearedCookie() const {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (api_.secureCookies ? "; Secure" : "");
}

} // namespace atrium::http
