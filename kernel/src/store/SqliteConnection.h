#pragma once
#include "store/Connection.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace atrium::store {

/// SQLite lets one writer in at a time and its busy handler polls with growing sleeps, so a
/// steady stream of short write transactions (bookings) can keep a waiting one (a purge
/// batch) out past the busy timeout. The connections of one pool share a gate: this
/// process's writers enter in arrival order; the busy handler is left to arbitrate with
/// other processes (the CLI).
class SqliteWriteGate {
public:
  /// Waits for its turn, first come first served; false after `timeout` (the turn is given up).
  bool enter(std::chrono::milliseconds timeout);
  void leave();

private:
  std::mutex mutex_;
  std::condition_variable turn_;
  std::deque<std::uint64_t> queue_;
  std::uint64_t nextTicket_ = 0;
  bool held_ = false;
};

/// A connection to the embedded SQLite database: WAL journal, a 5 s busy timeout,
/// foreign keys enforced, synchronous=NORMAL (durable across process crashes; the last
/// transactions may be lost on power failure, as WAL allows). Transactions start with
/// BEGIN IMMEDIATE so writers queue instead of failing on upgrade.
class SqliteConnection final : public Connection {
public:
  /// Opens (creating if needed) the database file. Throws DatabaseError(Unavailable).
  /// Connections that share `gate` queue their write transactions in arrival order.
  explicit SqliteConnection(const std::string& path, std::shared_ptr<SqliteWriteGate> gate = nullptr);
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
  std::shared_ptr<SqliteWriteGate> gate_;
  bool holdsGate_ = false;
  void leaveGate();
};

} // namespace atrium::store
