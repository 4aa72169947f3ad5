#include "plugin_services/PluginSystem.h"
#include "core/Json.h"

namespace atrium::plugin_services {

plugin_host::PluginRegistry::Settings PluginSystem::settingsFrom(const core::Config& config) {
  plugin_host::PluginRegistry::Settings s;
  std::string dir = config.getString("plugins.dir");
  s.directory = dir.empty() ? std::filesystem::path(config.getString("data.dir")) / "plugins" : std::filesystem::path(dir);
  s.safeModeFaults = static_cast<int>(config.getInt("plugins.safeModeFaults", 1, 1000000));
  s.safeModeWindow = std::chrono::seconds(config.getInt("plugins.safeModeWindowSeconds", 1, 86400 * 30));
  return s;
}

int PluginSystem::runDueJobs(int max) {
  int ran = 0;
  for (const auto& job : host_.jobs().claimDue(max, std::chrono::seconds(300))) {
    std::optional<plugin_host::BusinessRef> ref;
    std::string name, zone, locale;
    {
      auto lease = host_.database().acquire();
      auto row = lease->queryOne("SELECT name, time_zone, locale, features_version FROM businesses WHERE id = ?", {job.businessId});
      if (row) {
        name = row->getText(0);
        zone = row->getText(1);
        locale = row->getText(2);
        ref = plugin_host::BusinessRef{job.businessId, row->getInt(3), name, zone, locale};
      }
    }
    bool enabled = ref && registry().usable(job.pluginId) && [&] {
      auto lease = host_.database().acquire();
      return lease->queryOne("SELECT 1 FROM business_features WHERE business_id = ? AND plugin_id = ? AND enabled = 1",
                             {job.businessId, job.pluginId}).has_value();
    }();
    if (!enabled) { // disabled jobs do not run; they wait for the feature to come back
      host_.jobs().finish(job, false);
      continue;
    }
    auto outcome = dispatcher().callPlugin(*ref, job.pluginId, plugin_host::HookId::JobRun, [&](rapidjson::Document& d) {
      auto& a = d.GetAllocator();
      rapidjson::Value j(rapidjson::kObjectType);
      j.AddMember("name", rapidjson::Value(job.name.c_str(), a), a);
      rapidjson::Document payload;
      core::parseJson(payload, job.payloadJson);
      j.AddMember("payload", rapidjson::Value(payload, a), a);
      j.AddMember("scheduled_for_us", job.runAt, a);
      j.AddMember("attempt", job.attempts + 1, a);
      d.AddMember("job", j, a);
    });
    host_.jobs().finish(job, outcome.ran && outcome.faults == 0);
    ++ran;
  }
  return ran;
}

} // namespace atrium::plugin_services
