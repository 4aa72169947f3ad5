#pragma once
#include "store/Database.h"

#include <cstdint>
#include <string>

namespace atrium::plugin_host {

struct LoadedPlugin;

/// The plugin's validated config for the business as stored when the feature was switched
/// on (business_features.config_json), or its manifest's defaults when it has none stored.
std::string pluginConfigFor(store::Database& database, std::int64_t businessId, const LoadedPlugin& plugin);

} // namespace atrium::plugin_host
