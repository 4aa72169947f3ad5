#pragma once
#include "core/Config.h"
#include "plugin_host/FeatureToggles.h"
#include "plugin_host/HookDispatcher.h"
#include "plugin_host/HostServices.h"
#include "plugin_host/PluginRecords.h"
#include "plugin_host/PluginRegistry.h"
#include "base/AuditLog.h"

#include <filesystem>

namespace atrium::plugin_host {

/// Everything plugin-related, wired in dependency order: audit log, record store, host
/// services, registry, dispatcher, per-business toggles. Destroying it shuts the
/// plugins down before their libraries are unmapped.
class PluginSystem {
public:
  PluginSystem(store::Database& database, const core::Clock& clock, PluginRegistry::Settings settings)
      : audit_(clock, database), records_(database, clock), host_(database, clock, audit_, records_),
        registry_(database, clock, audit_, std::move(settings)), dispatcher_(registry_, host_),
        features_(registry_, dispatcher_, host_) {}

  /// plugins.dir (default <data.dir>/plugins) and the safe-mode settings.
  static PluginRegistry::Settings settingsFrom(const core::Config& config);

  void loadAll() { registry_.loadAll(host_); }
  void loadFile(const std::filesystem::path& path) { registry_.loadFile(path, host_); }

  /// Runs the plugin jobs that are due (job.run@1), each once across nodes; a job whose
  /// plugin is not enabled for its business waits. Returns how many ran.
  int runDueJobs(int max = 50);

  base::AuditLog& audit() { return audit_; }
  PluginRecords& records() { return records_; }
  HostServices& host() { return host_; }
  PluginRegistry& registry() { return registry_; }
  HookDispatcher& dispatcher() { return dispatcher_; }
  FeatureToggles& features() { return features_; }

private:
  base::AuditLog audit_;
  PluginRecords records_;
  HostServices host_;
  PluginRegistry registry_;
  HookDispatcher dispatcher_;
  FeatureToggles features_;
};

} // namespace atrium::plugin_host
