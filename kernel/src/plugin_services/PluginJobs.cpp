#include "plugin_services/PluginJobs.h"

#include <algorithm>

namespace atrium::plugin_services {

void PluginJobs::schedule(const PluginJob& j) {
  database_.inTransaction([&](store::Connection& c) {
    if (c.execute("UPDATE plugin_jobs SET payload_json = ?, run_at = ?, interval_us = ?, attempts = 0, lease_until = 0 "
                  "WHERE business_id = ? AND plugin_id = ? AND name = ?",
                  {j.payloadJson, j.runAt, j.intervalUs, j.businessId, j.pluginId, j.name}) == 0)
      c.execute("INSERT INTO plugin_jobs (business_id, plugin_id, name, payload_json, run_at, interval_us, attempts, lease_until) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, 0)",
                {j.businessId, j.pluginId, j.name, j.payloadJson, j.runAt, j.intervalUs});
  });
}

bool PluginJobs::cancel(std::int64_t businessId, const std::string& pluginId, const std::string& name) {
  auto lease = database_.acquire();
  return lease->execute("DELETE FROM plugin_jobs WHERE business_id = ? AND plugin_id = ? AND name = ?", {businessId, pluginId, name}) > 0;
}

std::vector<PluginJob> PluginJobs::claimDue(int max, std::chrono::seconds leaseFor) {
  std::int64_t now = clock_.nowMicros();
  std::vector<PluginJob> due, claimed;
  auto lease = database_.acquire();
  lease->forEach("SELECT business_id, plugin_id, name, payload_json, run_at, interval_us, attempts FROM plugin_jobs "
                 "WHERE run_at <= ? AND lease_until <= ? ORDER BY run_at LIMIT " + std::to_string(max),
                 {now, now}, [&due](const store::Row& r) {
                   due.push_back({r.getInt(0), r.getText(1), r.getText(2), r.getText(3), r.getInt(4), r.getInt(5), static_cast<int>(r.getInt(6))});
                 });
  for (auto& j : due) // only the node whose UPDATE matched runs the job this tick
    if (lease->execute("UPDATE plugin_jobs SET lease_until = ? WHERE business_id = ? AND plugin_id = ? AND name = ? AND run_at = ? "
                       "AND lease_until <= ?",
                       {now + leaseFor.count() * 1'000'000, j.businessId, j.pluginId, j.name, j.runAt, now}) == 1)
      claimed.push_back(std::move(j));
  return claimed;
}

void PluginJobs::finish(const PluginJob& j, bool succeeded) {
  std::int64_t now = clock_.nowMicros();
  auto lease = database_.acquire();
  if (succeeded && j.intervalUs == 0) {
    // a one-off job is done, unless the plugin rescheduled it meanwhile (run_at changed)
    lease->execute("DELETE FROM plugin_jobs WHERE business_id = ? AND plugin_id = ? AND name = ? AND run_at = ?",
                   {j.businessId, j.pluginId, j.name, j.runAt});
    return;
  }
  std::int64_t next = succeeded ? std::max(j.runAt + j.intervalUs, now) : now + std::min<std::int64_t>(60'000'000LL << std::min(j.attempts, 10), 3600'000'000LL);
  lease->execute("UPDATE plugin_jobs SET run_at = ?, attempts = ?, lease_until = 0 WHERE business_id = ? AND plugin_id = ? AND name = ? AND run_at = ?",
                 {next, succeeded ? 0 : j.attempts + 1, j.businessId, j.pluginId, j.name, j.runAt});
}

} // namespace atrium::plugin_services
