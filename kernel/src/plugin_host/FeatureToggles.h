#pragma once
#include "core/Text.h"
#include "plugin_host/HookDispatcher.h"
#include "plugin_host/PluginRegistry.h"
#include "base/AuditLog.h"

#include <optional>
#include <string>
#include <vector>

namespace atrium::plugin_host {

/// One plugin as a business sees it in "Custom features".
struct Feature {
  std::string pluginId;
  std::string name;        ///< in the requested locale
  std::string description; ///< in the requested locale
  std::string version;
  bool available = false;  ///< offered by the installation and not in safe mode
  bool enabled = false;
  std::string configJson;  ///< the stored config, or the defaults
  std::string blockedBy;   ///< why it cannot be enabled now (requires / conflicts), or empty
  bool suspended = false;  ///< suspended after errors: still enabled, and refusing what it guards
  std::int64_t suspendedAt = 0;
};

/// Per-business feature switches and their validated configuration. Every change is one
/// transaction that also bumps businesses.features_version (so every node applies it on
/// the next request) and appends an audit entry with who, when and old → new.
/// Refusals are core::DomainError with a message naming the plugin that blocks.
class FeatureToggles {
public:
  FeatureToggles(store::Database& database, const core::Clock& clock, base::AuditLog& audit, PluginRegistry& registry,
                 HookDispatcher& dispatcher)
      : database_(database), clock_(clock), audit_(audit), registry_(registry), dispatcher_(dispatcher) {}

  std::vector<Feature> list(const BusinessRef& business);
  /// Enables (with `configJson`, or the stored config, or the defaults). Checks installation
  /// availability, `requires` (each must be enabled for the business, in range) and
  /// `conflicts` (both directions), validates the config. Then fires business.feature_enabled@1.
  void enable(const BusinessRef& business, const std::string& pluginId, const std::optional<std::string>& configJson,
              const base::AuditParty& actor);
  /// Refused while another enabled plugin of the business requires this one.
  void disable(const BusinessRef& business, const std::string& pluginId, const base::AuditParty& actor);
  /// Validates and stores a new config (enabled or not). Throws core::ValidationError naming the field.
  void configure(const BusinessRef& business, const std::string& pluginId, const std::string& configJson,
                 const base::AuditParty& actor);

private:
  LoadedPlugin& requirePlugin(const std::string& pluginId);
  std::vector<std::string> enabledIds(std::int64_t businessId);
  /// Why `plugin` cannot be enabled now (requires / conflicts), or nothing.
  std::optional<core::Text> blockers(const LoadedPlugin& plugin, const std::vector<std::string>& enabled);
  void save(const BusinessRef& business, const LoadedPlugin& plugin, bool enabled, const std::string& config,
            const base::AuditParty& actor, const std::string& action);

  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog& audit_;
  PluginRegistry& registry_;
  HookDispatcher& dispatcher_;
};

} // namespace atrium::plugin_host
