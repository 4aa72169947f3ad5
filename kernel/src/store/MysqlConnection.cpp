#include "store/MysqlConnection.h"

#include "store/DatabaseError.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <mutex>
#include <sstream>

namespace atrium::store {
namespace {

constexpr std::size_t kStatementCacheSize = 128;

bool isConnectionLost(int code) {
  // CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR, CR_SERVER_GONE_ERROR, CR_SERVER_LOST,
  // CR_SERVER_LOST_EXTENDED, ER_CONNECTION_KILLED, ER_SERVER_SHUTDOWN
  return code == 2002 || code == 2003 || code == 2006 || code == 2013 || code == 2055 || code == 1927 || code == 1053;
}

DatabaseError::Kind kindOf(int code) {
  if (isConnectionLost(code)) return DatabaseError::Kind::Unavailable;
  switch (code) {
  case 1062: // duplicate entry
  case 1169: // unique constraint
  case 1216:
  case 1217:
  case 1451:
  case 1452: // foreign keys
  case 1048: // column cannot be null
  case 4025: // CHECK constraint
    return DatabaseError::Kind::Constraint;
  case 1205: // lock wait timeout
  case 1213: // deadlock
    return DatabaseError::Kind::Busy;
  case 1040: // too many connections
  case 1045: // access denied
  case 1044:
  case 1049: // unknown database
    return DatabaseError::Kind::Unavailable;
  default: return DatabaseError::Kind::Invalid;
  }
}

sql::mysql::MySQL_Driver& driver() {
  static std::once_flag once;
  static sql::mysql::MySQL_Driver* instance = nullptr;
  std::call_once(once, [] { instance = sql::mysql::get_mysql_driver_instance(); });
  return *instance;
}

} // namespace

MysqlConnection::MysqlConnection(const DatabaseSettings& settings) : settings_(settings) { connect(); }

MysqlConnection::~MysqlConnection() {
  statements_.clear();
  try {
    if (connection_) connection_->close();
  } catch (const sql::SQLException&) {
  }
}

void MysqlConnection::connect() {
  statements_.clear();
  connection_.reset();
  inTransaction_ = false;
  sql::ConnectOptionsMap options;
  if (!settings_.mysqlSocket.empty()) {
    options["hostName"] = sql::SQLString("unix://" + settings_.mysqlSocket);
  } else {
    options["hostName"] = sql::SQLString("tcp://" + settings_.mysqlHost + ":" + std::to_string(settings_.mysqlPort));
  }
  options["userName"] = sql::SQLString(settings_.mysqlUser);
  options["password"] = sql::SQLString(settings_.mysqlPassword);
  options["schema"] = sql::SQLString(settings_.mysqlDatabase);
  options["OPT_CONNECT_TIMEOUT"] = settings_.mysqlConnectTimeoutSeconds;
  options["OPT_READ_TIMEOUT"] = settings_.mysqlReadTimeoutSeconds;
  options["OPT_WRITE_TIMEOUT"] = settings_.mysqlReadTimeoutSeconds;
  options["OPT_RECONNECT"] = false; // we reconnect ourselves, so session settings are restored
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  options["CLIENT_FOUND_ROWS"] = true;
  const std::string where = settings_.mysqlSocket.empty()
                                ? settings_.mysqlHost + ":" + std::to_string(settings_.mysqlPort)
                                : settings_.mysqlSocket;
  try {
    connection_.reset(driver().connect(options));
    std::unique_ptr<sql::Statement> stmt(connection_->createStatement());
    stmt->execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
    stmt->execute("SET SESSION time_zone = '+00:00'");
    stmt->execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
                  "NO_ENGINE_SUBSTITUTION'");
    connection_->setAutoCommit(true);
    broken_ = false;
  } catch (const sql::SQLException& e) {
    broken_ = true;
    connection_.reset();
    std::string reason = e.what();
    throw DatabaseError(DatabaseError::Kind::Unavailable,
                        "cannot connect to MySQL/MariaDB at " + where + " as '" + settings_.mysqlUser +
                            "' (database '" + settings_.mysqlDatabase + "'): " + reason +
                            " (error " + std::to_string(e.getErrorCode()) + ")",
                        reason);
  }
}

template <class Op>
auto MysqlConnection::withRetry(std::string_view operation, Op&& op) {
  if (lostInTransaction_)
    throw DatabaseError(DatabaseError::Kind::Unavailable, "connection lost during the transaction; roll it back first");
  for (int attempt = 0;; ++attempt) {
    try {
      if (!connection_) connect();
      return op();
    } catch (const sql::SQLException& e) {
      int code = e.getErrorCode();
      bool lost = isConnectionLost(code);
      if (lost) {
        statements_.clear();
        connection_.reset();
        broken_ = true;
      }
      if (lost && !inTransaction_ && attempt == 0) continue; // transparent reconnect
      if (lost && inTransaction_) lostInTransaction_ = true;
      throw DatabaseError(kindOf(code), std::string(operation) + " failed (mysql error " + std::to_string(code) + ")",
                          e.what());
    }
  }
}

sql::PreparedStatement& MysqlConnection::prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it != statements_.end()) return *it->second;
  if (statements_.size() >= kStatementCacheSize) statements_.clear();
  std::unique_ptr<sql::PreparedStatement> stmt(connection_->prepareStatement(sql::SQLString(std::string(sql))));
  auto& ref = *stmt;
  statements_.emplace(std::string(sql), std::move(stmt));
  return ref;
}

