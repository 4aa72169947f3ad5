#pragma once
#include "core/Clock.h"
#include "plugin_host/PluginRecords.h"
#include "privacy/AuditLog.h"
#include "store/Database.h"

#include <atrium/abi/atrium.h>

#include <cstdint>
#include <mutex>
#include <string_view>
#include <utility>
#include <string>
#include <vector>

namespace atrium::plugin_host {

struct LoadedPlugin;

/// A route a plugin registered during on_init, mounted at /api/v1/plugins/<id>/<path>.
struct PluginRoute {
  std::string pluginId;
  std::string method;
  std::string path;
  int audience = 0;
  std::uint32_t flags = 0;
};

/// The kernel side of the host-API table (abi/host.h): what a plugin may call, each
/// call checked against the plugin's manifest capabilities, scoped to the business of
/// the callback it is made from, and logged when refused. Thread-safe.
class HostServices {
public:
  HostServices(store::Database& database, const core::Clock& clock, privacy::AuditLog& audit, PluginRecords& records);

  const atrium_host_api* api() const { return &api_; }
  store::Database& database() { return database_; }
  const core::Clock& clock() const { return clock_; }
  privacy::AuditLog& audit() { return audit_; }
  PluginRecords& records() { return records_; }

  /// The plugin's validated config for the business (defaults when it has none stored).
  std::string configFor(std::int64_t businessId, const LoadedPlugin& plugin);

  void addRoute(PluginRoute route);
  std::vector<PluginRoute> routes() const;

  /// Calls refused for a capability the plugin did not declare (conformance checker, metrics).
  void noteDenied(const std::string& pluginId, std::string_view function);
  std::vector<std::string> deniedCalls(const std::string& pluginId) const;

private:
  store::Database& database_;
  const core::Clock& clock_;
  privacy::AuditLog& audit_;
  PluginRecords& records_;
  atrium_host_api api_{};
  mutable std::mutex routesMutex_;
  std::vector<PluginRoute> routes_;
  std::vector<std::pair<std::string, std::string>> denied_; ///< (plugin, function), bounded
};

} // namespace atrium::plugin_host

/// The context of one call into a plugin (opaque to plugins, abi/types.h). Lives on the
/// dispatching thread's stack for the duration of the callback.
struct atrium_host_ctx {
  atrium::plugin_host::HostServices* services = nullptr;
  const atrium::plugin_host::LoadedPlugin* plugin = nullptr;
  std::int64_t businessId = 0;           ///< 0: no business (on_init, on_shutdown)
  bool initPhase = false;                ///< routes may be registered only now
  const std::string* config = nullptr;   ///< the business's config for the plugin, when already known
};
