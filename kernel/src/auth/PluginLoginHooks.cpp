#include "core/Json.h"
#include "auth/PluginLoginHooks.h"

#include "core/Errors.h"

namespace atrium::auth {
namespace {

std::optional<plugin_host::BusinessRef> refFor(base::BusinessDirectory& businesses, const Principal& p, std::string& name,
                                               std::string& zone, std::string& locale) {
  if (!p.businessId) return std::nullopt;
  auto b = businesses.findById(*p.businessId);
  if (!b) return std::nullopt;
  name = b->name;
  zone = b->timeZone;
  locale = b->locale;
  return plugin_host::BusinessRef{b->id, b->featuresVersion, name, zone, locale};
}

rapidjson::Value user(const Principal& p, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("kind", "staff", a);
  v.AddMember("id", rapidjson::Value(std::to_string(p.userId).c_str(), a), a);
  rapidjson::Value roles(rapidjson::kArrayType);
  roles.PushBack(rapidjson::Value(p.role.c_str(), a), a);
  v.AddMember("roles", roles, a);
  return v;
}

std::string member(const std::string& json, const char* key) {
  rapidjson::Document d;
  core::parseJson(d, json);
  if (d.HasParseError() || !d.IsObject() || !d.HasMember(key) || d[key].IsNull()) return {};
  return core::toJson(d[key]);
}

} // namespace

LoginHooks pluginLoginHooks(plugin_host::PluginRuntime& plugins, base::BusinessDirectory& businesses) {
  LoginHooks hooks;
  hooks.secondFactor = [&plugins, &businesses](const Principal& p, const std::string& purpose, const std::string& readerLocale)
      -> std::optional<std::pair<std::string, std::string>> {
    std::string name, zone, locale;
    auto ref = refFor(businesses, p, name, zone, locale);
    if (!ref) return std::nullopt;
    if (!readerLocale.empty()) ref->locale = readerLocale; // the payload's "locale": whoever reads the challenge
    auto outcome = plugins.dispatcher().filter(*ref, plugin_host::HookId::SecondFactor, [&](rapidjson::Document& d) {
      auto& a = d.GetAllocator();
      d.AddMember("purpose", rapidjson::Value(purpose.c_str(), a), a);
      d.AddMember("user", user(p, a), a);
      d.AddMember("challenge", rapidjson::Value(), a);
    });
    if (outcome.kind != plugin_host::HookOutcome::Kind::Passed) // a broken second factor never lets anyone in
      throw core::DomainError("unavailable", "sign-in is unavailable right now; try again later");
    if (!outcome.ran) return std::nullopt;
    std::string challenge = member(outcome.payload, "challenge");
    if (challenge.empty()) return std::nullopt;
    std::string issuer = member(outcome.payload, "challenge_issuer");
    return std::make_pair(issuer.substr(1, issuer.size() - 2), challenge); // issuer is a JSON string
  };
  hooks.verify = [&plugins, &businesses](const Principal& p, const std::string& issuer, const std::string& challenge,
                                         const std::string& response, int attempt, const std::string& readerLocale) -> SecondFactorVerdict {
    std::string name, zone, locale;
    auto ref = refFor(businesses, p, name, zone, locale);
    if (!ref) return {}; // no business: nobody to verify
    if (!readerLocale.empty()) ref->locale = readerLocale; // the plugin's refusal is read by whoever typed the code
    auto outcome = plugins.dispatcher().callPlugin(*ref, issuer, plugin_host::HookId::VerifySecondFactor, [&](rapidjson::Document& d) {
      auto& a = d.GetAllocator();
      d.AddMember("purpose", "login", a);
      d.AddMember("user", user(p, a), a);
      rapidjson::Document c, r;
      core::parseJson(c, challenge);
      core::parseJson(r, response);
      d.AddMember("challenge", rapidjson::Value(c, a), a);
      d.AddMember("response", rapidjson::Value(r, a), a);
      d.AddMember("attempt", attempt, a);
    });
    if (!outcome.ran) return {}; // the plugin that asked for this code is not available (switched off meanwhile)
    if (outcome.kind == plugin_host::HookOutcome::Kind::Failed) // suspended or faulting: nobody gets in on it
      throw core::DomainError("unavailable", "sign-in is unavailable right now; try again later");
    if (outcome.kind == plugin_host::HookOutcome::Kind::Passed) return {true, {}};
    return {false, outcome.message};
  };
  hooks.sessionPolicy = [&plugins, &businesses](const Principal& p, int& idle, int& absolute) {
    std::string name, zone, locale;
    auto ref = refFor(businesses, p, name, zone, locale);
    if (!ref) return;
    auto outcome = plugins.dispatcher().filter(*ref, plugin_host::HookId::SessionPolicy, [&](rapidjson::Document& d) {
      auto& a = d.GetAllocator();
      d.AddMember("user", user(p, a), a);
      rapidjson::Value policy(rapidjson::kObjectType);
      policy.AddMember("idle_timeout_s", idle, a);
      policy.AddMember("absolute_timeout_s", absolute, a);
      policy.AddMember("login_notice", rapidjson::Value(), a);
      d.AddMember("policy", policy, a);
    });
    if (outcome.kind == plugin_host::HookOutcome::Kind::Failed) // a session policy that cannot be had: no session
      throw core::DomainError("unavailable", "sign-in is unavailable right now; try again later");
    if (!outcome.ran || outcome.kind != plugin_host::HookOutcome::Kind::Passed) return;
    rapidjson::Document d;
    core::parseJson(d, outcome.payload);
    const auto& policy = d["policy"];
    if (policy.HasMember("idle_timeout_s") && policy["idle_timeout_s"].IsInt()) idle = std::min(idle, policy["idle_timeout_s"].GetInt());
    if (policy.HasMember("absolute_timeout_s") && policy["absolute_timeout_s"].IsInt())
      absolute = std::min(absolute, policy["absolute_timeout_s"].GetInt());
  };
  hooks.succeeded = [&plugins, &businesses](const Principal& p, const std::string& secondFactor) {
    std::string name, zone, locale;
    auto ref = refFor(businesses, p, name, zone, locale);
    if (!ref) return;
    plugins.dispatcher().event(*ref, plugin_host::HookId::LoginSucceeded, [&](rapidjson::Document& d) {
      auto& a = d.GetAllocator();
      d.AddMember("purpose", "login", a);
      d.AddMember("user", user(p, a), a);
      d.AddMember("second_factor", secondFactor.empty() ? rapidjson::Value() : rapidjson::Value(secondFactor.c_str(), a), a);
    });
  };
  return hooks;
}

} // namespace atrium::auth
