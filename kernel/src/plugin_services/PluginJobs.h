#pragma once
#include "core/Clock.h"
#include "store/Database.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace atrium::plugin_services {

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

/// The plugin jobs store (table plugin_jobs): what plugins scheduled through job_schedule,
/// claimed with a database lease so each due job runs once per tick across nodes. Holds no
/// state of its own (the rows are the state), so it needs no lock. Throws store::DatabaseError.
class PluginJobs {
public:
  PluginJobs(store::Database& database, const core::Clock& clock) : database_(database), clock_(clock) {}

  /// Inserts or replaces the job (business, plugin, name).
  void schedule(const PluginJob& job);
  bool cancel(std::int64_t businessId, const std::string& pluginId, const std::string& name);
  /// Claims up to `max` due jobs with a lease, so each runs once per tick across nodes.
  std::vector<PluginJob> claimDue(int max, std::chrono::seconds lease);
  /// After a run: reschedules (interval), deletes (one-off) or backs off (failed).
  void finish(const PluginJob& job, bool succeeded);

private:
  store::Database& database_;
  const core::Clock& clock_;
};

} // namespace atrium::plugin_services