namespace {

/// Binds params; blob streams live in `streams` until the statement has run.
void bindAll(sql::PreparedStatement& stmt, const Params& params, std::vector<std::unique_ptr<std::istringstream>>& streams) {
  stmt.clearParameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    auto index = static_cast<unsigned int>(i + 1);
    switch (v.type()) {
    case Value::Type::Null: stmt.setNull(index, sql::DataType::VARCHAR); break;
    case Value::Type::Int: stmt.setInt64(index, v.asInt()); break;
    case Value::Type::Real: stmt.setDouble(index, v.asDouble()); break;
    case Value::Type::Text: stmt.setString(index, sql::SQLString(v.asText())); break;
    case Value::Type::Blob:
      streams.push_back(std::make_unique<std::istringstream>(v.asText()));
      stmt.setBlob(index, streams.back().get());
      break;
    }
  }
}

Value readColumn(sql::ResultSet& rs, sql::ResultSetMetaData& meta, unsigned int column) {
  switch (meta.getColumnType(column)) {
  case sql::DataType::BIT:
  case sql::DataType::TINYINT:
  case sql::DataType::SMALLINT:
  case sql::DataType::MEDIUMINT:
  case sql::DataType::INTEGER:
  case sql::DataType::BIGINT: {
    std::int64_t v = rs.getInt64(column);
    return rs.wasNull() ? Value() : Value(v);
  }
  case sql::DataType::REAL:
  case sql::DataType::DOUBLE:
  case sql::DataType::DECIMAL:
  case sql::DataType::NUMERIC: {
    double v = rs.getDouble(column);
    return rs.wasNull() ? Value() : Value(v);
  }
  case sql::DataType::BINARY:
  case sql::DataType::VARBINARY:
  case sql::DataType::LONGVARBINARY: {
    sql::SQLString v = rs.getString(column);
    return rs.wasNull() ? Value() : Value(Blob{v.asStdString()});
  }
  default: {
    sql::SQLString v = rs.getString(column);
    return rs.wasNull() ? Value() : Value(v.asStdString());
  }
  }
}

} // namespace

std::int64_t MysqlConnection::execute(std::string_view sql, const Params& params) {
  return withRetry("execute", [&]() -> std::int64_t {
    auto& stmt = prepare(sql);
    std::vector<std::unique_ptr<std::istringstream>> streams;
    bindAll(stmt, params, streams);
    return stmt.executeUpdate();
  });
}

void MysqlConnection::forEach(std::string_view sql, const Params& params, const RowHandler& onRow) {
  // The whole result is fetched before the first row is handed out, so a retry after a
  // lost connection can never deliver a row twice.
  auto rows = withRetry("query", [&]() {
    auto& stmt = prepare(sql);
    std::vector<std::unique_ptr<std::istringstream>> streams;
    bindAll(stmt, params, streams);
    std::unique_ptr<sql::ResultSet> rs(stmt.executeQuery());
    sql::ResultSetMetaData* meta = rs->getMetaData();
    auto columnCount = meta->getColumnCount();
    auto columns = std::make_shared<std::vector<std::string>>();
    for (unsigned int c = 1; c <= columnCount; ++c) columns->push_back(meta->getColumnLabel(c).asStdString());
    ResultSet out;
    while (rs->next()) {
      std::vector<Value> values;
      values.reserve(columnCount);
      for (unsigned int c = 1; c <= columnCount; ++c) values.push_back(readColumn(*rs, *meta, c));
      out.emplace_back(columns, std::move(values));
    }
    return out;
  });
  for (const Row& row : rows) onRow(row);
}

std::int64_t MysqlConnection::lastInsertId() {
  if (!connection_) throw DatabaseError(DatabaseError::Kind::Unavailable, "lastInsertId after a lost connection");
  try {
    std::unique_ptr<sql::Statement> stmt(connection_->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT LAST_INSERT_ID()"));
    rs->next();
    return rs->getInt64(1);
  } catch (const sql::SQLException& e) {
    if (isConnectionLost(e.getErrorCode())) broken_ = true;
    throw DatabaseError(kindOf(e.getErrorCode()), "lastInsertId failed (mysql error " + std::to_string(e.getErrorCode()) + ")", e.what());
  }
}

void MysqlConnection::begin() {
  withRetry("begin", [&] {
    std::unique_ptr<sql::Statement> stmt(connection_->createStatement());
    stmt->execute("START TRANSACTION");
  });
  inTransaction_ = true;
}

void MysqlConnection::commit() {
  withRetry("commit", [&] {
    std::unique_ptr<sql::Statement> stmt(connection_->createStatement());
    stmt->execute("COMMIT");
  });
  inTransaction_ = false;
}

void MysqlConnection::rollback() {
  if (!inTransaction_) return;
  inTransaction_ = false;
  if (lostInTransaction_) { // the server already discarded it with the connection
    lostInTransaction_ = false;
    return;
  }
  if (!connection_) return;
  try {
    std::unique_ptr<sql::Statement> stmt(connection_->createStatement());
    stmt->execute("ROLLBACK");
  } catch (const sql::SQLException& e) {
    broken_ = true; // state unknown: never reuse
    throw DatabaseError(kindOf(e.getErrorCode()), "rollback failed (mysql error " + std::to_string(e.getErrorCode()) + ")", e.what());
  }
}

void MysqlConnection::ping() {
  withRetry("ping", [&] {
    std::unique_ptr<sql::Statement> stmt(connection_->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT 1"));
  });
}

} // namespace atrium::store
