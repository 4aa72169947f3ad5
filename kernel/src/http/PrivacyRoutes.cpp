#include "base/TimeZones.h"
#include "core/Json.h"
#include "http/ApiRoutes.h"
#include "http/HttpError.h"
#include "http/JsonBody.h"
#include "http/Views.h"
#include "privacy/RecordsOfProcessing.h"

#include <Poco/Net/HTTPServerRequest.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <sstream>

namespace atrium::http {
namespace {

using base::TimeZones;

base::AuditParty actorOf(const StaffRequest& s) { return {"staff", std::to_string(s.principal.userId)}; }

void audit(ApiContext& api, const StaffRequest& s, const std::string& action, const base::AuditParty& subject,
           const std::string& details = "{}") {
  api.database.inTransaction([&](store::Connection& c) {
    base::AuditEntry e;
    e.businessId = s.business.id;
    e.actor = actorOf(s);
    e.action = action;
    e.subject = subject;
    e.detailsJson = details;
    api.plugins.audit().append(c, e);
  });
}

/// Details keys whose values are the ids of the business's staff users ("published_by": "3",
/// or an {"old", "new"} pair of them): the audit log names these people when it is read.
constexpr std::array<std::string_view, 4> kStaffIdKeys{"published_by", "provider_id", "staff_id", "user_id"};

void collectStaffIds(const std::string& detailsJson, std::set<std::int64_t>& ids) {
  rapidjson::Document d;
  if (!core::parseJson(d, detailsJson) || !d.IsObject()) return;
  auto add = [&ids](const rapidjson::Value& v) {
    if (!v.IsString()) return;
    try {
      std::size_t used = 0;
      auto id = std::stoll(v.GetString(), &used);
      if (used == v.GetStringLength() && id > 0) ids.insert(id);
    } catch (const std::exception&) {
    }
  };
  for (const auto& m : d.GetObject()) {
    if (std::find(kStaffIdKeys.begin(), kStaffIdKeys.end(), std::string_view(m.name.GetString())) == kStaffIdKeys.end()) continue;
    add(m.value);
    if (m.value.IsObject())
      for (const char* side : {"old", "new"})
        if (m.value.HasMember(side)) add(m.value[side]);
  }
}

/// A JSON report, as a view or as a download (Content-Disposition: attachment).
Response report(std::string body, bool download, const std::string& filename) {
  Response r = Response::json(200, std::move(body));
  if (download) r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}


Response reauthAnswer(const auth::LoginResult& result, ApiContext& api) {
  using Kind = auth::LoginResult::Kind;
  if (result.kind == Kind::Invalid && !result.refusal.empty()) // the second factor's plugin, in its own words
    throw HttpError(401, "rejected", core::Text::verbatim(result.refusal));
  if (result.kind == Kind::Invalid) throw HttpError(401, "invalid_credentials", "wrong password or code");
  JsonOut out;
  out.w().StartObject();
  if (result.kind == Kind::SecondFactor) {
    out.field("status", "second_factor_required").field("pending", result.pendingToken).raw("challenge", result.challengeJson);
  } else {
    auto until = api.clock.nowMicros() + api.sessions.privacySeconds() * INT64_C(1000000);
    out.field("status", "privacy_mode").field("until", TimeZones::formatUtc(until));
  }
  out.w().EndObject();
  return Response::json(200, out.text());
}

} // namespace

void addPrivacyRoutes(Router& router, ApiContext& api, Authenticator& auth) {
  // Re-authentication opens privacy mode for a few minutes.
  router.add("POST", "/api/v1/auth/reauth", [&api, &auth](Request& r) {
    auto p = auth.principal(r);
    if (p.supportGrantId) throw HttpError(403, "forbidden", "support sessions cannot enter privacy mode");
    JsonBody body(r, {"password"});
    return reauthAnswer(api.sessions.reauthenticate(p, body.string("password", 1024), r.clientAddress(),
                                                            r.readerLocale()), api);
  });
  router.add("POST", "/api/v1/auth/reauth/verify", [&api, &auth](Request& r) {
    auto p = auth.principal(r);
    JsonBody body(r, {"pending", "response"});
    const auto* response = body.value("response");
    if (!response || !response->IsObject()) throw HttpError(422, "invalid", "response must be an object of the challenge's fields", "response");
    return reauthAnswer(api.sessions.verifyReauthentication(p, body.string("pending", 100), core::toJson(*response), r.clientAddress(),
                                                                    r.readerLocale()), api);
  });

  // The three data categories: company, staff (system users), clients. Views and exports.
  for (bool download : {false, true}) {
    std::string suffix = download ? "/export" : "";
    router.add("GET", "/api/v1/privacy/company" + suffix, [&api, &auth, download](Request& r) {
      auto s = auth.privacyMode(r);
      std::ostringstream out;
      api.exports.company(out, s.business);
      audit(api, s, download ? "privacy.company_exported" : "privacy.company_viewed", {"business", std::to_string(s.business.id)});
      return report(out.str(), download, "company-" + s.business.slug + ".json");
    });
    router.add("GET", "/api/v1/privacy/staff/{id}" + suffix, [&api, &auth, download](Request& r) {
      auto s = auth.privacyMode(r);
      auto id = pathId(r, "id");
      std::ostringstream out;
      api.exports.staff(out, s.business, id);
      audit(api, s, download ? "privacy.staff_exported" : "privacy.staff_viewed", {"staff", std::to_string(id)});
      return report(out.str(), download, "staff-" + std::to_string(id) + ".json");
    });
    router.add("GET", "/api/v1/privacy/clients/{id}" + suffix, [&api, &auth, download](Request& r) {
      auto s = auth.privacyMode(r);
      auto id = pathId(r, "id");
      std::ostringstream out;
      api.exports.client(out, s.business, id, actorOf(s));
      audit(api, s, download ? "privacy.client_exported" : "privacy.client_viewed", {"client", std::to_string(id)});
      return report(out.str(), download, "client-" + std::to_string(id) + ".json");
    });
  }
  router.add("GET", "/api/v1/privacy/export", [&api, &auth](Request& r) {
    auto s = auth.privacyMode(r);
    audit(api, s, "privacy.business_exported", {"business", std::to_string(s.business.id)});
    Response resp;
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"business-" + s.business.slug + ".json\"");
    auto business = s.business;
    auto actor = actorOf(s);
    resp.stream = [&api, business, actor](std::ostream& out) { api.exports.business(out, business, actor); };
    return resp;
  });
  router.add("POST", "/api/v1/privacy/clients/{id}/erase", [&api, &auth](Request& r) {
    auto s = auth.privacyMode(r);
    auto report = api.erasure.erase(s.business, pathId(r, "id"), actorOf(s));
    JsonOut out;
    out.w().StartObject();
    out.field("status", "erased").idField("client_id", report.clientId).field("bookings_anonymised", report.bookingsAnonymised)
        .field("bookings_cancelled", report.bookingsCancelled).field("plugin_records_deleted", report.pluginRecords)
        .field("erased_at", TimeZones::formatUtc(report.at));
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("GET", "/api/v1/privacy/records-of-processing", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonOut out;
    out.w().StartObject();
    out.key("activities").w().StartArray();
    for (const auto& p : privacy::recordsOfProcessing(api.plugins.runtime(), {s.business.id, s.business.featuresVersion, s.business.name,
                                                                    s.business.timeZone, s.business.locale},
                                                      readerLocaleOf(r, s.business))) {
      out.w().StartObject();
      out.field("source", p.source).field("subject", p.subject).field("data", p.data).field("purpose", p.purpose)
          .field("legal_basis", p.legalBasis).field("recipients", p.recipients).field("retention", p.retention)
          .field("locale", p.locale);
      out.w().EndObject();
    }
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });

  // The audit log: owners read and export their business's chain.
  router.add("GET", "/api/v1/audit", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner"});
    auto limit = queryInt(r, "limit", 100, 1, 1000);
    auto before = queryInt(r, "before", INT64_MAX, 1, INT64_MAX);
    JsonOut out;
    out.w().StartObject();
    {
      auto lease = api.database.acquire();
      auto broken = api.plugins.audit().verify(*lease, s.business.id);
      out.field("chain_intact", !broken.has_value());
      std::vector<store::Row> rows;
      lease->forEach("SELECT id, at, actor_kind, actor_id, action, subject_kind, subject_id, details_json, hash FROM audit_log "
                     "WHERE chain_id = ? AND id < ? ORDER BY id DESC LIMIT " + std::to_string(limit),
                     {s.business.id, before}, [&rows](const store::Row& e) { rows.push_back(e); });
      // The entries keep ids only; the people they name are named now, as they are called today
      // (the business's own users only: one query for the page).
      std::set<std::int64_t> ids;
      auto addId = [&ids](const std::string& kind, const std::string& id) {
        if (kind != "staff") return;
        try {
          ids.insert(std::stoll(id));
        } catch (const std::exception&) {
        }
      };
      for (const auto& e : rows) {
        addId(e.getText(2), e.getText(3));
        addId(e.getText(5), e.getText(6));
        collectStaffIds(e.getText(7), ids);
      }
      std::map<std::string, std::string> names;
      if (!ids.empty()) {
        std::string in;
        store::Params params{s.business.id};
        for (auto id : ids) in += in.empty() ? "?" : ", ?", params.emplace_back(id);
        lease->forEach("SELECT id, display_name FROM users WHERE business_id = ? AND id IN (" + in + ")", params,
                       [&names](const store::Row& u) { names[std::to_string(u.getInt(0))] = u.getText(1); });
      }
      out.key("entries").w().StartArray();
      for (const auto& e : rows) {
        out.w().StartObject();
        out.idField("id", e.getInt(0)).field("at", TimeZones::formatUtc(e.getInt(1))).field("actor_kind", e.getText(2))
            .field("actor_id", e.getText(3));
        auto actorName = e.getText(2) == "staff" ? names.find(e.getText(3)) : names.end();
        out.field("actor_name", actorName == names.end() ? std::nullopt : std::optional<std::string>(actorName->second));
        out.field("action", e.getText(4)).field("subject_kind", e.getText(5)).field("subject_id", e.getText(6)).raw("details", e.getText(7))
            .field("hash", e.getText(8));
        out.w().EndObject();
      }
      out.w().EndArray();
      out.key("staff_names").w().StartObject();
      for (const auto& [id, name] : names) out.field(id.c_str(), name);
      out.w().EndObject();
    }
    out.w().EndObject();
    Response resp = Response::json(200, out.text());
    if (queryInt(r, "download", 0, 0, 1)) resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"audit-" + s.business.slug + ".json\"");
    return resp;
  });

  // Support access by temporary code only.
  router.add("POST", "/api/v1/support-codes", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner"});
    if (s.isSupport()) throw HttpError(403, "forbidden", "support cannot grant itself access");
    JsonBody body(r, {"scope", "minutes"});
    auto [grant, code] = api.support.grant(s.business.id, s.principal.userId, body.string("scope", 8),
                                           static_cast<int>(body.optionalInteger("minutes", 1, 60).value_or(30)));
    JsonOut out;
    out.w().StartObject();
    out.idField("id", grant.id).field("code", code).field("scope", grant.scope).field("expires_at", TimeZones::formatUtc(grant.expiresAt));
    out.w().EndObject();
    return Response::json(201, out.text());
  });
  router.add("GET", "/api/v1/support-codes", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner"});
    auto now = api.clock.nowMicros();
    JsonOut out;
    out.w().StartObject();
    out.key("grants").w().StartArray();
    for (const auto& g : api.support.list(s.business.id)) {
      out.w().StartObject();
      out.idField("id", g.id).field("scope", g.scope).field("state", g.state(now)).field("created_at", TimeZones::formatUtc(g.createdAt))
          .field("expires_at", TimeZones::formatUtc(g.expiresAt));
      out.key("redeemed_by");
      if (g.redeemedBy) out.str(std::to_string(*g.redeemedBy));
      else out.w().Null();
      out.w().EndObject();
    }
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("DELETE", "/api/v1/support-codes/{id}", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner"});
    if (s.isSupport()) throw HttpError(403, "forbidden", "support cannot revoke codes");
    api.support.revoke(s.business.id, pathId(r, "id"), s.principal.userId);
    return Response::json(200, R"({"status":"revoked"})");
  });
  router.add("POST", "/api/v1/support/redeem", [&api, &auth](Request& r) {
    auto p = auth.installationUser(r);
    JsonBody body(r, {"code"});
    auto session = api.support.redeem(p, body.string("code", 40));
    if (!session) throw HttpError(404, "invalid_code", "the code is wrong, used, expired or revoked");
    Response resp = Response::json(200, R"({"status":"support_session"})");
    resp.headers.emplace_back("Set-Cookie", auth.sessionCookie(*session));
    return resp;
  });
}

} // namespace atrium::http
