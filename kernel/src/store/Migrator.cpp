#include "store/Migrator.h"

#include "core/Log.h"
#include "store/DatabaseError.h"

#include <algorithm>
#include <ctime>
#include <optional>

namespace atrium::store {
namespace {

void replaceAll(std::string& text, std::string_view token, std::string_view with) {
  for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos + with.size()))
    text.replace(pos, token.size(), with);
}

/// Holds MySQL's named migration lock for its lifetime.
class MysqlMigrationLock {
public:
  explicit MysqlMigrationLock(Connection& connection) : connection_(connection) {
    auto row = connection_.queryOne("SELECT GET_LOCK('atrium.migrate', 60)");
    if (!row || row->isNull(0) || row->getInt(0) != 1)
      throw DatabaseError(DatabaseError::Kind::Busy, "another node holds the migration lock");
  }
  ~MysqlMigrationLock() {
    try {
      connection_.execute("DO RELEASE_LOCK('atrium.migrate')");
    } catch (const std::exception&) {
    }
  }

private:
  Connection& connection_;
};

} // namespace

std::string Migrator::translate(std::string_view statement, Backend backend) {
  std::string sql(statement);
  if (backend == Backend::Sqlite) {
    replaceAll(sql, "{id}", "INTEGER PRIMARY KEY AUTOINCREMENT");
    replaceAll(sql, "{options}", "");
  } else {
    replaceAll(sql, "{id}", "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY");
    replaceAll(sql, "{options}", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
  }
  return sql;
}

void Migrator::ensureTable(Connection& connection) {
  connection.execute(translate("CREATE TABLE IF NOT EXISTS schema_migrations ("
                               "version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, "
                               "applied_at BIGINT NOT NULL){options}",
                               connection.backend()));
}

int Migrator::currentVersion(Connection& connection) {
  auto row = connection.queryOne("SELECT MAX(version) FROM schema_migrations");
  return (!row || row->isNull(0)) ? 0 : static_cast<int>(row->getInt(0));
}

MigrationStatus Migrator::status() {
  auto lease = database_.acquire();
  ensureTable(*lease);
  MigrationStatus status;
  status.current = currentVersion(*lease);
  for (const auto& m : migrations_) {
    status.latest = std::max(status.latest, m.version);
    if (m.version > status.current) status.pending.push_back(m.version);
  }
  return status;
}

std::vector<int> Migrator::migrate() {
  auto lease = database_.acquire();
  Connection& c = *lease;
  ensureTable(c);
  std::optional<MysqlMigrationLock> lock;
  if (c.backend() == Backend::Mysql) lock.emplace(c);

  std::vector<int> applied;
  int current = currentVersion(c);
  int latest = migrations_.empty() ? 0 : migrations_.back().version;
  if (current > latest)
    throw DatabaseError(DatabaseError::Kind::Invalid,
                        "the database schema is at version " + std::to_string(current) + " but this build knows only up to " +
                            std::to_string(latest) + "; upgrade Atrium instead of downgrading");
  for (const auto& m : migrations_) {
    if (m.version <= current) continue;
    // SQLite applies DDL transactionally; MySQL commits each DDL statement implicitly, so
    // there the named lock is what keeps two nodes from interleaving.
    Transaction tx(c);
    if (currentVersion(c) >= m.version) continue; // another process got here first (SQLite)
    for (auto statement : m.statements) c.execute(translate(statement, c.backend()));
    c.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, "
              "?)",
              {m.version, m.name, static_cast<std::int64_t>(std::time(nullptr))});
    tx.commit();
    applied.push_back(m.version);
    core::Log::info("store.migrated", {{"version", static_cast<std::int64_t>(m.version)}, {"name", m.name}});
  }
  return applied;
}

} // namespace atrium::store
