#include "TermsRoutes.h"

#include "Documents.h"
#include "Markdown.h"

#include <map>

namespace terms {

using atrium::sdk::intAt;
using atrium::sdk::JsonObject;
using atrium::sdk::stringAt;

namespace {

rapidjson::Value versionMeta(const Version& v, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value out(rapidjson::kObjectType), hashes(rapidjson::kObjectType);
  out.AddMember("version", v.number, a);
  out.AddMember("published_at_us", v.publishedAtUs, a);
  add(out, "published_by", v.publishedBy, a);
  for (const auto& [locale, t] : v.locales) hashes.AddMember(rapidjson::Value(locale.c_str(), a), rapidjson::Value(t.sha256.c_str(), a), a);
  out.AddMember("sha256", hashes, a);
  return out;
}

/// A query parameter of the http.request@1 payload, or empty.
std::string query(const rapidjson::Value& payload, const char* name) {
  const auto* q = atrium::sdk::findPath(payload, "request.query");
  const auto* v = q ? atrium::sdk::findMember(*q, name) : nullptr;
  return v && v->IsString() ? v->GetString() : "";
}

} // namespace

std::string localeOf(std::string_view requested) { return requested == "zh-TW" ? "zh-TW" : "en"; }

void add(rapidjson::Value& obj, const char* name, const std::string& value, rapidjson::Document::AllocatorType& a) {
  obj.AddMember(rapidjson::StringRef(name), rapidjson::Value(value.c_str(), a), a);
}

FilterResult currentRoute(Host& host, const rapidjson::Value& payload) {
  Documents documents(host);
  auto number = documents.currentNumber();
  auto version = number ? documents.get(*number) : std::nullopt;
  if (!version) return FilterResult::error(404, "not_found", "this business has not published terms");
  std::string wanted = query(payload, "locale");
  std::string asked = localeOf(wanted.empty() ? stringAt(payload, "locale") : std::string_view(wanted));
  std::string locale = version->shownIn(asked);
  const auto& t = version->locales[locale];
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  out.AddMember("version", version->number, a);
  out.AddMember("published_at_us", version->publishedAtUs, a);
  add(out, "locale", locale, a);
  add(out, "requested_locale", asked, a); // differs from "locale" when not published in the reader's language
  add(out, "summary", t.summary, a);
  add(out, "terms_html", renderSafeHtml(t.terms), a);
  add(out, "privacy_html", renderSafeHtml(t.privacy), a);
  add(out, "sha256", t.sha256, a);
  out.AddMember("required", host.config().value()["require_on_booking_page"].GetBool(), a);
  return FilterResult::respond(200, out);
}

FilterResult versionsRoute(Host& host) {
  Documents documents(host);
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  auto current = documents.currentNumber();
  out.AddMember("current", current ? rapidjson::Value(*current) : rapidjson::Value(), a);
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& v : documents.list()) list.PushBack(versionMeta(v, a), a);
  out.AddMember("versions", list, a);
  return FilterResult::respond(200, out);
}

FilterResult versionRoute(Host& host, std::int64_t number, const Say& say) {
  auto version = number > 0 ? Documents(host).get(number) : std::nullopt;
  if (!version) return FilterResult::error(404, "not_found", say("error.no_version", {}));
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  rapidjson::Value meta = versionMeta(*version, a);
  rapidjson::Value locales(rapidjson::kObjectType);
  for (const auto& [locale, t] : version->locales) {
    rapidjson::Value text(rapidjson::kObjectType);
    add(text, "summary", t.summary, a);
    add(text, "terms", t.terms, a);
    add(text, "privacy", t.privacy, a);
    add(text, "terms_html", renderSafeHtml(t.terms), a);
    add(text, "privacy_html", renderSafeHtml(t.privacy), a);
    add(text, "text", t.text(), a); // the bytes sha256 covers
    add(text, "sha256", t.sha256, a);
    locales.AddMember(rapidjson::Value(locale.c_str(), a), text, a);
  }
  meta.AddMember("locales", locales, a);
  out.CopyFrom(meta, a);
  return FilterResult::respond(200, out);
}

