#include "store/SqliteConnection.h"

#include "core/Text.h"

#include "store/DatabaseError.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>

namespace atrium::store {
namespace {

constexpr std::size_t kStatementCacheSize = 128;

DatabaseError::Kind kindOf(int code) {
  switch (code & 0xff) {
  case SQLITE_CONSTRAINT: return DatabaseError::Kind::Constraint;
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return DatabaseError::Kind::Busy;
  case SQLITE_CANTOPEN:
  case SQLITE_IOERR:
  case SQLITE_FULL:
  case SQLITE_READONLY:
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB: return DatabaseError::Kind::Unavailable;
  default: return DatabaseError::Kind::Invalid;
  }
}

/// Resets a cached statement when a query ends, however it ends.
struct StatementReset {
  sqlite3_stmt* stmt;
  ~StatementReset() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

} // namespace

bool SqliteWriteGate::enter(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  std::uint64_t ticket = nextTicket_++;
  queue_.push_back(ticket);
  bool mine = turn_.wait_for(lock, timeout, [&] { return !held_ && queue_.front() == ticket; });
  if (!mine) { // give the place up; whoever is next may now go
    queue_.erase(std::find(queue_.begin(), queue_.end(), ticket));
    lock.unlock();
    turn_.notify_all();
    return false;
  }
  queue_.pop_front();
  held_ = true;
  return true;
}

void SqliteWriteGate::leave() {
  {
    std::lock_guard lock(mutex_);
    held_ = false;
  }
  turn_.notify_all();
}

SqliteConnection::SqliteConnection(const std::string& path, std::shared_ptr<SqliteWriteGate> gate) : gate_(std::move(gate)) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw DatabaseError(DatabaseError::Kind::Unavailable, "cannot open SQLite database " + path + ": " + detail);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
  // LOWER() folds every script's case, as MariaDB's does (SQLite's own folds ASCII only), so
  // a search for "zoë" finds "ZOË" on both backends
  sqlite3_create_function(db_, "lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                          [](sqlite3_context* ctx, int, sqlite3_value** argv) {
                            if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
                            const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
                            std::string folded = core::foldCase(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))));
                            sqlite3_result_text(ctx, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
                          },
                          nullptr, nullptr);
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"}) {
    char* err = nullptr;
    if (sqlite3_exec(db_, pragma, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string detail = err ? err : "";
      sqlite3_free(err);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw DatabaseError(DatabaseError::Kind::Unavailable, "cannot configure SQLite database " + path + ": " + detail);
    }
  }
}

SqliteConnection::~SqliteConnection() {
  leaveGate();
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void SqliteConnection::fail(int code, std::string_view operation) {
  auto kind = kindOf(code);
  if (kind == DatabaseError::Kind::Unavailable) broken_ = true;
  throw DatabaseError(kind, std::string(operation) + " failed (sqlite code " + std::to_string(code) + ")",
                      sqlite3_errmsg(db_));
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql, const Params& params) {
  sqlite3_stmt* stmt = nullptr;
  auto it = statements_.find(std::string(sql));
  if (it != statements_.end()) {
    stmt = it->second;
  } else {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "prepare");
    if (statements_.size() >= kStatementCacheSize) {
      for (auto& [text, cached] : statements_) sqlite3_finalize(cached);
      statements_.clear();
    }
    statements_.emplace(std::string(sql), stmt);
  }
  if (sqlite3_bind_parameter_count(stmt) != static_cast<int>(params.size()))
    throw DatabaseError(DatabaseError::Kind::Invalid, "statement expects " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                                                           " parameters, got " + std::to_string(params.size()));
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    int index = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    switch (v.type()) {
    case Value::Type::Null: rc = sqlite3_bind_null(stmt, index); break;
    case Value::Type::Int: rc = sqlite3_bind_int64(stmt, index, v.asInt()); break;
    case Value::Type::Real: rc = sqlite3_bind_double(stmt, index, v.asDouble()); break;
    case Value::Type::Text: {
      std::string text = v.asText();
      rc = sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      break;
    }
    case Value::Type::Blob: {
      std::string bytes = v.asText();
      rc = sqlite3_bind_blob64(stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
      break;
    }
    }
    if (rc != SQLITE_OK) fail(rc, "bind");
  }
  return stmt;
}

std::int64_t SqliteConnection::execute(std::string_view sql, const Params& params) {
  sqlite3_stmt* stmt = prepare(sql, params);
  StatementReset reset{stmt};
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) fail(rc, "execute");
  return sqlite3_changes64(db_);
}

void SqliteConnection::forEach(std::string_view sql, const Params& params, const RowHandler& onRow) {
  sqlite3_stmt* stmt = prepare(sql, params);
  StatementReset reset{stmt};
  int columnCount = sqlite3_column_count(stmt);
  auto columns = std::make_shared<std::vector<std::string>>();
  for (int c = 0; c < columnCount; ++c) columns->emplace_back(sqlite3_column_name(stmt, c));
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columnCount));
    for (int c = 0; c < columnCount; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER: values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c))); break;
      case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, c)); break;
      case SQLITE_TEXT:
        values.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                                        static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        break;
      case SQLITE_BLOB: {
        const void* data = sqlite3_column_blob(stmt, c);
        auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
        values.emplace_back(Blob{std::string(static_cast<const char*>(data), size)});
        break;
      }
      default: values.emplace_back(nullptr); break;
      }
    }
    onRow(Row(columns, std::move(values)));
  }
  if (rc != SQLITE_DONE) fail(rc, "query");
}

std::int64_t SqliteConnection::lastInsertId() { return sqlite3_last_insert_rowid(db_); }

void SqliteConnection::begin() {
  if (gate_ && !holdsGate_) {
    if (!gate_->enter(std::chrono::milliseconds(5000))) // as long as the busy timeout
      throw DatabaseError(DatabaseError::Kind::Busy, "begin failed: other writers held the database for 5 s");
    holdsGate_ = true;
  }
  try {
    execute("BEGIN IMMEDIATE", {});
  } catch (...) {
    leaveGate();
    throw;
  }
  inTransaction_ = true;
}

void SqliteConnection::commit() {
  execute("COMMIT", {}); // on failure the caller rolls back, which leaves the gate
  inTransaction_ = false;
  leaveGate();
}

void SqliteConnection::rollback() {
  inTransaction_ = false;
  try {
    if (!sqlite3_get_autocommit(db_)) execute("ROLLBACK", {});
  } catch (...) {
    leaveGate();
    throw;
  }
  leaveGate();
}

void SqliteConnection::leaveGate() {
  if (!holdsGate_) return;
  holdsGate_ = false;
  gate_->leave();
}

void SqliteConnection::ping() { execute("SELECT 1", {}); }

} // namespace atrium::store
