#include "store/MigrationGroups.h"

namespace atrium::store {

// Append only. Never edit a released migration: add a new one.
std::span<const Migration> kernelMigrations() {
  static const std::vector<Migration> all = [] {
    auto migrations = foundationMigrations();
    for (auto& m : featureMigrations()) migrations.push_back(std::move(m));
    return migrations;
  }();
  return all;
}

} // namespace atrium::store
