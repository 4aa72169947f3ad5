#pragma once
#include "base/AuditLog.h"
#include "core/Clock.h"
#include "plugin_host/FeatureToggles.h"
#include "plugin_host/HookDispatcher.h"
#include "plugin_host/HostContext.h"
#include "plugin_host/PluginRecords.h"
#include "plugin_host/PluginRegistry.h"
#include "store/Database.h"

#include <filesystem>

namespace atrium::plugin_host {

/// The plugin runtime as the domain sees it: the loaded plugins (registry), the hook
/// dispatcher, the per-business switches and the plugins' records. It depends on core,
/// store and base only; what a plugin may call back (the host table) comes from above,
/// from the host-services adapter (src/plugin_services/), as a table and an opaque state.
/// Destroying it shuts the plugins down before their libraries are unmapped.
class PluginRuntime {
public:
  PluginRuntime(store::Database& database, const core::Clock& clock, base::AuditLog& audit, PluginRecords& records,
                HostTable host, PluginRegistry::Settings settings)
      : audit_(audit), records_(records), host_(host), registry_(database, clock, audit, std::move(settings)),
        dispatcher_(registry_, database, clock, host), features_(database, clock, audit, registry_, dispatcher_) {}

  /// Loads every library of the plugins directory (a broken one is logged and listed, never fatal).
  void loadAll() { registry_.loadAll(host_); }
  void loadFile(const std::filesystem::path& path) { registry_.loadFile(path, host_); }

  base::AuditLog& audit() { return audit_; }
  PluginRecords& records() { return records_; }
  PluginRegistry& registry() { return registry_; }
  HookDispatcher& dispatcher() { return dispatcher_; }
  FeatureToggles& features() { return features_; }

private:
  base::AuditLog& audit_;
  PluginRecords& records_;
  HostTable host_;
  PluginRegistry registry_;
  HookDispatcher dispatcher_;
  FeatureToggles features_;
};

} // namespace atrium::plugin_host
