/// terms: the business's terms and conditions and privacy policy, per language, published
/// as immutable versions (Documents.h); the booking page shows the current one and a
/// booking made there is refused unless the client ticked it (booking.validate@1, extra
/// {"terms": {"accepted_version", "locale"}}). The acceptance is kept as evidence:
///   acceptances/<%019d inverted booking id>  subject client  {"client_id", "booking_id",
///       "version", "sha256", "locale", "accepted_at_us", "method", "ip"}   (newest first)
///   clients/<client id>                      subject client  {"version", "accepted_at_us", "booking_id"}
///   anonymous/<same key>                     subject none    {"version", "sha256", "locale", "accepted_at_us"}
/// Erasing a client leaves only the anonymous line (privacy.erase@1 writes it; the kernel
/// then deletes every record naming the client).
#include "Documents.h"
#include "Markdown.h"
#include "TermsRoutes.h"

#include <atrium/sdk/Sdk.hpp>

#include <cstdio>
#include <map>
#include <string>

namespace {

using atrium::sdk::FilterResult;
using atrium::sdk::Host;
using atrium::sdk::intAt;
using atrium::sdk::JsonObject;
using atrium::sdk::stringAt;
using atrium::sdk::Subject;
using terms::Documents;

constexpr std::int64_t kMaxId = 9223372036854775807LL;

/// The newest booking first: keys sort ascending, so invert the id.
std::string acceptanceKey(std::int64_t bookingId) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%019lld", static_cast<long long>(kMaxId - bookingId));
  return buffer;
}

std::int64_t parseId(std::string_view s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string_view::npos) return 0;
  return std::stoll(std::string(s));
}

/// `text` with each {name} of `values` filled in.
std::string fill(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out(text);
  for (const auto& [name, value] : values)
    if (auto at = out.find("{" + name + "}"); at != std::string::npos) out.replace(at, name.size() + 2, value);
  return out;
}

using terms::add;
using terms::localeOf;

class Terms : public atrium::sdk::Plugin {
public:
  void init(Host& host) override {
    using atrium::sdk::Audience;
    host.registerRoute({"GET", "versions", Audience::Staff});
    host.registerRoute({"POST", "versions", Audience::Staff});
    host.registerRoute({"GET", "versions/{number}", Audience::Staff});
    host.registerRoute({"POST", "preview", Audience::Staff});
    host.registerRoute({"GET", "acceptances", Audience::Staff});
    host.registerRoute({"GET", "current", Audience::Public});
  }

  FilterResult onBookingValidate(Host& host, const rapidjson::Value& payload) override {
    if (stringAt(payload, "operation") != "create" || stringAt(payload, "booking.source") != "public_page") return FilterResult::pass();
    if (!host.config().value()["require_on_booking_page"].GetBool()) return FilterResult::pass();
    auto current = Documents(host).currentNumber();
    if (!current) return FilterResult::pass(); // nothing published: nothing to accept
    std::int64_t accepted = intAt(payload, "extra.terms.accepted_version");
    if (accepted == *current) return FilterResult::pass();
    // the message is for the client, in the language of the booking page
    return FilterResult::reject(fill(text(stringAt(payload, "locale"), accepted == 0 ? "rejected.missing" : "rejected.outdated"),
                                     {{"version", std::to_string(*current)}}));
  }

  void onBookingCreated(Host& host, const rapidjson::Value& payload) override {
    if (stringAt(payload, "booking.source") != "public_page") return;
    std::int64_t accepted = intAt(payload, "extra.terms.accepted_version");
    std::int64_t bookingId = parseId(stringAt(payload, "booking.id"));
    std::string clientId(stringAt(payload, "booking.client_id"));
    if (accepted <= 0 || bookingId == 0 || clientId.empty()) return;
    auto version = Documents(host).get(accepted);
    if (!version) return;
    std::string locale = localeOf(stringAt(payload, "extra.terms.locale", stringAt(payload, "locale")));
    locale = version->shownIn(locale);
    std::int64_t at = intAt(payload, "now_us");
    rapidjson::Document evidence(rapidjson::kObjectType);
    auto& a = evidence.GetAllocator();
    add(evidence, "client_id", clientId, a);
    add(evidence, "booking_id", std::to_string(bookingId), a);
    evidence.AddMember("version", accepted, a);
    add(evidence, "sha256", version->locales[locale].sha256, a);
    add(evidence, "locale", locale, a);
    evidence.AddMember("accepted_at_us", at, a);
    add(evidence, "method", "booking_page_checkbox", a);
    add(evidence, "ip", std::string(stringAt(payload, "actor.ip")), a);
    host.putRecord({"acceptances", acceptanceKey(bookingId), Subject::client(clientId), atrium::sdk::toJson(evidence), false, 0}).orThrow();
    host.putRecord({"clients", clientId, Subject::client(clientId),
                    JsonObject{{"version", accepted}, {"accepted_at_us", at}, {"booking_id", std::to_string(bookingId)}}.str(),
                    false, 0})
        .orThrow();
  }

  /// Keeps the anonymous fact "version N was accepted at time T" of an erased client.
  void onPrivacyErase(Host& host, const rapidjson::Value& payload) override {
    auto subject = Subject::fromJson(atrium::sdk::findMember(payload, "subject"));
    if (subject.kind != atrium::sdk::SubjectKind::Client) return;
    host.forEachRecord({"acceptances", "", subject, 500, ""}, [&host](const rapidjson::Value& r) {
          const auto& v = r["value"];
          std::string anonymous = JsonObject{{"version", intAt(v, "version")},
                                             {"sha256", stringAt(v, "sha256")},
                                             {"locale", stringAt(v, "locale")},
                                             {"accepted_at_us", intAt(v, "accepted_at_us")}}
                                      .str();
          host.putRecord({"anonymous", r["key"].GetString(), Subject::none(), anonymous, false, 0}).orThrow();
        }).orThrow();
  }

  FilterResult onHttpRequest(Host& host, const rapidjson::Value& payload) override {
    std::string route(stringAt(payload, "request.route")), method(stringAt(payload, "request.method"));
    if (route == "current") return terms::currentRoute(host, payload);
    std::string locale = atrium::sdk::readerLocale(payload);
    terms::Say say = [this, &locale](const std::string& key, const std::map<std::string, std::string>& values) {
      return fill(text(locale, key), values);
    };
    if (!atrium::sdk::principalHasRole(payload, {"owner", "admin"})) return FilterResult::error(403, "forbidden", say("error.forbidden", {}));
    if (route == "versions" && method == "GET") return terms::versionsRoute(host);
    if (route == "versions") return terms::publishRoute(host, payload, say);
    if (route == "versions/{number}") return terms::versionRoute(host, parseId(stringAt(payload, "request.params.number")), say);
    if (route == "preview") return terms::previewRoute(payload, say);
    if (route == "acceptances") return terms::acceptancesRoute(host, payload);
    return FilterResult::error(404, "not_found", "no such resource");
  }
};

} // namespace

ATRIUM_PLUGIN(Terms, ATRIUM_PLUGIN_MANIFEST)
