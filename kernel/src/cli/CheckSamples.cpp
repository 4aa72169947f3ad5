// Sample payloads, requests and domain answers of `atrium plugin check`.
#include "cli/CheckSamples.h"

#include "core/Json.h"

#include <atrium/abi/domain.h>
#include <atrium/abi/host.h>

#include <cctype>
#include <initializer_list>
#include <utility>

namespace atrium::cli {
namespace {

using plugin_host::HookId;

/// The sample booking (of the sample client with `staffId`), allocated in `d`.
rapidjson::Value sampleBooking(rapidjson::Document& d, const std::string& staffId) {
  auto& a = d.GetAllocator();
  auto obj = [&a](std::initializer_list<std::pair<const char*, rapidjson::Value>> fields) {
    rapidjson::Value v(rapidjson::kObjectType);
    for (auto& f : fields) v.AddMember(rapidjson::StringRef(f.first), rapidjson::Value(const_cast<rapidjson::Value&>(f.second), a), a);
    return v;
  };
  auto s = [&a](const std::string& text) { return rapidjson::Value(text.c_str(), a); };
  return obj({{"id", s(kSampleBookingId)}, {"service_id", s("11")}, {"staff_id", s(staffId)}, {"client_id", s(kSampleClientId)},
                                  {"start_us", rapidjson::Value(INT64_C(1893484800000000))},
                                  {"end_us", rapidjson::Value(INT64_C(1893486600000000))},
                                  {"note", s(std::string("please call ") + kSampleCanary)}, {"source", s("public_page")},
                                  {"status", s("confirmed")}, {"created_at_us", rapidjson::Value(INT64_C(1893400000000000))}});
}

} // namespace

void samplePayload(HookId hook, rapidjson::Document& d, const std::string& staffId) {
  auto& a = d.GetAllocator();
  auto obj = [&a](std::initializer_list<std::pair<const char*, rapidjson::Value>> fields) {
    rapidjson::Value v(rapidjson::kObjectType);
    for (auto& f : fields) v.AddMember(rapidjson::StringRef(f.first), rapidjson::Value(const_cast<rapidjson::Value&>(f.second), a), a);
    return v;
  };
  auto s = [&a](const std::string& text) { return rapidjson::Value(text.c_str(), a); };
  auto person = [&](const char* kind, const std::string& id) { return obj({{"kind", s(kind)}, {"id", s(id)}}); };
  rapidjson::Value booking = sampleBooking(d, staffId);
  auto add = [&](const char* key, rapidjson::Value v) { d.AddMember(rapidjson::StringRef(key), v, a); };
  switch (hook) {
  case HookId::SecondFactor:
  case HookId::VerifySecondFactor:
  case HookId::LoginSucceeded:
    add("purpose", s("login"));
    add("user", person("staff", staffId));
    add("ip", s("192.0.2.10"));
    add("user_agent", s("conformance-check"));
    add("challenge", rapidjson::Value());
    if (hook == HookId::VerifySecondFactor) {
      add("response", obj({{"code", s("000000")}}));
      add("attempt", rapidjson::Value(1));
    }
    break;
  case HookId::SessionPolicy:
    add("user", obj({{"kind", s("staff")}, {"id", s(staffId)}}));
    add("policy", obj({{"idle_timeout_s", rapidjson::Value(1800)}, {"absolute_timeout_s", rapidjson::Value(43200)},
                       {"login_notice", rapidjson::Value()}}));
    break;
  case HookId::BookingValidate:
  case HookId::BookingCreated:
  case HookId::BookingCancelValidate:
    add("operation", s("create"));
    add("actor", person("client", kSampleClientId));
    add("booking", std::move(booking));
    add("extra", rapidjson::Value(rapidjson::kObjectType));
    add("reason", rapidjson::Value());
    break;
  case HookId::NotificationRender:
    add("notification", obj({{"id", s("77")}, {"template", s("booking.confirmation")}, {"channel", s("email")},
                             {"recipient", person("client", kSampleClientId)}, {"promotional", rapidjson::Value(false)},
                             {"subject", s("Your booking")}, {"text", s(std::string("Dear ") + kSampleCanary)}, {"html", rapidjson::Value()}}));
    add("data", obj({{"client_name", s(kSampleCanary)}}));
    break;
  case HookId::PrivacyExport:
  case HookId::PrivacyErase:
    add("subject", person("client", kSampleClientId));
    add("requested_by", person("staff", staffId));
    break;
  case HookId::FeatureEnabled:
  case HookId::FeatureDisabled:
    add("actor", person("staff", staffId));
    break;
  case HookId::JobRun:
    add("job", obj({{"name", s("conformance")}, {"payload", rapidjson::Value(rapidjson::kObjectType)},
                    {"scheduled_for_us", rapidjson::Value(INT64_C(1893484800000000))}, {"attempt", rapidjson::Value(1)}}));
    break;
  case HookId::HttpRequest:
    add("request", obj({{"method", s("GET")}, {"route", s("check")}, {"path", s("check")}, {"params", rapidjson::Value(rapidjson::kObjectType)},
                        {"query", rapidjson::Value(rapidjson::kObjectType)}, {"headers", rapidjson::Value(rapidjson::kObjectType)},
                        {"body", s("")}, {"ip", s("192.0.2.10")}}));
    add("principal", obj({{"kind", s("staff")}, {"id", s(staffId)}, {"roles", rapidjson::Value(rapidjson::kArrayType)}, {"label", rapidjson::Value()}}));
    add("response", obj({{"status", rapidjson::Value(404)}}));
    break;
  case HookId::Count: break;
  }
}

std::string fillPath(const std::string& routePath, const rapidjson::Value& params) {
  std::string path;
  std::size_t at = 0;
  while (at < routePath.size()) {
    auto open = routePath.find('{', at);
    auto close = open == std::string::npos ? std::string::npos : routePath.find('}', open);
    if (close == std::string::npos) {
      path += routePath.substr(at);
      break;
    }
    path += routePath.substr(at, open - at);
    std::string name = routePath.substr(open + 1, close - open - 1);
    if (!name.empty() && name.back() == '*') name.pop_back(); // {file*}: the rest of the path
    auto it = params.IsObject() ? params.FindMember(name.c_str()) : params.MemberEnd();
    path += it != params.MemberEnd() && it->value.IsString() ? it->value.GetString() : "sample";
    at = close + 1;
  }
  return path;
}

void sampleRoutePayload(const plugin_services::PluginRoute& route, rapidjson::Document& d, const std::string& staffId) {
  auto& a = d.GetAllocator();
  auto s = [&a](const std::string& text) { return rapidjson::Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), a); };
  rapidjson::Value params(rapidjson::kObjectType);
  for (std::size_t open = route.path.find('{'); open != std::string::npos; open = route.path.find('{', open + 1)) {
    auto close = route.path.find('}', open);
    if (close == std::string::npos) break;
    std::string name = route.path.substr(open + 1, close - open - 1);
    if (!name.empty() && name.back() == '*') name.pop_back();
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = lower.find("client") != std::string::npos    ? kSampleClientId
                        : lower.find("booking") != std::string::npos ? kSampleBookingId
                        : lower.find("staff") != std::string::npos || lower.find("user") != std::string::npos ? staffId
                        : lower.find("id") != std::string::npos      ? "1"
                                                                     : "sample";
    params.AddMember(s(name), s(value), a);
  }
  const bool hasBody = route.method == "POST" || route.method == "PUT" || route.method == "PATCH";
  const std::string path = fillPath(route.path, params);
  rapidjson::Value req(rapidjson::kObjectType), headers(rapidjson::kObjectType);
  if (hasBody) headers.AddMember("content-type", "application/json", a);
  headers.AddMember("accept-language", "en", a);
  headers.AddMember("user-agent", "conformance-check", a);
  req.AddMember("method", s(route.method), a);
  req.AddMember("route", s(route.path), a);
  req.AddMember("path", s(path), a);
  req.AddMember("params", params, a);
  req.AddMember("query", rapidjson::Value(rapidjson::kObjectType), a);
  req.AddMember("headers", headers, a);
  req.AddMember("body", s(hasBody ? "{}" : ""), a);
  req.AddMember("ip", "192.0.2.10", a);
  d.AddMember("request", req, a);
  const bool staff = route.audience == ATRIUM_ROUTE_STAFF;
  rapidjson::Value who(rapidjson::kObjectType), roles(rapidjson::kArrayType);
  who.AddMember("kind", s(staff ? "staff" : "none"), a);
  who.AddMember("id", staff ? s(staffId) : rapidjson::Value(), a);
  if (staff) roles.PushBack("owner", a);
  who.AddMember("roles", roles, a);
  who.AddMember("label", staff ? s("Check Staff") : rapidjson::Value(), a);
  d.AddMember("principal", who, a);
  rapidjson::Value resp(rapidjson::kObjectType);
  resp.AddMember("status", 404, a);
  d.AddMember("response", resp, a);
}

