#pragma once
#include "core/Config.h"
#include "store/Database.h"

#include <string>

namespace atrium::store {

/// Reads database.* and data.dir; creates the data directory for SQLite.
/// Throws core::ConfigError naming the key at fault.
DatabaseSettings databaseSettingsFrom(const core::Config& config);

} // namespace atrium::store