FilterResult publishRoute(Host& host, const rapidjson::Value& payload, const Say& say) {
  auto body = atrium::sdk::parseJson(stringAt(payload, "request.body"));
  if (!body || !body.value().IsObject()) return FilterResult::error(400, "bad_request", say("error.body", {}));
  Documents::Refusal refusal;
  auto version = Documents(host).publish(body.value(), std::string(stringAt(payload, "principal.id")), intAt(payload, "now_us"), refusal);
  if (!version) return FilterResult::error(422, "invalid", say(refusal.key, refusal.values), refusal.field);
  rapidjson::Document out(rapidjson::kObjectType);
  rapidjson::Value meta = versionMeta(*version, out.GetAllocator());
  out.CopyFrom(meta, out.GetAllocator());
  host.audit("published", atrium::sdk::Subject::none(), atrium::sdk::toJson(out)).orThrow(); // version and hashes only
  return FilterResult::respond(201, out);
}

FilterResult previewRoute(const rapidjson::Value& payload, const Say& say) {
  auto body = atrium::sdk::parseJson(stringAt(payload, "request.body"));
  const auto* markdown = body ? atrium::sdk::findMember(body.value(), "markdown") : nullptr;
  if (!markdown || !markdown->IsString() || markdown->GetStringLength() > Documents::kMaxTextBytes)
    return FilterResult::error(422, "invalid", say("error.markdown", {{"max", std::to_string(Documents::kMaxTextBytes)}}), "markdown");
  rapidjson::Document out(rapidjson::kObjectType);
  add(out, "html", renderSafeHtml(std::string_view(markdown->GetString(), markdown->GetStringLength())), out.GetAllocator());
  return FilterResult::respond(200, out);
}

FilterResult acceptancesRoute(Host& host, const rapidjson::Value& payload) {
  std::string limitText = query(payload, "limit"), cursor = query(payload, "cursor");
  std::uint32_t limit = 50;
  if (!limitText.empty()) {
    if (limitText.size() > 3 || limitText.find_first_not_of("0123456789") != std::string::npos || std::stoi(limitText) < 1 ||
        std::stoi(limitText) > 200)
      return FilterResult::error(400, "bad_request", "limit must be 1 to 200", "limit");
    limit = static_cast<std::uint32_t>(std::stoi(limitText));
  }
  if (cursor.size() > 64) return FilterResult::error(400, "bad_request", "cursor is malformed", "cursor");
  auto current = Documents(host).currentNumber();
  auto page = host.listRecords({"acceptances", "", std::nullopt, limit, cursor});
  if (!page) return FilterResult::error(400, "bad_request", "cursor is malformed", "cursor");
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  out.AddMember("current", current ? rapidjson::Value(*current) : rapidjson::Value(), a);
  rapidjson::Value list(rapidjson::kArrayType);
  std::map<std::string, std::string> names; // one client.get@1 per client of the page
  for (auto& r : page.value()["records"].GetArray()) {
    rapidjson::Value item(r["value"], a);
    std::string clientId(stringAt(item, "client_id"));
    if (!names.count(clientId)) {
      auto client = host.callDomain("client.get@1", JsonObject{{"client_id", clientId}}.str());
      names[clientId] = client ? std::string(stringAt(client.value(), "client.display_name")) : "";
    }
    add(item, "client_name", names[clientId], a);
    item.AddMember("current", current && intAt(item, "version") == *current, a);
    list.PushBack(item, a);
  }
  auto count = list.Size();
  out.AddMember("acceptances", list, a);
  const auto& next = page.value()["next_cursor"];
  out.AddMember("next_cursor", next.IsString() ? rapidjson::Value(next.GetString(), a) : rapidjson::Value(), a);
  host.audit("acceptances_viewed", atrium::sdk::Subject::none(), JsonObject{{"count", count}}.str()).orThrow();
  return FilterResult::respond(200, out);
}

} // namespace terms
