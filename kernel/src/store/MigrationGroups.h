#pragma once
#include "store/Migrator.h"

#include <vector>

/// The kernel's migrations in groups, one file each; store/Migrations.cpp joins them in order.
/// Append only. Never edit a released migration: add a new one (to the last group).
namespace atrium::store {

std::vector<Migration> foundationMigrations(); ///< 1-3 (store/MigrationsFoundation.cpp)
std::vector<Migration> featureMigrations();    ///< 4 on (store/MigrationsFeatures.cpp)

} // namespace atrium::store
