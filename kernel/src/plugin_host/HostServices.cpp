#include "plugin_host/HostServices.h"

#include "plugin_host/HostCallSupport.h"
#include "plugin_host/PluginJobs.h"
#include "plugin_host/PluginRegistry.h"

// The C trampolines of the table are in HostRecordCalls.cpp and HostServiceCalls.cpp, the
// jobs store in PluginJobs.cpp; this file wires them and keeps the routes and refused calls.

namespace atrium::plugin_host {

std::string HostServices::pluginKey(const std::string& pluginId) { return secrets_.hmac("plugin-keys", "plugin:" + pluginId); }

HostServices::HostServices(store::Database& database, const core::Clock& clock, base::AuditLog& audit, PluginRecords& records)
    : database_(database), clock_(clock), audit_(audit), records_(records), secrets_(database, clock) {
  api_.struct_size = sizeof(atrium_host_api);
  installServiceCalls(api_);
  installRecordCalls(api_);
}

std::string HostServices::configFor(std::int64_t businessId, const LoadedPlugin& plugin) {
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT config_json FROM business_features WHERE business_id = ? AND plugin_id = ?",
                             {businessId, plugin.id()});
  if (row) return row->getText(0);
  try {
    return plugin.manifest().configSchema.defaults();
  } catch (const std::exception&) {
    return "{}";
  }
}

void HostServices::scheduleJob(const PluginJob& job) { PluginJobs(database_, clock_).schedule(job); }

bool HostServices::cancelJob(std::int64_t businessId, const std::string& pluginId, const std::string& name) {
  return PluginJobs(database_, clock_).cancel(businessId, pluginId, name);
}

std::vector<PluginJob> HostServices::claimDueJobs(int max, std::chrono::seconds lease) {
  return PluginJobs(database_, clock_).claimDue(max, lease);
}

void HostServices::finishJob(const PluginJob& job, bool succeeded) { PluginJobs(database_, clock_).finish(job, succeeded); }

void HostServices::addRoute(PluginRoute route) {
  std::lock_guard lock(routesMutex_);
  routes_.push_back(std::move(route));
}

void HostServices::noteDenied(const std::string& pluginId, std::string_view function) {
  std::lock_guard lock(routesMutex_);
  if (denied_.size() < 1000) denied_.emplace_back(pluginId, std::string(function));
}

std::vector<std::string> HostServices::deniedCalls(const std::string& pluginId) const {
  std::lock_guard lock(routesMutex_);
  std::vector<std::string> out;
  for (const auto& [plugin, function] : denied_)
    if (plugin == pluginId) out.push_back(function);
  return out;
}

std::vector<PluginRoute> HostServices::routes() const {
  std::lock_guard lock(routesMutex_);
  return routes_;
}

} // namespace atrium::plugin_host
