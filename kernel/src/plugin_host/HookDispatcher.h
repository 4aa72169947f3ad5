#pragma once
#include "core/Clock.h"
#include "plugin_host/HookCatalog.h"
#include "plugin_host/HostContext.h"
#include "plugin_host/PluginRegistry.h"

#include <rapidjson/document.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::plugin_host {

/// The business a hook is dispatched for, as the request already loaded it.
/// featuresVersion is businesses.features_version: when it differs from the cached
/// plugin set, the set is reloaded (so toggles apply on the next request on every node).
struct BusinessRef {
  std::int64_t id = 0;
  std::int64_t featuresVersion = 0;
  std::string_view name;
  std::string_view timeZone;
  std::string_view locale = "en";
};

/// A plugin's fault text as it may be logged and shown to the administrator: at most 200
/// bytes, one line, email addresses and phone-like numbers replaced.
std::string faultText(std::string_view text);

/// What came of dispatching a hook.
struct HookOutcome {
  enum class Kind { Passed, Rejected, Failed };
  Kind kind = Kind::Passed;
  bool ran = false;     ///< at least one plugin was called
  std::string payload;  ///< the payload after every filter's patch (only when ran)
  std::string message;  ///< Rejected: the plugin's message for the user; Failed: a generic one
  std::string pluginId; ///< who rejected or faulted
  int faults = 0;       ///< contained faults (events carry on past them)
  int status = 0;       ///< the deciding plugin's atrium_status (Rejected: REJECTED, or for http.request@1 also
                        ///< INVALID_ARGUMENT / NOT_FOUND / PERMISSION_DENIED; Failed: UNAVAILABLE when the
                        ///< plugin is suspended or not loaded, INTERNAL when it faulted now)
};

/// Builds the hook-specific part of a payload; the dispatcher adds "hook", "business",
/// "locale" and "now_us". Only called when some enabled plugin listens.
using PayloadBuilder = std::function<void(rapidjson::Document&)>;

/// Dispatches hooks to the plugins enabled for a business, in manifest priority then id
/// order. Filters: a veto (REJECTED) stops the chain with the plugin's message; a patch
/// may change only the fields the hook allows (others are ignored and logged); a fault
/// (other status, thrown exception, malformed patch) fails closed. Events: every plugin
/// is called; faults are contained. Every fault is logged with its reason (capped, no
/// personal data), counted in /metrics and per business; enough faults suspend the plugin
/// for that business only. A plugin enabled for a business but suspended there, or that
/// failed to load, still guards it: its filters answer Failed (UNAVAILABLE) without being
/// called, so the action is refused; its events are skipped. With no plugin enabled for
/// the business, dispatch allocates nothing. Thread-safe.
class HookDispatcher {
public:
  /// `host`: the table plugins are called with and its state (the host-services adapter's).
  HookDispatcher(PluginRegistry& registry, store::Database& database, const core::Clock& clock, HostTable host)
      : registry_(registry), database_(database), clock_(clock), host_(host) {}

  /// True when the plugin is enabled for the business (and usable installation-wide).
  bool enabledFor(const BusinessRef& business, const std::string& pluginId);
  /// True when some plugin enabled for the business handles the hook.
  bool listens(const BusinessRef& business, HookId hook);
  HookOutcome filter(const BusinessRef& business, HookId hook, const PayloadBuilder& build);
  HookOutcome event(const BusinessRef& business, HookId hook, const PayloadBuilder& build);
  /// A targeted hook to one plugin (feature enabled/disabled, job run, route, verify challenge),
  /// whether or not it is enabled for the business at this instant.
  HookOutcome callPlugin(const BusinessRef& business, const std::string& pluginId, HookId hook, const PayloadBuilder& build);

  /// Appends atrium_plugin_faults_total to a Prometheus page.
  void renderMetrics(std::string& out) const;
  /// Drops every cached plugin set (tests; admin changes are picked up through the version).
  void invalidate();

private:
  struct Enabled {
    LoadedPlugin* plugin; ///< nullptr: enabled but not loaded (failed)
    std::string id;
    std::string config;
    bool suspended = false;
  };
  struct Snapshot {
    std::int64_t version = 0;
    std::vector<Enabled> plugins;
    std::array<std::vector<const Enabled*>, kHookCount> byHook;  ///< runnable, in dispatch order
    std::array<std::vector<const Enabled*>, kHookCount> blocked; ///< handle the hook but suspended or not loaded
    const Enabled* find(const std::string& id) const;
  };

  std::shared_ptr<const Snapshot> snapshot(const BusinessRef& business);
  std::shared_ptr<const Snapshot> load(const BusinessRef& business);
  HookOutcome run(const BusinessRef& business, HookId hook, const std::vector<const Enabled*>& plugins, const PayloadBuilder& build);
  void fault(const std::string& pluginId, HookId hook, std::int64_t businessId, const std::string& why);
  static HookOutcome unavailable(const std::string& pluginId);
  bool idle() const; ///< no plugin loaded or failed: nothing to dispatch or refuse

  PluginRegistry& registry_;
  store::Database& database_;
  const core::Clock& clock_;
  HostTable host_;
  std::shared_mutex cacheMutex_;
  std::map<std::int64_t, std::shared_ptr<const Snapshot>> cache_;
  mutable std::mutex metricsMutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> faults_;
};

} // namespace atrium::plugin_host
