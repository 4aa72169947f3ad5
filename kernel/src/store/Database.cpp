#include "store/Database.h"

#include "core/Log.h"
#include "store/DatabaseError.h"
#include "store/MysqlConnection.h"
#include "store/SqliteConnection.h"

namespace atrium::store {

Database::Lease::~Lease() {
  if (connection_) owner_->release(std::move(connection_));
}

std::unique_ptr<Database> Database::open(const DatabaseSettings& settings) {
  Factory factory;
  if (settings.backend == Backend::Sqlite) {
    auto gate = std::make_shared<SqliteWriteGate>(); // the pool's writers take turns (see SqliteWriteGate)
    factory = [path = settings.sqlitePath, gate]() -> std::unique_ptr<Connection> { return std::make_unique<SqliteConnection>(path, gate); };
  } else {
    factory = [settings]() -> std::unique_ptr<Connection> { return std::make_unique<MysqlConnection>(settings); };
  }
  auto db = std::make_unique<Database>(settings.backend, std::move(factory), settings.poolSize, settings.poolTimeout);
  db->setMasterKey(settings.masterKey);
  db->acquire(); // fail now, with the driver's reason, rather than on the first request
  return db;
}

Database::Database(Backend backend, Factory factory, int maxSize, std::chrono::milliseconds timeout)
    : backend_(backend), factory_(std::move(factory)), maxSize_(maxSize < 1 ? 1 : maxSize), timeout_(timeout) {}

Database::~Database() = default;

const core::MasterKey& Database::masterKey() const {
  if (!masterKey_) throw core::MasterKeyError("no master key was given for this database");
  return *masterKey_;
}

Database::Lease Database::acquire() {
  std::unique_lock lock(mutex_);
  ++acquired_;
  if (idle_.empty() && open_ >= maxSize_) {
    ++waits_;
    if (!available_.wait_for(lock, timeout_, [this] { return !idle_.empty() || open_ < maxSize_; })) {
      ++timeouts_;
      throw DatabaseError(DatabaseError::Kind::Busy, "no free database connection within the pool timeout");
    }
  }
  ++inUse_;
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
  }
  ++open_; // reserve the slot, then connect without holding the lock
  lock.unlock();
  try {
    return Lease(*this, factory_());
  } catch (...) {
    lock.lock();
    --open_;
    --inUse_;
    available_.notify_one();
    throw;
  }
}

void Database::release(std::unique_ptr<Connection> connection) {
  if (connection->inTransaction()) { // a caller forgot to finish: never hand out an open transaction
    try {
      connection->rollback();
    } catch (const std::exception&) {
    }
  }
  bool keep = !connection->broken() && !connection->inTransaction();
  {
    std::lock_guard lock(mutex_);
    --inUse_;
    if (keep) idle_.push_back(std::move(connection));
    else --open_;
  }
  available_.notify_one();
  // a discarded connection is closed here, outside the lock
}

PoolStats Database::stats() const {
  std::lock_guard lock(mutex_);
  return PoolStats{maxSize_, open_, inUse_, acquired_, waits_, timeouts_};
}

bool Database::reachable() {
  try {
    Lease lease = acquire();
    lease->ping();
    return true;
  } catch (const DatabaseError& e) {
    core::Log::warn("store.unreachable", {{"backend", backendName(backend_)}, {"error", std::string_view(e.what())}});
    return false;
  }
}

} // namespace atrium::store
