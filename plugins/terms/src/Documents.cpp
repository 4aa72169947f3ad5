#include "Documents.h"

#include "Markdown.h"

#include <cstdio>

namespace terms {

using atrium::sdk::intAt;
using atrium::sdk::Subject;

std::string Documents::key(std::int64_t number) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%010lld", static_cast<long long>(number));
  return buffer;
}

std::optional<std::int64_t> Documents::currentNumber() {
  auto state = host_.getRecord("state", "current");
  if (!state) return std::nullopt;
  return intAt(state.value(), "version");
}

std::string Version::shownIn(std::string_view wanted) const {
  if (locales.count(std::string(wanted))) return std::string(wanted);
  for (const char* locale : Documents::kLocales) // "en" first, as before
    if (locales.count(locale)) return locale;
  return std::string(wanted);
}

std::optional<Version> Documents::get(std::int64_t number) {
  auto meta = host_.getRecord("versions", key(number));
  if (!meta) return std::nullopt;
  Version v;
  v.number = number;
  v.publishedAtUs = intAt(meta.value(), "published_at_us");
  v.publishedBy = std::string(atrium::sdk::stringAt(meta.value(), "published_by"));
  for (const char* locale : kLocales) {
    auto text = host_.getRecord("texts", key(number) + "/" + locale);
    if (!text) continue;
    auto& t = v.locales[locale];
    const auto& d = text.value();
    t.summary = atrium::sdk::stringAt(d, "summary");
    t.terms = atrium::sdk::stringAt(d, "terms");
    t.privacy = atrium::sdk::stringAt(d, "privacy");
    t.sha256 = atrium::sdk::stringAt(d, "sha256");
  }
  return v;
}

std::vector<Version> Documents::list() {
  std::vector<Version> out;
  host_.forEachRecord({"versions", "", std::nullopt, 500, ""}, [&out](const rapidjson::Value& r) {
         Version v;
         v.number = intAt(r["value"], "version");
         v.publishedAtUs = intAt(r["value"], "published_at_us");
         v.publishedBy = atrium::sdk::stringAt(r["value"], "published_by");
         if (auto* hashes = atrium::sdk::findMember(r["value"], "sha256"); hashes && hashes->IsObject())
           for (auto& h : hashes->GetObject()) v.locales[h.name.GetString()].sha256 = h.value.GetString();
         out.push_back(std::move(v));
       }).orThrow();
  return {out.rbegin(), out.rend()};
}

std::optional<Version> Documents::publish(const rapidjson::Value& body, const std::string& by, std::int64_t nowUs, Refusal& refusal) {
  auto refuse = [&refusal](std::string field, std::string key, std::map<std::string, std::string> values = {}) {
    refusal = {std::move(field), std::move(key), std::move(values)};
    return std::nullopt;
  };
  const auto* locales = atrium::sdk::findMember(body, "locales");
  if (!locales || !locales->IsObject()) return refuse("locales", "error.locales");
  for (auto& m : locales->GetObject()) {
    std::string name = m.name.GetString();
    if (name != "en" && name != "zh-TW") return refuse("locales." + name, "error.locale_unknown");
  }
  Version v;
  v.publishedAtUs = nowUs;
  v.publishedBy = by;
  // A business offers its texts in one language or in both: a language left out, or with
  // all three texts empty, is not published; one begun must be complete.
  for (const char* locale : kLocales) {
    std::string base = std::string("locales.") + locale;
    const auto* text = atrium::sdk::findMember(*locales, locale);
    if (!text) continue;
    if (!text->IsObject()) return refuse(base, "error.text_missing", {{"language", locale}});
    bool begun = false;
    for (const char* field : {"summary", "terms", "privacy"}) {
      const auto* value = atrium::sdk::findMember(*text, field);
      if (value && (!value->IsString() || value->GetStringLength() > 0)) begun = true;
    }
    if (!begun) continue;
    LocaleText t;
    for (auto [field, target] : {std::pair<const char*, std::string*>{"summary", &t.summary}, {"terms", &t.terms}, {"privacy", &t.privacy}}) {
      const auto* value = atrium::sdk::findMember(*text, field);
      if (!value || !value->IsString() || value->GetStringLength() == 0) return refuse(base + "." + field, "error.required");
      *target = value->GetString();
    }
    if (t.summary.size() > kMaxSummaryBytes)
      return refuse(base + ".summary", "error.summary_long", {{"max", std::to_string(kMaxSummaryBytes)}});
    if (t.terms.size() + t.privacy.size() > kMaxTextBytes)
      return refuse(base + ".terms", "error.text_long", {{"max", std::to_string(kMaxTextBytes)}});
    t.sha256 = sha256Hex(t.text());
    v.locales[locale] = std::move(t);
  }
  if (v.locales.empty()) return refuse("locales", "error.locales");
  v.number = currentNumber().value_or(0) + 1;
  if (host_.getRecord("versions", key(v.number))) // published meanwhile by someone else: never overwrite
    return refuse("locales", "error.published_meanwhile");
  rapidjson::Document meta(rapidjson::kObjectType), hashes(rapidjson::kObjectType);
  auto& a = meta.GetAllocator();
  for (const auto& [locale, t] : v.locales) {
    rapidjson::Document text(rapidjson::kObjectType);
    auto& ta = text.GetAllocator();
    text.AddMember("summary", rapidjson::Value(t.summary.c_str(), ta), ta);
    text.AddMember("terms", rapidjson::Value(t.terms.c_str(), ta), ta);
    text.AddMember("privacy", rapidjson::Value(t.privacy.c_str(), ta), ta);
    text.AddMember("sha256", rapidjson::Value(t.sha256.c_str(), ta), ta);
    host_.putRecord({"texts", key(v.number) + "/" + locale, Subject::none(), atrium::sdk::toJson(text), false, 0}).orThrow();
    hashes.AddMember(rapidjson::Value(locale.c_str(), a), rapidjson::Value(t.sha256.c_str(), a), a);
  }
  meta.AddMember("version", v.number, a);
  meta.AddMember("published_at_us", v.publishedAtUs, a);
  meta.AddMember("published_by", rapidjson::Value(by.c_str(), a), a);
  meta.AddMember("sha256", hashes, a);
  host_.putRecord({"versions", key(v.number), Subject::none(), atrium::sdk::toJson(meta), false, 0}).orThrow();
  host_.putRecord({"state", "current", Subject::none(), atrium::sdk::JsonObject{{"version", v.number}}.str(), false, 0}).orThrow();
  return v;
}

} // namespace terms
