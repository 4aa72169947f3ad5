#pragma once
#include "base/ServerSecrets.h"
#include "core/Clock.h"
#include "plugin_host/PluginRecords.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <atrium/abi/atrium.h>

#include <cstdint>
#include <chrono>
#include <functional>
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

/// A scheduled job of a plugin for one business (host job_schedule, hook job.run@1).
struct PluginJob {
  std::int64_t businessId = 0;
  std::string pluginId;
  std::string name;
  std::string payloadJson = "{}";
  std::int64_t runAt = 0;      ///< next run, kernel clock microseconds
  std::int64_t intervalUs = 0; ///< 0 = once
  int attempts = 0;            ///< failed runs in a row
};

/// What a domain call answered: a status and, on OK, the result JSON.
struct DomainAnswer {
  atrium_status status = ATRIUM_UNIMPLEMENTED;
  std::string json;
  std::string reason; ///< why it was not OK, for the plugin (host last_error); names no person
};
using DomainHandler =
    std::function<DomainAnswer(std::int64_t businessId, const std::string& pluginId, const std::string& call, const std::string& paramsJson)>;

/// The kernel side of the host-API table (abi/host.h): what a plugin may call, each
/// call checked against the plugin's manifest capabilities, scoped to the business of
/// the callback it is made from, and logged when refused. Thread-safe.
class HostServices {
public:
  HostServices(store::Database& database, const core::Clock& clock, base::AuditLog& audit, PluginRecords& records);

  const atrium_host_api* api() const { return &api_; }
  store::Database& database() { return database_; }
  const core::Clock& clock() const { return clock_; }
  /// The plugin's installation key (HMAC-SHA256 of a generated server secret and the id).
  std::string pluginKey(const std::string& pluginId);
  base::AuditLog& audit() { return audit_; }
  PluginRecords& records() { return records_; }

  /// The plugin's validated config for the business (defaults when it has none stored).
  std::string configFor(std::int64_t businessId, const LoadedPlugin& plugin);

  void addRoute(PluginRoute route);
  std::vector<PluginRoute> routes() const;

  /// Answers domain_call (abi/domain.h); set by whoever owns the booking domain.
  void setDomainHandler(DomainHandler handler) { domainHandler_ = std::move(handler); }
  const DomainHandler& domainHandler() const { return domainHandler_; }

  /// Inserts or replaces the job (business, plugin, name).
  void scheduleJob(const PluginJob& job);
  bool cancelJob(std::int64_t businessId, const std::string& pluginId, const std::string& name);
  /// Claims up to `max` due jobs with a lease, so each runs once per tick across nodes.
  std::vector<PluginJob> claimDueJobs(int max, std::chrono::seconds lease);
  /// After a run: reschedules (interval), deletes (one-off) or backs off (failed).
  void finishJob(const PluginJob& job, bool succeeded);

  /// Calls refused for a capability the plugin did not declare (conformance checker, metrics).
  void noteDenied(const std::string& pluginId, std::string_view function);
  std::vector<std::string> deniedCalls(const std::string& pluginId) const;

private:
  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog& audit_;
  PluginRecords& records_;
  base::ServerSecrets secrets_;
  atrium_host_api api_{};
  mutable std::mutex routesMutex_;
  std::vector<PluginRoute> routes_;
  std::vector<std::pair<std::string, std::string>> denied_; ///< (plugin, function), bounded
  DomainHandler domainHandler_;
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
  std::string lastError;                 ///< why the last host call of this callback was not OK (host last_error)
};
