// What plugins add to the HTTP surface: the routes they registered during on_init
// (served through http.request@1, only for businesses that enabled the plugin) and their
// static web assets.
#include "core/Log.h"
#include "core/Json.h"
#include "http/ApiRoutes.h"
#include "http/HttpError.h"
#include "http/StaticFiles.h"
#include "http/Views.h"
#include "http/JsonBody.h"

#include <Poco/Net/HTTPServerRequest.h>

#include <atrium/abi/host.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace atrium::http {
namespace {


/// Headers a plugin may see; cookies and authorization never reach it.
constexpr const char* kForwardedHeaders[] = {"content-type", "accept", "accept-language", "user-agent"};

Response answerFrom(const plugin_host::HookOutcome& outcome) {
  using Kind = plugin_host::HookOutcome::Kind;
  if (outcome.kind == Kind::Rejected) {
    switch (outcome.status) {
    case ATRIUM_INVALID_ARGUMENT: return Response::json(400, errorBody("bad_request", outcome.message));
    case ATRIUM_NOT_FOUND: // a plugin's own message is in its reader's language already
      if (outcome.message.empty()) throw HttpError(404, "not_found", "no such resource");
      return Response::json(404, errorBody("not_found", outcome.message));
    case ATRIUM_PERMISSION_DENIED: return Response::json(403, errorBody("forbidden", outcome.message));
    default: return Response::json(422, errorBody("rejected", outcome.message));
    }
  }
  if (outcome.kind == Kind::Failed && outcome.status == ATRIUM_UNAVAILABLE) // suspended after faults: fails closed
    throw HttpError(503, "unavailable", "this feature is unavailable right now; please try again later");
  if (outcome.kind == Kind::Failed || !outcome.ran) throw HttpError(500, "plugin_error", "the feature failed to answer");
  rapidjson::Document d;
  core::parseJson(d, outcome.payload);
  const auto& resp = d["response"];
  int status = resp.HasMember("status") && resp["status"].IsInt() ? resp["status"].GetInt() : 500;
  if (status < 200 || status > 599) throw HttpError(500, "plugin_error", "the feature gave an invalid answer");
  if (resp.HasMember("json")) {
    return Response::json(status, core::toJson(resp["json"]));
  }
  if (resp.HasMember("body") && resp["body"].IsString()) {
    std::string type = resp.HasMember("content_type") && resp["content_type"].IsString() ? resp["content_type"].GetString() : "text/plain; charset=utf-8";
    return Response::text(status, resp["body"].GetString(), type);
  }
  if (status == 404) throw HttpError(404, "not_found", "no such resource");
  return Response::json(status, "{}");
}

Response callRoute(ApiContext& api, const plugin_services::PluginRoute& route, Request& r, const base::Business& business,
                   const std::string& principalKind, const std::optional<auth::Principal>& principal) {
  if (!api.plugins.dispatcher().enabledFor(pluginRef(business), route.pluginId)) throw HttpError(404, "not_found", "no such resource");
  // A body reaches a plugin only as one bounded JSON value sent as application/json: the same
  // reading every kernel route gets (JsonBody), so no plugin parses hostile nesting itself.
  if (!r.body.empty()) {
    if (!isJsonMediaType(r.header("Content-Type")))
      throw HttpError(415, "unsupported_media_type", "send the body as application/json");
    rapidjson::Document body;
    if (!core::parseJson(body, r.body)) throw HttpError(400, "bad_request", "the body is not valid JSON");
  }
  auto outcome = api.plugins.dispatcher().callPlugin(pluginRef(business, r), route.pluginId, plugin_host::HookId::HttpRequest,
                                                     [&](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    auto str = [&a](const std::string& s) { return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a); };
    rapidjson::Value req(rapidjson::kObjectType), params(rapidjson::kObjectType), query(rapidjson::kObjectType), headers(rapidjson::kObjectType);
    for (const auto& [k, v] : r.pathParams)
      if (k != "slug") params.AddMember(str(k), str(v), a);
    for (const auto& [k, v] : r.query) query.AddMember(str(k), str(v), a);
    for (const char* h : kForwardedHeaders)
      if (auto v = r.header(h); !v.empty()) headers.AddMember(rapidjson::StringRef(h), str(v), a);
    req.AddMember("method", str(r.method), a);
    req.AddMember("route", str(route.path), a);
    req.AddMember("path", str(r.path), a);
    req.AddMember("params", params, a);
    req.AddMember("query", query, a);
    req.AddMember("headers", headers, a);
    req.AddMember("body", str(r.body), a);
    req.AddMember("ip", str(r.raw ? r.raw->clientAddress().host().toString() : ""), a);
    d.AddMember("request", req, a);
    rapidjson::Value who(rapidjson::kObjectType), roles(rapidjson::kArrayType);
    who.AddMember("kind", str(principalKind), a);
    who.AddMember("id", principal ? str(std::to_string(principal->userId)) : rapidjson::Value(), a);
    if (principal) roles.PushBack(str(principal->role), a);
    who.AddMember("roles", roles, a);
    who.AddMember("label", principal ? str(principal->displayName) : rapidjson::Value(), a);
    d.AddMember("principal", who, a);
    rapidjson::Value resp(rapidjson::kObjectType);
    resp.AddMember("status", 404, a);
    d.AddMember("response", resp, a);
  });
  return answerFrom(outcome);
}

} // namespace

void addPluginRoutes(Router& router, ApiContext& api, Authenticator& auth) {
  for (const auto& route : api.plugins.host().routes().all()) {
    if (route.audience == ATRIUM_ROUTE_STAFF) {
      router.add(route.method, "/api/v1/plugins/" + route.pluginId + "/" + route.path, [&api, &auth, route](Request& r) {
        auto s = auth.staff(r);
        if ((route.flags & ATRIUM_ROUTE_REQUIRES_REAUTH) && (s.isSupport() || s.principal.privacyUntil <= api.clock.nowMicros()))
          throw HttpError(403, "reauthentication_required", "confirm your password first (POST /api/v1/auth/reauth)");
        return callRoute(api, route, r, s.business, "staff", s.principal);
      });
    } else if (route.audience == ATRIUM_ROUTE_PUBLIC) {
      router.add(route.method, "/api/v1/public/{slug}/plugins/" + route.pluginId + "/" + route.path, [&api, route](Request& r) {
        auto b = api.businesses.findBySlug(r.param("slug"));
        if (!b) throw HttpError(404, "not_found", "no such business");
        return callRoute(api, route, r, *b, "none", std::nullopt);
      });
    } else {
      core::Log::warn("plugin.route_skipped", {{"plugin", std::string_view(route.pluginId)}, {"reason", "client sign-in does not exist yet"}});
    }
  }

  router.add("GET", "/plugins/{plugin}/{file*}", [&api](Request& r) {
    const std::string& id = r.param("plugin");
    const std::string& file = r.param("file");
    if (!api.plugins.registry().active(id)) throw HttpError(404, "not_found", "no such resource");
    return StaticFiles(api.plugins.registry().directory() / id / "web").serve(file, "public, max-age=300");
  });
}

} // namespace atrium::http
