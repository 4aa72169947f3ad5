#pragma once
#include "store/Database.h"

#include <span>
#include <string_view>
#include <vector>

namespace atrium::store {

/// One forward-only schema step. Statements are written once for both backends; two
/// tokens are replaced per dialect so the schema means the same on both:
///   {id}      an auto-increment 64-bit primary key column
///   {options} table options (InnoDB, utf8mb4 with binary collation on MySQL; nothing on SQLite)
struct Migration {
  int version;
  std::string_view name;
  std::vector<std::string_view> statements;
};

/// The kernel's migrations, in version order (store/Migrations.cpp).
std::span<const Migration> kernelMigrations();

struct MigrationStatus {
  int current = 0;      ///< highest applied version (0 = empty database)
  int latest = 0;       ///< highest version this build knows
  std::vector<int> pending;
};

/// Applies migrations and reports schema state. Safe to run from several nodes at once:
/// MySQL takes a named lock (GET_LOCK), SQLite serialises on BEGIN IMMEDIATE.
/// Throws DatabaseError; refuses (Invalid) a database newer than this build.
class Migrator {
public:
  Migrator(Database& database, std::span<const Migration> migrations = kernelMigrations())
      : database_(database), migrations_(migrations) {}

  MigrationStatus status();
  /// Applies every pending migration; returns the versions applied now (empty = up to date).
  std::vector<int> migrate();

  /// The statement with tokens replaced for the backend.
  static std::string translate(std::string_view statement, Backend backend);

private:
  void ensureTable(Connection& connection);
  int currentVersion(Connection& connection);

  Database& database_;
  std::span<const Migration> migrations_;
};

} // namespace atrium::store
