#pragma once
#include "core/Clock.h"
#include "store/Database.h"

#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace atrium::base {

/// Installation secrets (HMAC keys for signed links, the base of plugins' secret_key),
/// generated from OpenSSL's CSPRNG on first use and kept in the database wrapped
/// (AES-256-GCM, the name as associated data) under the master key, which lives outside
/// it (core::MasterKey): every node of an installation signs alike, nothing secret is
/// committed or configured by hand, and a copy of the database alone unlocks nothing.
/// Cached per process.
class ServerSecrets {
public:
  ServerSecrets(store::Database& database, const core::Clock& clock) : database_(database), clock_(clock) {}

  /// The 256-bit key named `name` (hex). A row that predates wrapping is wrapped in place.
  /// Throws store::DatabaseError, core::MasterKeyError (the master key does not unwrap it).
  std::string get(const std::string& name);
  /// HMAC-SHA256 of `message` under the named key: the 32 raw bytes.
  std::string hmac(const std::string& keyName, std::string_view message);
  /// The same, base64url without padding.
  std::string sign(const std::string& keyName, std::string_view message);
  /// Constant-time check of a signature made by sign().
  bool verify(const std::string& keyName, std::string_view message, std::string_view signature);

  /// At start-up, before serving: wraps every plaintext row (written before secrets were
  /// wrapped; idempotent) and checks that the master key unwraps every wrapped one; an
  /// empty table gets a check secret, so a node given another key is refused from then on.
  /// Returns how many rows it wrapped. Throws core::MasterKeyError naming the first
  /// secret the key does not unwrap (fail closed: nothing is regenerated).
  static int unlockAll(store::Database& database);
  /// Rewraps every secret from `from` to `to` within the connection's current transaction
  /// (master key rotation). Returns how many. Throws core::MasterKeyError when `from`
  /// does not unwrap one.
  static int rewrapAll(store::Connection& connection, const core::MasterKey& from, const core::MasterKey& to);

private:
  store::Database& database_;
  const core::Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, std::string> cache_;
};

/// base64url without padding (RFC 4648 §5).
std::string base64Url(std::string_view bytes);

} // namespace atrium::base
