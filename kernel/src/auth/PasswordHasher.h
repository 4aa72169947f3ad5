#pragma once
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>

namespace atrium::auth {

/// Argon2id password hashing at OWASP's recommended cost (m = 19 MiB, t = 2, p = 1),
/// stored in the PHC string format ($argon2id$v=19$m=19456,t=2,p=1$salt$hash) so the
/// cost can be raised later without breaking old hashes (see needsRehash).
/// At most `concurrency` hashes run at once; further callers wait, so a login burst
/// costs bounded memory (concurrency × 19 MiB). Thread-safe.
class PasswordHasher {
public:
  explicit PasswordHasher(int concurrency = 4);

  /// Throws std::runtime_error if hashing fails (out of memory).
  std::string hash(std::string_view password);
  /// Constant-time verification against a stored PHC string; false for malformed hashes.
  bool verify(std::string_view password, const std::string& encoded);
  /// True when the stored hash uses weaker parameters than the current ones.
  static bool needsRehash(const std::string& encoded);

private:
  class Permit;
  std::mutex mutex_;
  std::condition_variable freed_;
  int available_;
};

} // namespace atrium::auth
