#pragma once
#include "store/Connection.h"

#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace atrium::store {

/// A connection to the embedded SQLite database: WAL journal, a 5 s busy timeout,
/// foreign keys enforced, synchronous=NORMAL (durable across process crashes; the last
/// transactions may be lost on power failure, as WAL allows). Transactions start with
/// BEGIN IMMEDIATE so writers queue instead of failing on upgrade.
class SqliteConnection final : public Connection {
public:
  /// Opens (creating if needed) the database file. Throws DatabaseError(Unavailable).
  explicit SqliteConnection(const std::string& path);
  ~SqliteConnection() override;

  Backend backend() const override { return Backend::Sqlite; }
  std::int64_t execute(std::string_view sql, const Params& params) override;
  void forEach(std::string_view sql, const Params& params, const RowHandler& onRow) override;
  std::int64_t lastInsertId() override;
  void begin() override;
  void commit() override;
  void rollback() override;
  bool inTransaction() const override { return inTransaction_; }
  void ping() override;
  bool broken() const override { return broken_; }

private:
  sqlite3_stmt* prepare(std::string_view sql, const Params& params);
  [[noreturn]] void fail(int code, std::string_view operation);

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  bool inTransaction_ = false;
  bool broken_ = false;
};

} // namespace atrium::store
