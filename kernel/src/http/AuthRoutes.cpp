#include "core/Json.h"
#include "http/ApiRoutes.h"
#include "http/HttpError.h"
#include "http/JsonBody.h"
#include "http/Views.h"

#include <Poco/Net/HTTPServerRequest.h>

namespace atrium::http {
namespace {


[[noreturn]] Response invalidCredentials() {
  throw HttpError(401, "invalid_credentials", "wrong email or password");
}

void writeUser(JsonOut& out, const auth::Principal& p) {
  out.key("user").w().StartObject();
  out.idField("id", p.userId).field("display_name", p.displayName).field("role", p.role).field("must_change_password", p.mustChangePassword);
  out.key("business_id");
  if (p.businessId) out.str(std::to_string(*p.businessId));
  else out.w().Null();
  out.w().EndObject();
}

/// A second factor's plugin refused the answer: its own words (the password was right, so
/// they reveal nothing about the account), 401 "rejected".
[[noreturn]] Response refusedByPlugin(const std::string& words) {
  throw HttpError(401, "rejected", core::Text::verbatim(words));
}

Response answer(const auth::LoginResult& result, Authenticator& auth) {
  using Kind = auth::LoginResult::Kind;
  if (result.kind == Kind::Invalid) return result.refusal.empty() ? invalidCredentials() : refusedByPlugin(result.refusal);
  JsonOut out;
  out.w().StartObject();
  if (result.kind == Kind::SecondFactor) {
    out.field("status", "second_factor_required").field("pending", result.pendingToken).raw("challenge", result.challengeJson);
    out.w().EndObject();
    return Response::json(200, out.text());
  }
  out.field("status", "signed_in");
  writeUser(out, result.principal);
  out.field("csrf_token", result.principal.csrfToken);
  out.w().EndObject();
  Response r = Response::json(200, out.text());
  r.headers.emplace_back("Set-Cookie", auth.sessionCookie(result.sessionId));
  return r;
}

} // namespace

void addAuthRoutes(Router& router, ApiContext& api, Authenticator& auth) {
  router.add("POST", "/api/v1/auth/login", [&api, &auth](Request& r) {
    JsonBody body(r, {"business", "email", "password"});
    auto email = body.string("email", 254);
    auto password = body.string("password", 1024);
    std::optional<std::int64_t> businessId;
    if (auto slug = body.optionalString("business", 64)) {
      auto business = api.businesses.findBySlug(*slug);
      if (!business) return invalidCredentials(); // same answer as a wrong password
      businessId = business->id;
    }
    return answer(api.sessions.login(businessId, email, password, r.clientAddress(),
                                     r.readerLocale()), auth);
  });

  router.add("POST", "/api/v1/auth/login/verify", [&api, &auth](Request& r) {
    JsonBody body(r, {"pending", "response"});
    auto pending = body.string("pending", 100);
    const auto* response = body.value("response");
    if (!response || !response->IsObject()) throw HttpError(422, "invalid", "response must be an object of the challenge's fields", "response");
    return answer(api.sessions.verifySecondFactor(pending, core::toJson(*response), r.clientAddress(), r.readerLocale()), auth);
  });

  router.add("POST", "/api/v1/auth/logout", [&api, &auth](Request& r) {
    auth.principal(r, true); // CSRF-checked like every change
    api.sessions.logout(*Authenticator::cookie(r, kSessionCookie));
    Response out = Response::json(200, R"({"status":"signed_out"})");
    out.headers.emplace_back("Set-Cookie", auth.clearedCookie());
    return out;
  });

  router.add("GET", "/api/v1/me", [&api, &auth](Request& r) {
    auto p = auth.principal(r, true);
    JsonOut out;
    out.w().StartObject();
    writeUser(out, p);
    out.field("csrf_token", p.csrfToken);
    if (p.businessId) {
      if (auto b = api.businesses.findById(*p.businessId)) {
        out.key("business");
        writeBusiness(out, *b, true);
        out.key("plugin_mounts"); // what enabled features add to the user's own pages
        writeEnabledMounts(out, api.plugins, *b, false);
      }
    }
    out.w().EndObject();
    return Response::json(200, out.text());
  });

  router.add("POST", "/api/v1/auth/password", [&api, &auth](Request& r) {
    auto p = auth.principal(r, true);
    if (p.supportGrantId) throw HttpError(403, "forbidden", "support sessions cannot create or change accounts");
    JsonBody body(r, {"current_password", "new_password"});
    api.sessions.changePassword(p, body.string("current_password", 1024), body.string("new_password", 1024), r.clientAddress());
    return Response::json(200, R"({"status":"changed","other_sessions":"signed_out"})");
  });
}

} // namespace atrium::http
