#pragma once
#include "core/MasterKey.h"
#include "store/Connection.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace atrium::store {

/// How to reach the database; built by the app from the configuration.
struct DatabaseSettings {
  Backend backend = Backend::Sqlite;
  std::string sqlitePath;
  std::string mysqlHost = "127.0.0.1";
  int mysqlPort = 3306;
  std::string mysqlSocket;
  std::string mysqlUser;
  std::string mysqlPassword;
  std::string mysqlDatabase;
  int mysqlConnectTimeoutSeconds = 5;
  int mysqlReadTimeoutSeconds = 30;
  int poolSize = 16;
  std::chrono::milliseconds poolTimeout{5000};
  /// The installation's master key (kept outside the database); nullptr: none, and
  /// anything that needs a secret refuses (core::MasterKeyError).
  std::shared_ptr<const core::MasterKey> masterKey;
};

struct PoolStats {
  int maxSize = 0;
  int open = 0;   ///< connections that exist (idle + in use)
  int inUse = 0;
  std::uint64_t acquired = 0; ///< leases handed out since start
  std::uint64_t waits = 0;    ///< leases that had to wait for a free connection
  std::uint64_t timeouts = 0; ///< waits that gave up (the request got 503)
};

/// A bounded pool of connections to one database; thread-safe. Connections are opened
/// lazily up to the pool size; a caller that finds none free waits up to the pool
/// timeout, then gets DatabaseError(Busy). Broken connections are discarded on return,
/// so the pool heals by itself once the server is back.
class Database {
public:
  using Factory = std::function<std::unique_ptr<Connection>()>;

  /// A connection on loan; returns it to the pool when destroyed. Must not outlive the Database.
  class Lease {
  public:
    Lease(Database& owner, std::unique_ptr<Connection> connection) : owner_(&owner), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

  private:
    Database* owner_;
    std::unique_ptr<Connection> connection_;
  };

  /// Opens the configured backend and checks it can be reached (one connection is made
  /// eagerly). Throws DatabaseError(Unavailable) with a message fit for an administrator.
  static std::unique_ptr<Database> open(const DatabaseSettings& settings);

  Database(Backend backend, Factory factory, int maxSize, std::chrono::milliseconds timeout);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return backend_; }
  /// The key that unlocks this installation's secrets (wrapped server secrets, audit chain
  /// key). Throws core::MasterKeyError when none was given.
  const core::MasterKey& masterKey() const;
  /// Before the database is shared between threads (open() sets it from the settings).
  void setMasterKey(std::shared_ptr<const core::MasterKey> key) { masterKey_ = std::move(key); }
  /// Throws DatabaseError(Busy) after the pool timeout, or (Unavailable) when a new
  /// connection cannot be opened.
  Lease acquire();
  PoolStats stats() const;
  /// Pings through a pooled connection; false when the database cannot be reached.
  bool reachable();

  /// Runs fn(Connection&) inside a transaction on one leased connection and commits;
  /// rolls back if fn throws. Returns what fn returns.
  template <class Fn>
  auto inTransaction(Fn&& fn) {
    Lease lease = acquire();
    Transaction tx(*lease);
    if constexpr (std::is_void_v<decltype(fn(*lease))>) {
      fn(*lease);
      tx.commit();
    } else {
      auto result = fn(*lease);
      tx.commit();
      return result;
    }
  }

private:
  void release(std::unique_ptr<Connection> connection);

  const Backend backend_;
  const Factory factory_;
  const int maxSize_;
  const std::chrono::milliseconds timeout_;
  std::shared_ptr<const core::MasterKey> masterKey_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  int inUse_ = 0;
  std::uint64_t acquired_ = 0;
  std::uint64_t waits_ = 0;
  std::uint64_t timeouts_ = 0;
};

} // namespace atrium::store
