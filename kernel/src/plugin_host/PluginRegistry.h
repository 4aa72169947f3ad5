#pragma once
#include "core/Clock.h"
#include "plugin_host/HostContext.h"
#include "plugin_host/PluginLibrary.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace atrium::plugin_host {

/// What loading made of a plugin: Active once its library passed every check (manifest, ABI,
/// requires) and on_init succeeded; Failed at the first step that did not, with the reason in
/// PluginInfo::reason. Whether it is offered or suspended is kept apart (PluginInfo).
enum class PluginState { Active, Failed };

/// What `atrium plugins list` and the admin API show of one plugin.
struct PluginInfo {
  std::string id;   ///< from the manifest; the file name when the manifest could not be read
  std::string file; ///< the library's file name
  std::string name;
  std::string version;
  PluginState state = PluginState::Failed;
  std::string reason;     ///< why it failed, or why it is unavailable
  bool available = true;  ///< offered by the installation (administrator's choice)
  bool safeMode = false;  ///< suspended installation-wide (set by earlier versions; lifted like suspensions)
  std::int64_t suspendedBusinesses = 0; ///< businesses for which it is suspended after faults
  std::string lastFault;  ///< the last fault: hook and reason, capped, no personal data
  std::int64_t lastFaultAt = 0;
  std::vector<HookId> hooks; ///< hooks its manifest declares (also of a failed plugin whose manifest was read)
  /// Other libraries of the plugins directory that declare this id too and were ignored,
  /// one line each naming the ignored file and the one that provides the plugin.
  std::vector<std::string> ignored;
};

/// A plugin whose library passed every check and whose on_init succeeded. Lives as long
/// as the registry; its library stays mapped that long.
struct LoadedPlugin {
  std::unique_ptr<PluginLibrary> library;
  void* instance = nullptr;
  const Manifest& manifest() const { return library->manifest(); }
  const std::string& id() const { return library->manifest().id; }
};

/// All plugins of the installation. Loading never throws for a broken plugin: it is
/// recorded as failed with a precise reason and the kernel carries on. Installation-wide
/// availability and safe mode live in the database (plugin_installations), so every node
/// agrees; changing them bumps every business's features_version so the next request on
/// any node sees it. Thread-safe once loadAll() (or loadFile()) has returned.
class PluginRegistry {
public:
  struct Settings {
    std::filesystem::path directory;
    int safeModeFaults = 5;                         ///< faults within the window that trip safe mode
    std::chrono::seconds safeModeWindow{300};
  };

  PluginRegistry(store::Database& database, const core::Clock& clock, base::AuditLog& audit, Settings settings);
  ~PluginRegistry();
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  /// Opens every *.so of the directory (a missing directory means no plugins), checks
  /// requires against what loaded, then runs on_init of the rest with `host`.
  void loadAll(const HostTable& host);
  /// Loads one library outside the plugins directory (conformance checker).
  void loadFile(const std::filesystem::path& path, const HostTable& host);
  /// Calls on_shutdown of every active plugin; hooks must no longer be dispatched.
  void shutdown();

  /// One row per plugin id: a library ignored because an earlier one (by file name)
  /// declares the same id appears only in that row's `ignored`.
  std::vector<PluginInfo> list();
  /// The plugins directory (plugins.dir); a plugin's web assets live in <dir>/<id>/web/.
  const std::filesystem::path& directory() const { return settings_.directory; }
  std::optional<PluginInfo> info(const std::string& id);
  /// The active plugin, or nullptr (failed, unknown).
  LoadedPlugin* active(const std::string& id) const;
  const std::vector<std::unique_ptr<LoadedPlugin>>& activePlugins() const { return active_; }
  /// Whether some plugin failed to load (its businesses may still need refusing for it).
  bool hasFailed() const { return !failed_.empty(); }
  /// Active, available and not in safe mode (reads the database).
  bool usable(const std::string& id);

  /// The administrator's switch; enabling also lifts every suspension of the plugin. Audited.
  /// Throws core::NotFoundError for an unknown plugin.
  void setAvailable(const std::string& id, bool available, const base::AuditParty& actor);
  /// Counts a fault of the plugin for the business (0: none) and keeps `reason` as its last
  /// fault; returns true when this fault suspended the plugin for that business (fail
  /// closed: it stays enabled there and its filters refuse until lifted). Faults of one
  /// business never suspend it for another.
  bool recordFault(const std::string& id, const std::string& hook, std::int64_t businessId, const std::string& reason);
  std::uint64_t faultCount(const std::string& id) const;
  /// The hooks the manifest of a failed plugin declares (empty when unknown).
  std::vector<HookId> failedPluginHooks(const std::string& id) const;

private:
  void load(const std::filesystem::path& path, std::vector<std::unique_ptr<PluginLibrary>>& opened);
  void initialise(std::vector<std::unique_ptr<PluginLibrary>> opened, const HostTable& host);
  void markFailed(const std::string& id, const std::string& file, const std::string& reason, const Manifest* manifest);
  void bumpAllBusinesses(store::Connection& connection);

  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog& audit_;
  Settings settings_;
  std::vector<std::unique_ptr<LoadedPlugin>> active_;
  std::vector<PluginInfo> failed_;
  /// (plugin id, note naming both files): libraries ignored for declaring an id already provided.
  std::vector<std::pair<std::string, std::string>> ignored_;
  mutable std::mutex faultMutex_;
  std::map<std::pair<std::string, std::int64_t>, std::deque<std::chrono::steady_clock::time_point>> recentFaults_;
  std::map<std::string, std::uint64_t> faultTotals_;
};

} // namespace atrium::plugin_host
