#pragma once
#include <atrium/sdk/Sdk.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>

/// The terms plugin's HTTP routes (http.request@1). Staff routes are for owners and admins
/// (the caller checks); "current" is public.
namespace terms {

using atrium::sdk::FilterResult;
using atrium::sdk::Host;

/// A manifest ui string in the caller's language, {placeholders} filled.
using Say = std::function<std::string(const std::string& key, const std::map<std::string, std::string>& values)>;

/// GET current?locale=en|zh-TW (public): the current version for the booking page, its
/// HTML rendered safely, in the language asked for or, when not published in it, in the one
/// that is ("locale" then differs from "requested_locale"); 404 when nothing is published.
FilterResult currentRoute(Host& host, const rapidjson::Value& payload);
/// GET versions: {"current", "versions": [{"version", "published_at_us", "published_by", "sha256": {locale: hex}}]}.
FilterResult versionsRoute(Host& host);
/// GET versions/{number}: one version with its texts (Markdown and HTML) per language.
FilterResult versionRoute(Host& host, std::int64_t number, const Say& say);
/// POST versions {"locales": {"en": {summary, terms, privacy}, "zh-TW": {…}}}, either language
/// or both: publish (201).
FilterResult publishRoute(Host& host, const rapidjson::Value& payload, const Say& say);
/// POST preview {"markdown"}: {"html"}, rendered exactly as the booking page will show it.
FilterResult previewRoute(const rapidjson::Value& payload, const Say& say);
/// GET acceptances?limit=&cursor=: the evidence, newest first, with the client's name and
/// whether the accepted version is the current one; audited.
FilterResult acceptancesRoute(Host& host, const rapidjson::Value& payload);

std::string localeOf(std::string_view requested);
void add(rapidjson::Value& obj, const char* name, const std::string& value, rapidjson::Document::AllocatorType& a);

} // namespace terms
