#pragma once
#include "store/Database.h"

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace atrium::test {

/// A fresh, empty database for one test: a SQLite file in a temporary directory, or —
/// when ATRIUM_TEST_BACKEND=mysql — a new schema on the MariaDB server that `make test`
/// starts (ATRIUM_TEST_MYSQL_HOST/PORT/USER/PASSWORD). Dropped on destruction.
/// A missing MariaDB is a failure, never a skip.
class TestDatabase {
public:
  explicit TestDatabase(int poolSize = 4);
  ~TestDatabase();

  store::Database& db() { return *database_; }
  store::Backend backend() const { return settings_.backend; }
  const store::DatabaseSettings& settings() const { return settings_; }
  /// The same database as configuration overrides, for the CLI and atriumd.
  std::vector<std::pair<std::string, std::string>> configOverrides() const;
  /// The master key file (mode 0600) the database was opened with: <directory>/master.key,
  /// the default for configOverrides()'s data.dir.
  std::filesystem::path masterKeyPath() const;
  /// A scratch directory removed with the database (also the data.dir of configOverrides).
  const std::filesystem::path& directory() const { return directory_; }

  static bool mysqlRequested();
  /// Settings for the MariaDB admin connection (schema "mysql"), from the environment.
  static store::DatabaseSettings mysqlAdminSettings();

private:
  std::filesystem::path directory_;
  store::DatabaseSettings settings_;
  std::unique_ptr<store::Database> database_;
};

/// A temporary directory removed on destruction.
std::filesystem::path makeTempDirectory(const std::string& prefix);

} // namespace atrium::test
