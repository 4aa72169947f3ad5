#include "plugin_host/Manifest.h"

#include "core/Json.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <regex>

namespace atrium::plugin_host {
namespace {

const rapidjson::Value& member(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) throw ManifestError(std::string(key) + " is required");
  return it->value;
}

std::string requireString(const rapidjson::Value& obj, const char* key, std::size_t maxLength = 2000) {
  const auto& v = member(obj, key);
  if (!v.IsString() || v.GetStringLength() == 0) throw ManifestError(std::string(key) + " must be a non-empty string");
  if (v.GetStringLength() > maxLength) throw ManifestError(std::string(key) + " is too long");
  return std::string(v.GetString(), v.GetStringLength());
}

std::vector<Dependency> dependencies(const rapidjson::Value& obj, const char* key) {
  std::vector<Dependency> out;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return out;
  if (!it->value.IsObject()) throw ManifestError(std::string(key) + " must be an object of plugin id to version range");
  for (auto& m : it->value.GetObject()) {
    if (!m.value.IsString()) throw ManifestError(std::string(key) + "." + m.name.GetString() + " must be a version range");
    auto range = VersionRange::parse(m.value.GetString());
    if (!range) throw ManifestError(std::string(key) + "." + m.name.GetString() + ": '" + m.value.GetString() + "' is not a version range");
    out.push_back({m.name.GetString(), *range});
  }
  return out;
}

std::vector<std::string> stringList(const rapidjson::Value& obj, const char* key, const std::string& where) {
  std::vector<std::string> out;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return out;
  if (!it->value.IsArray()) throw ManifestError(where + " must be an array of strings");
  for (auto& v : it->value.GetArray()) {
    if (!v.IsString()) throw ManifestError(where + " must be an array of strings");
    out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

} // namespace

Manifest Manifest::parse(std::string_view json) {
  rapidjson::Document doc;
  auto parsed = sdk::parseJsonInto(doc, json);
  if (parsed.error == sdk::JsonError::TooDeep)
    throw ManifestError("not valid JSON: nested deeper than " + std::to_string(sdk::kMaxJsonDepth) + " levels");
  if (parsed.error == sdk::JsonError::TrailingData)
    throw ManifestError("not valid JSON: data after the value at offset " + std::to_string(parsed.offset));
  if (!parsed.ok())
    throw ManifestError(std::string("not valid JSON at offset ") + std::to_string(parsed.offset) + ": " +
                        rapidjson::GetParseError_En(parsed.syntax));
  if (!doc.IsObject()) throw ManifestError("must be a JSON object");
  Manifest m;
  m.json = std::string(json);

  m.id = requireString(doc, "id", 32);
  static const std::regex kId("^[a-z][a-z0-9_]{1,31}$");
  if (!std::regex_match(m.id, kId)) throw ManifestError("id '" + m.id + "' must match ^[a-z][a-z0-9_]{1,31}$");
  m.name = requireString(doc, "name", 64);
  auto version = SemVer::parse(requireString(doc, "version", 64));
  if (!version) throw ManifestError("version must be semver (MAJOR.MINOR.PATCH)");
  m.version = *version;
  m.vendor = requireString(doc, "vendor", 200);
  m.licence = requireString(doc, "licence", 100);
  m.description = requireString(doc, "description", 2000);
  auto abi = VersionRange::parse(requireString(doc, "abi", 64));
  if (!abi) throw ManifestError("abi must be a version range such as ^1.0");
  m.abi = *abi;
  if (auto p = doc.FindMember("priority"); p != doc.MemberEnd()) {
    if (!p->value.IsInt() || p->value.GetInt() < 0 || p->value.GetInt() > 1000)
      throw ManifestError("priority must be a whole number from 0 to 1000");
    m.priority = p->value.GetInt();
  }
  m.requirements = dependencies(doc, "requires");
  m.conflicts = dependencies(doc, "conflicts");
  for (const auto& d : m.requirements)
    if (d.pluginId == m.id) throw ManifestError("a plugin cannot require itself");

  const auto& caps = member(doc, "capabilities");
  if (!caps.IsObject()) throw ManifestError("capabilities must be an object {hooks, host, domain}");
  for (auto& c : caps.GetObject()) {
    std::string_view k = c.name.GetString();
    if (k != "hooks" && k != "host" && k != "domain") throw ManifestError("capabilities." + std::string(k) + " is not a capability group");
  }
  for (const auto& h : stringList(caps, "hooks", "capabilities.hooks")) {
    auto id = findHook(h);
    if (!id) throw ManifestError("capabilities.hooks: unknown hook '" + h + "'");
    if (!m.declaresHook(*id)) m.hooks.push_back(*id);
  }
  m.hostCapabilities = stringList(caps, "host", "capabilities.host");
  for (const auto& h : m.hostCapabilities)
    if (!isHostCapability(h)) throw ManifestError("capabilities.host: unknown capability '" + h + "'");
  m.domainCalls = stringList(caps, "domain", "capabilities.domain");
  for (const auto& d : m.domainCalls)
    if (!isDomainCall(d)) throw ManifestError("capabilities.domain: unknown domain call '" + d + "'");
  if (!m.domainCalls.empty() && !m.allowsHost("domain"))
    throw ManifestError("capabilities.domain needs \"domain\" in capabilities.host");

  try {
    m.configSchema = ConfigSchema::parse(member(doc, "config_schema"));
  } catch (const std::invalid_argument& e) {
    throw ManifestError(e.what());
  }

  const auto& pd = member(doc, "personal_data");
  if (!pd.IsArray()) throw ManifestError("personal_data must be an array (empty when the plugin stores none)");
  for (auto& e : pd.GetArray()) {
    if (!e.IsObject()) throw ManifestError("personal_data entries must be objects");
    PersonalData entry{requireString(e, "subject"), requireString(e, "data"), requireString(e, "purpose"),
                       requireString(e, "retention")};
    if (entry.subject != "client" && entry.subject != "staff" && entry.subject != "none")
      throw ManifestError("personal_data.subject must be client, staff or none");
    m.personalData.push_back(std::move(entry));
  }

  m.configSchemaJson = core::toJson(member(doc, "config_schema"));
  const auto& ui = member(doc, "ui");
  if (!ui.IsObject()) throw ManifestError("ui must be an object of locale to strings");
  for (const char* locale : {"en", "zh-TW"}) {
    auto it = ui.FindMember(locale);
    if (it == ui.MemberEnd() || !it->value.IsObject()) throw ManifestError(std::string("ui.") + locale + " is required");
    auto& strings = m.ui[locale];
    for (auto& s : it->value.GetObject()) {
      if (!s.value.IsString()) throw ManifestError(std::string("ui.") + locale + "." + s.name.GetString() + " must be a string");
      strings[s.name.GetString()] = s.value.GetString();
    }
    for (const char* key : {"name", "description"})
      if (!strings.count(key)) throw ManifestError(std::string("ui.") + locale + "." + key + " is required");
  }
  m.uiJson = core::toJson(ui);

  if (auto web = doc.FindMember("web"); web != doc.MemberEnd()) {
    if (!web->value.IsObject()) throw ManifestError("web must be an object");
    auto mounts = web->value.FindMember("mounts");
    if (mounts != web->value.MemberEnd()) {
      if (!mounts->value.IsArray()) throw ManifestError("web.mounts must be an array");
      for (auto& e : mounts->value.GetArray()) {
        if (!e.IsObject()) throw ManifestError("web.mounts entries must be objects");
        WebMount mount{requireString(e, "slot"), requireString(e, "module")};
        if (!isWebSlot(mount.slot)) throw ManifestError("web.mounts: unknown slot '" + mount.slot + "'");
        const auto& mod = mount.module;
        bool ends = mod.size() > 3 && (mod.compare(mod.size() - 3, 3, ".js") == 0 || mod.compare(mod.size() - 4, 4, ".mjs") == 0);
        if (!ends || mod.front() == '/' || mod.front() == '.' || mod.find("..") != std::string::npos ||
            mod.find('\\') != std::string::npos || mod.find("/.") != std::string::npos)
          throw ManifestError("web.mounts: module '" + mod + "' must be a .js path inside the plugin's web/ folder");
        m.webMounts.push_back(std::move(mount));
      }
    }
  }
  return m;
}

bool Manifest::isWebSlot(std::string_view slot) {
  for (auto known : {"settings", "account", "client_tab", "booking_step", "manage_booking"})
    if (slot == known) return true;
  return false;
}

bool Manifest::isPublicWebSlot(std::string_view slot) { return slot == "booking_step" || slot == "manage_booking"; }

bool Manifest::declaresHook(HookId hook) const { return std::find(hooks.begin(), hooks.end(), hook) != hooks.end(); }

bool Manifest::allowsHost(std::string_view capability) const {
  return std::find(hostCapabilities.begin(), hostCapabilities.end(), capability) != hostCapabilities.end();
}

bool Manifest::allowsDomainCall(std::string_view call) const {
  return std::find(domainCalls.begin(), domainCalls.end(), call) != domainCalls.end();
}

PersonalData Manifest::personalDataIn(std::string_view locale, size_t index) const {
  PersonalData out = personalData.at(index);
  auto l = ui.find(std::string(locale));
  if (l == ui.end()) return out;
  const std::string prefix = "personal_data." + std::to_string(index) + ".";
  int found = 0;
  using Field = std::pair<const char*, std::string*>;
  for (auto [field, value] : {Field{"data", &out.data}, Field{"purpose", &out.purpose}, Field{"retention", &out.retention}}) {
    auto k = l->second.find(prefix + field);
    if (k == l->second.end()) continue;
    *value = k->second;
    ++found;
  }
  out.translated = found == 3;
  return out;
}

std::string Manifest::text(std::string_view locale, const std::string& key) const {
  for (auto loc : {std::string(locale), std::string("en")}) {
    auto l = ui.find(loc);
    if (l == ui.end()) continue;
    auto k = l->second.find(key);
    if (k != l->second.end()) return k->second;
  }
  return key;
}

} // namespace atrium::plugin_host
