#pragma once
#include "core/Clock.h"
#include "store/Database.h"

#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace atrium::auth {

/// Installation secrets (HMAC keys for signed links), generated from OpenSSL's CSPRNG on
/// first use and kept in the database, so every node of an installation signs alike
/// and nothing secret is ever committed or configured by hand. Cached per process.
class ServerSecrets {
public:
  ServerSecrets(store::Database& database, const core::Clock& clock) : database_(database), clock_(clock) {}

  /// The 256-bit key named `name` (hex). Throws store::DatabaseError.
  std::string get(const std::string& name);
  /// HMAC-SHA256 of `message` under the named key: the 32 raw bytes.
  std::string hmac(const std::string& keyName, std::string_view message);
  /// The same, base64url without padding.
  std::string sign(const std::string& keyName, std::string_view message);
  /// Constant-time check of a signature made by sign().
  bool verify(const std::string& keyName, std::string_view message, std::string_view signature);

private:
  store::Database& database_;
  const core::Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, std::string> cache_;
};

/// base64url without padding (RFC 4648 §5).
std::string base64Url(std::string_view bytes);

} // namespace atrium::auth
