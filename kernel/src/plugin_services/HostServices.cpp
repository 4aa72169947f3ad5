#include "plugin_services/HostServices.h"

#include "plugin_services/HostCallSupport.h"

namespace atrium::plugin_services {

HostServices::HostServices(store::Database& database, const core::Clock& clock, base::AuditLog& audit,
                           plugin_host::PluginRecords& records)
    : database_(database), clock_(clock), audit_(audit), records_(records), secrets_(database, clock), jobs_(database, clock) {
  api_.struct_size = sizeof(atrium_host_api);
  installServiceCalls(api_);
  installRecordCalls(api_);
}

std::string HostServices::pluginKey(const std::string& pluginId) { return secrets_.hmac("plugin-keys", "plugin:" + pluginId); }

} // namespace atrium::plugin_services
