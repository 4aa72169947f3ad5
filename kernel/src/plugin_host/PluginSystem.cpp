#include "plugin_host/PluginSystem.h"

namespace atrium::plugin_host {

PluginRegistry::Settings PluginSystem::settingsFrom(const core::Config& config) {
  PluginRegistry::Settings s;
  std::string dir = config.getString("plugins.dir");
  s.directory = dir.empty() ? std::filesystem::path(config.getString("data.dir")) / "plugins" : std::filesystem::path(dir);
  s.safeModeFaults = static_cast<int>(config.getInt("plugins.safeModeFaults", 1, 1000000));
  s.safeModeWindow = std::chrono::seconds(config.getInt("plugins.safeModeWindowSeconds", 1, 86400 * 30));
  return s;
}

} // namespace atrium::plugin_host
