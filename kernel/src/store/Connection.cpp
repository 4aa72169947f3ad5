#include "store/Connection.h"

#include "core/Log.h"

namespace atrium::store {

std::string_view backendName(Backend backend) { return backend == Backend::Sqlite ? "sqlite" : "mysql"; }

ResultSet Connection::query(std::string_view sql, const Params& params) {
  ResultSet rows;
  forEach(sql, params, [&rows](const Row& row) { rows.push_back(row); });
  return rows;
}

std::optional<Row> Connection::queryOne(std::string_view sql, const Params& params) {
  std::optional<Row> first;
  forEach(sql, params, [&first](const Row& row) {
    if (!first) first = row;
  });
  return first;
}

std::int64_t Connection::insert(std::string_view sql, const Params& params) {
  execute(sql, params);
  return lastInsertId();
}

Transaction::Transaction(Connection& connection) : connection_(connection) { connection_.begin(); }

Transaction::~Transaction() {
  if (done_) return;
  try {
    connection_.rollback();
  } catch (const std::exception& e) {
    core::Log::warn("store.rollback_failed", {{"error", std::string_view(e.what())}});
  }
}

void Transaction::commit() {
  connection_.commit();
  done_ = true;
}

} // namespace atrium::store
