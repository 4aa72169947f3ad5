#include "TestDatabase.h"

#include "core/Random.h"
#include "store/MysqlConnection.h"

#include <cstdlib>
#include <stdexcept>

namespace atrium::test {
namespace {

std::string env(const char* name, const char* fallback = nullptr) {
  const char* v = std::getenv(name);
  if (v) return v;
  if (fallback) return fallback;
  throw std::runtime_error(std::string(name) + " is not set: run the MariaDB suite through `make test`, which starts "
                                               "a throwaway server and sets ATRIUM_TEST_MYSQL_*");
}

} // namespace

std::filesystem::path makeTempDirectory(const std::string& prefix) {
  auto dir = std::filesystem::temp_directory_path() / (prefix + "-" + core::toHex(core::randomBytes(6)));
  std::filesystem::create_directories(dir);
  return dir;
}

bool TestDatabase::mysqlRequested() {
  const char* backend = std::getenv("ATRIUM_TEST_BACKEND");
  return backend && std::string(backend) == "mysql";
}

store::DatabaseSettings TestDatabase::mysqlAdminSettings() {
  store::DatabaseSettings s;
  s.backend = store::Backend::Mysql;
  s.mysqlHost = env("ATRIUM_TEST_MYSQL_HOST", "127.0.0.1");
  s.mysqlPort = std::stoi(env("ATRIUM_TEST_MYSQL_PORT"));
  s.mysqlUser = env("ATRIUM_TEST_MYSQL_USER");
  s.mysqlPassword = env("ATRIUM_TEST_MYSQL_PASSWORD", "");
  s.mysqlDatabase = "mysql";
  return s;
}

TestDatabase::TestDatabase(int poolSize) : directory_(makeTempDirectory("atrium-test")) {
  if (mysqlRequested()) {
    settings_ = mysqlAdminSettings();
    std::string schema = "atrium_test_" + core::toHex(core::randomBytes(6));
    store::MysqlConnection admin(settings_);
    admin.execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", {});
    settings_.mysqlDatabase = schema;
  } else {
    settings_.backend = store::Backend::Sqlite;
    settings_.sqlitePath = (directory_ / "test.db").string();
  }
  settings_.poolSize = poolSize;
  settings_.poolTimeout = std::chrono::milliseconds(3000);
  // the installation's key file, where atriumd and the CLI find it through configOverrides()
  settings_.masterKey = std::make_shared<const core::MasterKey>(core::MasterKey::loadFile(masterKeyPath(), true));
  database_ = store::Database::open(settings_);
}

TestDatabase::~TestDatabase() {
  database_.reset();
  if (settings_.backend == store::Backend::Mysql) {
    try {
      auto admin = mysqlAdminSettings();
      store::MysqlConnection connection(admin);
      connection.execute("DROP DATABASE IF EXISTS " + settings_.mysqlDatabase, {});
    } catch (const std::exception&) {
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(directory_, ec);
}

std::filesystem::path TestDatabase::masterKeyPath() const { return directory_ / "master.key"; }

std::vector<std::pair<std::string, std::string>> TestDatabase::configOverrides() const {
  std::vector<std::pair<std::string, std::string>> out{{"data.dir", directory_.string()}};
  if (settings_.backend == store::Backend::Sqlite) {
    out.emplace_back("database.backend", "sqlite");
    out.emplace_back("database.sqlite.path", settings_.sqlitePath);
  } else {
    out.emplace_back("database.backend", "mysql");
    out.emplace_back("database.mysql.host", settings_.mysqlHost);
    out.emplace_back("database.mysql.port", std::to_string(settings_.mysqlPort));
    out.emplace_back("database.mysql.user", settings_.mysqlUser);
    out.emplace_back("database.mysql.password", settings_.mysqlPassword);
    out.emplace_back("database.mysql.database", settings_.mysqlDatabase);
  }
  return out;
}

} // namespace atrium::test
