#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::base {

/// A calendar date in a business's time zone.
struct LocalDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  /// YYYY-MM-DD; nullopt when malformed or not a real date.
  static std::optional<LocalDate> parse(std::string_view text);
  std::string toString() const;
  LocalDate next() const;
  /// 0 = Monday … 6 = Sunday.
  int weekday() const;
  bool operator<=(const LocalDate& o) const;
  bool operator==(const LocalDate&) const = default;
  /// Days from `this` to `other` (negative when other is earlier).
  int daysUntil(const LocalDate& other) const;
};

/// IANA time-zone arithmetic through Howard Hinnant's date/tz library (the basis of
/// C++20 <chrono> time zones) on the operating system's tz database. Thread-safe.
class TimeZones {
public:
  static bool isValid(const std::string& zone);
  /// The UTC instant (microseconds) of a local wall-clock time. A time that does not
  /// exist (inside a DST gap) gives nullopt; an ambiguous one (DST fold) gives the
  /// earlier instant. Throws std::invalid_argument for an unknown zone.
  static std::optional<std::int64_t> toUtc(const std::string& zone, const LocalDate& date, int minuteOfDay);
  /// The local date and minute of day of a UTC instant.
  static std::pair<LocalDate, int> toLocal(const std::string& zone, std::int64_t utcMicros);
  /// ISO 8601 with the zone's offset at that instant, e.g. 2026-03-29T09:00:00+02:00.
  static std::string formatLocal(const std::string& zone, std::int64_t utcMicros);
  /// A date and time for people in `locale` (en, zh-TW; others read English), in the zone's
  /// wall-clock time, 24-hour: "Thu 3 Dec 2026, 11:00", "2026年12月3日（週四）11:00". For
  /// messages that leave the server (emails, SMS), where no browser formats the date.
  static std::string formatForReader(const std::string& zone, std::int64_t utcMicros, std::string_view locale);
  /// ISO 8601 UTC, e.g. 2026-03-29T07:00:00Z.
  static std::string formatUtc(std::int64_t utcMicros);
  /// Parses ISO 8601 with Z or ±HH:MM offset (seconds optional); nullopt when malformed.
  static std::optional<std::int64_t> parseInstant(std::string_view text);
};

} // namespace atrium::base
