#include "http/Auth.h"

#include "core/Random.h"
#include "http/HttpError.h"

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
  return *p;
}

StaffRequest Authenticator::staff(const Request& request, std::initializer_list<std::string_view> roles) {
  auto p = principal(request);
  if (!p.businessId) throw HttpError(403, "forbidden", "installation administrators have no access to business data");
  if (std::find(roles.begin(), roles.end(), p.role) == roles.end())
    throw HttpError(403, "forbidden", "your role may not do this");
  auto business = api_.businesses.findById(*p.businessId);
  if (!business) throw HttpError(401, "unauthorized", "sign in again");
  return {p, *business};
}

auth::Principal Authenticator::installationAdmin(const Request& request) {
  auto p = principal(request);
  if (p.role != "installation_admin") throw HttpError(403, "forbidden", "only installation administrators may do this");
  return p;
}

std::string Authenticator::sessionCookie(const std::string& sessionId) const {
  return std::string(kSessionCookie) + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict" + (api_.secureCookies ? "; Secure" : "");
}

std::string Authenticator::clearedCookie() const {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (api_.secureCookies ? "; Secure" : "");
}

} // namespace atrium::http
