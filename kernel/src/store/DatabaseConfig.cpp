#include "store/DatabaseConfig.h"

#include <filesystem>

namespace atrium::store {

DatabaseSettings databaseSettingsFrom(const core::Config& config) {
  DatabaseSettings s;
  const std::string& backend = config.getString("database.backend");
  if (backend == "sqlite") s.backend = Backend::Sqlite;
  else if (backend == "mysql") s.backend = Backend::Mysql;
  else throw core::ConfigError("database.backend must be sqlite or mysql, got '" + backend + "' (from " +
                               config.sourceOf("database.backend") + ")");
  s.poolSize = static_cast<int>(config.getInt("database.pool.size", 1, 1024));
  s.poolTimeout = std::chrono::milliseconds(config.getInt("database.pool.timeoutMs", 1, 600000));
  if (s.backend == Backend::Sqlite) {
    std::filesystem::path dataDir = config.getString("data.dir");
    s.sqlitePath = config.getString("database.sqlite.path");
    if (s.sqlitePath.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(dataDir, ec);
      if (ec) throw core::ConfigError("cannot create data directory " + dataDir.string() + ": " + ec.message());
      s.sqlitePath = (dataDir / "atrium.db").string();
    }
  } else {
    s.mysqlHost = config.getString("database.mysql.host");
    s.mysqlPort = static_cast<int>(config.getInt("database.mysql.port", 1, 65535));
    s.mysqlSocket = config.getString("database.mysql.socket");
    s.mysqlUser = config.getString("database.mysql.user");
    s.mysqlPassword = config.getString("database.mysql.password");
    s.mysqlDatabase = config.getString("database.mysql.database");
    s.mysqlConnectTimeoutSeconds = static_cast<int>(config.getInt("database.mysql.connectTimeoutSeconds", 1, 300));
    s.mysqlReadTimeoutSeconds = static_cast<int>(config.getInt("database.mysql.readTimeoutSeconds", 1, 3600));
  }
  return s;
}

} // namespace atrium::store
