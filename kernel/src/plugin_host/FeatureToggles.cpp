#include "plugin_host/FeatureToggles.h"
#include "core/JsonOut.h"
#include "core/Json.h"

#include "core/Errors.h"
#include "plugin_host/PluginConfig.h"

#include <rapidjson/document.h>

#include <algorithm>

namespace atrium::plugin_host {
LoadedPlugin& FeatureToggles::requirePlugin(const std::string& pluginId) {
  LoadedPlugin* plugin = registry_.active(pluginId);
  if (!plugin) {
    if (registry_.info(pluginId))
      throw core::ConflictError(core::Text("plugin '{plugin}' failed to load; an administrator must fix it first", {{"plugin", pluginId}}));
    throw core::NotFoundError(core::Text("no plugin '{plugin}' is installed", {{"plugin", pluginId}}));
  }
  return *plugin;
}

std::vector<std::string> FeatureToggles::enabledIds(std::int64_t businessId) {
  std::vector<std::string> ids;
  auto lease = database_.acquire();
  lease->forEach("SELECT plugin_id FROM business_features WHERE business_id = ? AND enabled = 1", {businessId},
                 [&ids](const store::Row& r) { ids.push_back(r.getText(0)); });
  return ids;
}

/// The settings, validated against the plugin's schema; a refusal names the setting as the
/// plugin's settings form labels it (its manifest's "config.<key>.label"), in every language.
static std::string validConfig(const Manifest& manifest, std::string_view configJson) {
  try {
    return manifest.configSchema.validate(configJson);
  } catch (const core::ValidationError& e) {
    core::Text text = e.text();
    std::string key = "config." + e.field() + ".label";
    for (auto locale : core::kLocales)
      if (auto label = manifest.text(locale, key); label != key) text.labelField(std::string(locale), label);
    throw core::ValidationError(e.field(), std::move(text));
  }
}

std::optional<core::Text> FeatureToggles::blockers(const LoadedPlugin& plugin, const std::vector<std::string>& enabled) {
  const Manifest& m = plugin.manifest();
  for (const auto& dep : m.requirements) {
    auto* other = registry_.active(dep.pluginId);
    if (!other) return core::Text("requires {plugin} {range}, which is not installed", {{"plugin", dep.pluginId}, {"range", dep.range.text()}});
    if (!dep.range.matches(other->manifest().version))
      return core::Text("requires {plugin} {range}, {version} installed",
                        {{"plugin", dep.pluginId}, {"range", dep.range.text()}, {"version", other->manifest().version.toString()}});
    if (std::find(enabled.begin(), enabled.end(), dep.pluginId) == enabled.end())
      return core::Text("requires {plugin} to be enabled first", {{"plugin", dep.pluginId}});
  }
  for (const auto& id : enabled) {
    if (id == m.id) continue;
    auto* other = registry_.active(id);
    if (!other) continue;
    for (const auto& c : m.conflicts)
      if (c.pluginId == id && c.range.matches(other->manifest().version))
        return core::Text("conflicts with {plugin}, which is enabled", {{"plugin", id}});
    for (const auto& c : other->manifest().conflicts)
      if (c.pluginId == m.id && c.range.matches(m.version)) return core::Text("conflicts with {plugin}, which is enabled", {{"plugin", id}});
  }
  return std::nullopt;
}

std::vector<Feature> FeatureToggles::list(const BusinessRef& business) {
  std::map<std::string, std::pair<bool, std::string>> stored;
  std::map<std::string, std::int64_t> suspended;
  {
    auto lease = database_.acquire();
    lease->forEach("SELECT plugin_id, enabled, config_json, suspended_at FROM business_features WHERE business_id = ?", {business.id},
                   [&](const store::Row& r) {
                     stored[r.getText(0)] = {r.getBool(1), r.getText(2)};
                     if (auto at = r.getOptionalInt(3)) suspended[r.getText(0)] = *at;
                   });
  }
  std::vector<std::string> enabled;
  for (const auto& [id, s] : stored)
    if (s.first) enabled.push_back(id);
  std::vector<Feature> out;
  for (const auto& info : registry_.list()) {
    auto* plugin = registry_.active(info.id);
    if (!plugin) continue; // failed plugins are the administrator's concern, not the business's
    Feature f;
    f.pluginId = info.id;
    f.name = plugin->manifest().text(business.locale, "name");
    f.description = plugin->manifest().text(business.locale, "description");
    f.version = info.version;
    f.available = info.available;
    auto s = stored.find(info.id);
    f.enabled = s != stored.end() && s->second.first;
    if (auto at = suspended.find(info.id); at != suspended.end()) {
      f.suspended = true;
      f.suspendedAt = at->second;
    } else if (info.safeMode) {
      f.suspended = true;
    }
    if (s != stored.end()) f.configJson = s->second.second;
    else {
      try {
        f.configJson = plugin->manifest().configSchema.defaults();
      } catch (const core::ValidationError&) {
        f.configJson = "{}";
      }
    }
    if (!f.enabled) f.blockedBy = !f.available ? "not offered by this installation" : blockers(*plugin, enabled).value_or("").render();
    out.push_back(std::move(f));
  }
  return out;
}

void FeatureToggles::save(const BusinessRef& business, const LoadedPlugin& plugin, bool enabled, const std::string& config,
                          const base::AuditParty& actor, const std::string& action) {
  std::int64_t now = clock_.nowMicros();
  database_.inTransaction([&](store::Connection& c) {
    auto before = c.queryOne("SELECT enabled, config_json FROM business_features WHERE business_id = ? AND plugin_id = ?",
                             {business.id, plugin.id()});
    if (before) {
      c.execute("UPDATE business_features SET enabled = ?, config_json = ?, updated_at = ?, updated_by = ? "
                "WHERE business_id = ? AND plugin_id = ?",
                {enabled, config, now, actor.kind + ":" + actor.id, business.id, plugin.id()});
    } else {
      c.execute("INSERT INTO business_features (business_id, plugin_id, enabled, config_json, updated_at, updated_by) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                {business.id, plugin.id(), enabled, config, now, actor.kind + ":" + actor.id});
    }
    c.execute("UPDATE businesses SET features_version = features_version + 1 WHERE id = ?", {business.id});
    base::AuditEntry entry;
    entry.businessId = business.id;
    entry.actor = actor;
    entry.action = action;
    entry.subject = {"plugin", plugin.id()};
    // config values are the business's settings (no personal data by the manifest's contract)
    entry.detailsJson = core::JsonOut::object([&](core::JsonOut& o) {
      o.key("enabled").w().StartObject();
      o.field("old", before && before->getBool(0)).field("new", enabled);
      o.w().EndObject();
      o.key("config").w().StartObject();
      if (before) o.raw("old", before->getText(1)); // validated JSON, as stored
      else o.key("old").null();
      o.raw("new", config);
      o.w().EndObject();
    });
    audit_.append(c, entry);
  });
}

void FeatureToggles::enable(const BusinessRef& business, const std::string& pluginId, const std::optional<std::string>& configJson,
                            const base::AuditParty& actor) {
  LoadedPlugin& plugin = requirePlugin(pluginId);
  if (!registry_.usable(pluginId)) {
    auto info = registry_.info(pluginId);
    if (info && !info->reason.empty())
      throw core::ConflictError(core::Text("plugin '{plugin}' is not offered by this installation ({reason})", {{"plugin", pluginId}, {"reason", info->reason}}));
    throw core::ConflictError(core::Text("plugin '{plugin}' is not offered by this installation", {{"plugin", pluginId}}));
  }
  auto enabled = enabledIds(business.id);
  if (auto why = blockers(plugin, enabled)) throw core::ConflictError(*why);
  std::string config;
  if (configJson) config = validConfig(plugin.manifest(), *configJson);
  else {
    auto lease = database_.acquire();
    auto row = lease->queryOne("SELECT config_json FROM business_features WHERE business_id = ? AND plugin_id = ?",
                               {business.id, pluginId});
    config = validConfig(plugin.manifest(), row ? row->getText(0) : "{}");
  }
  save(business, plugin, true, config, actor, "feature.enabled");
  dispatcher_.callPlugin(business, pluginId, HookId::FeatureEnabled, [&](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    rapidjson::Value who(rapidjson::kObjectType);
    who.AddMember("kind", rapidjson::Value(actor.kind.c_str(), a), a);
    who.AddMember("id", rapidjson::Value(actor.id.c_str(), a), a);
    d.AddMember("actor", who, a);
    rapidjson::Document cfg;
    core::parseJson(cfg, config);
    d.AddMember("config", rapidjson::Value(cfg, a), a);
  });
}

void FeatureToggles::disable(const BusinessRef& business, const std::string& pluginId, const base::AuditParty& actor) {
  LoadedPlugin* plugin = registry_.active(pluginId);
  if (!plugin) throw core::NotFoundError(core::Text("no plugin '{plugin}' is installed", {{"plugin", pluginId}}));
  auto enabled = enabledIds(business.id);
  if (std::find(enabled.begin(), enabled.end(), pluginId) == enabled.end()) return; // already off
  for (const auto& id : enabled) {
    auto* other = registry_.active(id);
    if (!other || id == pluginId) continue;
    for (const auto& dep : other->manifest().requirements)
      if (dep.pluginId == pluginId) throw core::ConflictError(core::Text("{other} requires {plugin}; disable {other} first", {{"other", id}, {"plugin", pluginId}}));
  }
  std::string config = pluginConfigFor(database_, business.id, *plugin);
  save(business, *plugin, false, config, actor, "feature.disabled");
  dispatcher_.callPlugin(business, pluginId, HookId::FeatureDisabled, [&](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    rapidjson::Value who(rapidjson::kObjectType);
    who.AddMember("kind", rapidjson::Value(actor.kind.c_str(), a), a);
    who.AddMember("id", rapidjson::Value(actor.id.c_str(), a), a);
    d.AddMember("actor", who, a);
  });
}

void FeatureToggles::configure(const BusinessRef& business, const std::string& pluginId, const std::string& configJson,
                               const base::AuditParty& actor) {
  LoadedPlugin& plugin = requirePlugin(pluginId);
  std::string config = validConfig(plugin.manifest(), configJson);
  bool enabled = false;
  {
    auto ids = enabledIds(business.id);
    enabled = std::find(ids.begin(), ids.end(), pluginId) != ids.end();
  }
  save(business, plugin, enabled, config, actor, "feature.configured");
}

} // namespace atrium::plugin_host
