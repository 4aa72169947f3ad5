#pragma once
#include <cstdint>
#include <string>

namespace cancellation_test {

constexpr std::int64_t kSecond = 1'000'000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;

/// UTC microseconds of a UTC wall-clock time.
std::int64_t utc(int year, int month, int day, int hour, int minute = 0);

/// UTC microseconds of a wall-clock time in `zone` (which must exist and be unambiguous).
std::int64_t local(const std::string& zone, int year, int month, int day, int hour, int minute = 0);

} // namespace cancellation_test