plugin_services::DomainAnswer sampleDomainAnswer(const std::string& call, const std::string& paramsJson, const std::string& staffId) {
  rapidjson::Document params;
  if (!core::parseJson(params, paramsJson) || !params.IsObject()) return {ATRIUM_INVALID_ARGUMENT, ""};
  auto param = [&](const char* name) {
    auto it = params.FindMember(name);
    return it != params.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : std::string();
  };
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  if (call == ATRIUM_DOMAIN_CLIENT_GET_V1) {
    if (param("client_id") != kSampleClientId) return {ATRIUM_NOT_FOUND, ""};
    rapidjson::Value client(rapidjson::kObjectType);
    client.AddMember("id", rapidjson::StringRef(kSampleClientId), a);
    client.AddMember("display_name", rapidjson::StringRef(kSampleCanary), a);
    client.AddMember("locale", "en", a);
    client.AddMember("created_at_us", INT64_C(1893400000000000), a);
    out.AddMember("client", client, a);
  } else if (call == ATRIUM_DOMAIN_BOOKING_GET_V1) {
    if (param("booking_id") != kSampleBookingId) return {ATRIUM_NOT_FOUND, ""};
    out.AddMember("booking", sampleBooking(out, staffId), a);
  } else if (call == ATRIUM_DOMAIN_CLIENT_BOOKINGS_V1) { // the sample client has the sample booking
    if (param("client_id") != kSampleClientId) return {ATRIUM_NOT_FOUND, "", "the business has no such client"};
    rapidjson::Value list(rapidjson::kArrayType);
    list.PushBack(sampleBooking(out, staffId), a);
    out.AddMember("bookings", list, a);
    out.AddMember("total", 1, a);
    out.AddMember("next_cursor", rapidjson::Value(), a);
  } else if (call == ATRIUM_DOMAIN_SERVICE_GET_V1) {
    if (param("service_id") != "11") return {ATRIUM_NOT_FOUND, "", "the business has no such service"};
    rapidjson::Value service(rapidjson::kObjectType);
    service.AddMember("id", "11", a);
    service.AddMember("name", "Consultation", a);
    service.AddMember("duration_min", 30, a);
    service.AddMember("price_cents", 5000, a);
    service.AddMember("currency", "EUR", a);
    service.AddMember("active", true, a);
    out.AddMember("service", service, a);
  } else if (call == ATRIUM_DOMAIN_HISTORY_PURGE_V1) {
    out.AddMember("bookings", 0, a);
    out.AddMember("clients", 0, a);
    out.AddMember("oldest_end_us", 0, a);
    out.AddMember("more", false, a);
  } else {
    return {ATRIUM_UNIMPLEMENTED, ""};
  }
  return {ATRIUM_OK, core::toJson(out)};
}

} // namespace atrium::cli
