#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::cancellation {

/// A wall-clock moment in a time zone.
struct LocalMoment {
  int year = 1970;
  int month = 1;    ///< 1 .. 12
  int day = 1;
  int weekday = 3;  ///< 0 = Monday … 6 = Sunday
  int hour = 0;
  int minute = 0;
};

/// `utcUs` in IANA zone `zone` (Howard Hinnant's date/tz on the OS tz database, as the
/// kernel's time zones). Throws std::invalid_argument for an unknown zone.
LocalMoment toLocal(const std::string& zone, std::int64_t utcUs);

/// The zone's city for people, from ICU's CLDR names: "London", "Taipei" (en); "倫敦",
/// "台北" (zh-TW). Falls back to the last part of the id ("Kolkata") or the id itself.
std::string zoneCity(const std::string& zone, std::string_view locale);

/// "(London time)" / "（倫敦時間）"; "(UTC)" / "（UTC）" for UTC itself.
std::string zoneLabel(const std::string& zone, std::string_view locale);

/// A deadline for people, 24-hour, in the zone's wall-clock time, the year only when
/// `withYear`: en "Tue 3 Mar, 10:00" / "Tue 3 Mar 2027, 10:00"; zh-TW "3月3日（週二）10:00" /
/// "2027年3月3日（週二）10:00". Other locales read English.
std::string formatMoment(const LocalMoment& moment, std::string_view locale, bool withYear);

} // namespace atrium::cancellation
