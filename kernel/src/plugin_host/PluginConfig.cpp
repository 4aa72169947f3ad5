#include "plugin_host/PluginConfig.h"

#include "plugin_host/PluginRegistry.h"

namespace atrium::plugin_host {

std::string pluginConfigFor(store::Database& database, std::int64_t businessId, const LoadedPlugin& plugin) {
  auto lease = database.acquire();
  auto row = lease->queryOne("SELECT config_json FROM business_features WHERE business_id = ? AND plugin_id = ?",
                             {businessId, plugin.id()});
  if (row) return row->getText(0);
  try {
    return plugin.manifest().configSchema.defaults();
  } catch (const std::exception&) {
    return "{}";
  }
}

} // namespace atrium::plugin_host
