#pragma once
#include "store/Connection.h"
#include "store/Database.h"

#include <memory>
#include <string>
#include <unordered_map>

namespace sql {
class Connection;
class PreparedStatement;
} // namespace sql

namespace atrium::store {

/// A connection to MariaDB/MySQL through MySQL Connector/C++ 1.1: utf8mb4 with binary
/// collation (the same comparison rules as SQLite), strict SQL mode, UTC session time
/// zone, CLIENT_FOUND_ROWS (UPDATE reports matched rows, as SQLite does).
/// When the server drops the connection outside a transaction, the statement is retried
/// once on a fresh connection; inside a transaction the error surfaces (the caller's
/// transaction is lost) and the connection is marked broken.
class MysqlConnection final : public Connection {
public:
  /// Connects; throws DatabaseError(Unavailable) naming host and reason.
  explicit MysqlConnection(const DatabaseSettings& settings);
  ~MysqlConnection() override;

  Backend backend() const override { return Backend::Mysql; }
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
  void connect();
  sql::PreparedStatement& prepare(std::string_view sql);
  /// Runs op; on a lost connection outside a transaction reconnects and runs it once more.
  template <class Op> auto withRetry(std::string_view operation, Op&& op);

  DatabaseSettings settings_;
  std::unique_ptr<sql::Connection> connection_;
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
  bool inTransaction_ = false;
  bool lostInTransaction_ = false;
  bool broken_ = false;
};

} // namespace atrium::store
