#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace atrium::core {

/// Counts events per key in fixed windows (per process: each node of an installation counts
/// its own share; put a proxy limit in front for an installation-wide one) and says when a key
/// is over its limit. Memory is bounded: at most `maxKeys` keys are tracked; when the table is
/// full, expired windows are dropped first, then the oldest. Thread-safe.
class RateLimiter {
public:
  /// `limit` events per `windowMicros`. A limit of 0 switches the limiter off (allow()
  /// always true): for settings where an operator deliberately disables a limit.
  RateLimiter(int limit, std::int64_t windowMicros, std::size_t maxKeys = 100'000)
      : limit_(limit), window_(windowMicros), maxKeys_(maxKeys) {}

  /// Counts one event for `key` at `now` (microseconds). Returns 0 when allowed, else the
  /// whole seconds until the key's window ends (for Retry-After; at least 1).
  std::int64_t hit(const std::string& key, std::int64_t now);

  int limit() const { return limit_; }

private:
  struct Window {
    std::int64_t start = 0;
    int count = 0;
  };
  void makeRoom(std::int64_t now);

  int limit_;
  std::int64_t window_;
  std::size_t maxKeys_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

} // namespace atrium::core
