#pragma once
#include "base/AuditLog.h"
#include "base/ServerSecrets.h"
#include "core/Clock.h"
#include "plugin_host/HostContext.h"
#include "plugin_host/PluginRecords.h"
#include "plugin_services/PluginJobs.h"
#include "plugin_services/PluginRoutes.h"
#include "store/Database.h"

#include <atrium/abi/atrium.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atrium::plugin_services {

/// What a domain call answered: a status and, on OK, the result JSON.
struct DomainAnswer {
  atrium_status status = ATRIUM_UNIMPLEMENTED;
  std::string json;
  std::string reason; ///< why it was not OK, for the plugin (host last_error); names no person
};
using DomainHandler =
    std::function<DomainAnswer(std::int64_t businessId, const std::string& pluginId, const std::string& call, const std::string& paramsJson)>;

/// The kernel side of the host-API table (abi/host.h): what a plugin may call, each call
/// checked against the plugin's manifest capabilities, scoped to the business of the
/// callback it is made from, and logged when refused. The C trampolines are in
/// HostRecordCalls.cpp and HostServiceCalls.cpp; the routes, the refused calls and the jobs
/// are each their own class (own lock, or none where the rows are the state); the domain
/// calls (abi/domain.h) are answered by whoever owns the domain (app wires DomainCalls).
/// The runtime sees only table(): the API and this object as its opaque state.
class HostServices {
public:
  HostServices(store::Database& database, const core::Clock& clock, base::AuditLog& audit, plugin_host::PluginRecords& records);

  plugin_host::HostTable table() { return {&api_, this}; }
  /// The services of a call's context (nullptr when the context is not one of ours).
  static HostServices* of(const atrium_host_ctx* ctx) { return ctx ? static_cast<HostServices*>(ctx->host) : nullptr; }

  store::Database& database() { return database_; }
  const core::Clock& clock() const { return clock_; }
  base::AuditLog& audit() { return audit_; }
  plugin_host::PluginRecords& records() { return records_; }
  PluginJobs& jobs() { return jobs_; }
  PluginRoutes& routes() { return routes_; }
  const PluginRoutes& routes() const { return routes_; }
  RefusedCalls& refused() { return refused_; }
  const RefusedCalls& refused() const { return refused_; }
  /// The plugin's installation key (HMAC-SHA256 of a generated server secret and the id).
  std::string pluginKey(const std::string& pluginId);

  /// Answers domain_call (abi/domain.h); set once by the composition root before plugins
  /// are called, cleared before what it points to goes. Unset: every call is UNIMPLEMENTED.
  void setDomainHandler(DomainHandler handler) { domainHandler_ = std::move(handler); }
  const DomainHandler& domainHandler() const { return domainHandler_; }

private:
  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog& audit_;
  plugin_host::PluginRecords& records_;
  base::ServerSecrets secrets_;
  PluginJobs jobs_;
  PluginRoutes routes_;
  RefusedCalls refused_;
  atrium_host_api api_{};
  DomainHandler domainHandler_;
};

} // namespace atrium::plugin_services
