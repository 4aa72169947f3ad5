#pragma once
#include <atomic>
#include <cstdint>

namespace atrium::core {

/// Source of wall-clock time for everything that expires or schedules (sessions, codes,
/// retention, jobs). Injected so tests can travel in time without sleeping.
/// Implementations must be thread-safe.
class Clock {
public:
  virtual ~Clock() = default;
  /// Microseconds since the Unix epoch, UTC.
  virtual std::int64_t nowMicros() const = 0;
  std::int64_t nowMillis() const { return nowMicros() / 1000; }
  std::int64_t nowSeconds() const { return nowMicros() / 1000000; }
};

/// The real clock (std::chrono::system_clock).
class SystemClock final : public Clock {
public:
  std::int64_t nowMicros() const override;
};

/// A clock that only moves when told to; for tests and the conformance checker.
class ManualClock final : public Clock {
public:
  explicit ManualClock(std::int64_t startMicros) : now_(startMicros) {}
  std::int64_t nowMicros() const override { return now_.load(); }
  void set(std::int64_t micros) { now_.store(micros); }
  void advanceSeconds(std::int64_t seconds) { now_.fetch_add(seconds * 1000000); }

private:
  std::atomic<std::int64_t> now_;
};

} // namespace atrium::core
