#pragma once
#include "base/AuditLog.h"
#include "core/Config.h"
#include "plugin_host/PluginRecords.h"
#include "plugin_host/PluginRuntime.h"
#include "plugin_services/HostServices.h"

#include <filesystem>

namespace atrium::plugin_services {

/// The plugin runtime with the host services it calls plugins with, wired in dependency
/// order: audit log, record store, host services (the table), then the runtime (registry,
/// dispatcher, per-business toggles). The domain is given runtime(); the composition root
/// (app::Kernel) gives host() its domain calls. Destroying it shuts the plugins down
/// before their libraries are unmapped.
class PluginSystem {
public:
  PluginSystem(store::Database& database, const core::Clock& clock, plugin_host::PluginRegistry::Settings settings)
      : audit_(clock, database), records_(database, clock), host_(database, clock, audit_, records_),
        runtime_(database, clock, audit_, records_, host_.table(), std::move(settings)) {}

  /// plugins.dir (default <data.dir>/plugins) and the safe-mode settings.
  static plugin_host::PluginRegistry::Settings settingsFrom(const core::Config& config);

  void loadAll() { runtime_.loadAll(); }
  void loadFile(const std::filesystem::path& path) { runtime_.loadFile(path); }

  /// Runs the plugin jobs that are due (job.run@1), each once across nodes; a job whose
  /// plugin is not enabled for its business waits. Returns how many ran.
  int runDueJobs(int max = 50);

  plugin_host::PluginRuntime& runtime() { return runtime_; }
  HostServices& host() { return host_; }
  base::AuditLog& audit() { return audit_; }
  plugin_host::PluginRecords& records() { return records_; }
  plugin_host::PluginRegistry& registry() { return runtime_.registry(); }
  plugin_host::HookDispatcher& dispatcher() { return runtime_.dispatcher(); }
  plugin_host::FeatureToggles& features() { return runtime_.features(); }

private:
  base::AuditLog audit_;
  plugin_host::PluginRecords records_;
  HostServices host_;
  plugin_host::PluginRuntime runtime_;
};

} // namespace atrium::plugin_services
