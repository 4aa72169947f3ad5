#include "base/TimeZones.h"

#include <date/tz.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <stdexcept>

namespace atrium::base {
namespace {

using namespace std::chrono;

date::year_month_day ymd(const LocalDate& d) {
  return date::year{d.year} / date::month{static_cast<unsigned>(d.month)} / date::day{static_cast<unsigned>(d.day)};
}

LocalDate fromYmd(const date::year_month_day& v) {
  return {static_cast<int>(v.year()), static_cast<int>(static_cast<unsigned>(v.month())), static_cast<int>(static_cast<unsigned>(v.day()))};
}

const date::time_zone* zoneOf(const std::string& zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    throw std::invalid_argument("unknown time zone " + zone);
  }
}

} // namespace

std::optional<LocalDate> LocalDate::parse(std::string_view text) {
  static const std::regex kShape(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::string s(text);
  std::smatch m;
  if (!std::regex_match(s, m, kShape)) return std::nullopt;
  LocalDate d{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
  if (!ymd(d).ok()) return std::nullopt;
  return d;
}

std::string LocalDate::toString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

LocalDate LocalDate::next() const { return fromYmd(date::year_month_day(date::sys_days(ymd(*this)) + date::days{1})); }

int LocalDate::weekday() const {
  unsigned iso = date::weekday(date::sys_days(ymd(*this))).iso_encoding(); // 1 = Monday … 7 = Sunday
  return static_cast<int>(iso) - 1;
}

bool LocalDate::operator<=(const LocalDate& o) const { return date::sys_days(ymd(*this)) <= date::sys_days(ymd(o)); }

int LocalDate::daysUntil(const LocalDate& o) const {
  return static_cast<int>((date::sys_days(ymd(o)) - date::sys_days(ymd(*this))).count());
}

bool TimeZones::isValid(const std::string& zone) {
  try {
    date::locate_zone(zone);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<std::int64_t> TimeZones::toUtc(const std::string& zone, const LocalDate& d, int minuteOfDay) {
  const auto* tz = zoneOf(zone);
  auto local = date::local_days(ymd(d)) + minutes(minuteOfDay);
  auto info = tz->get_info(local);
  if (info.result == date::local_info::nonexistent) return std::nullopt;
  // unique: first.offset; ambiguous: the earlier instant is the one with the larger offset (first)
  auto utc = local.time_since_epoch() - info.first.offset;
  return duration_cast<microseconds>(utc).count();
}

std::pair<LocalDate, int> TimeZones::toLocal(const std::string& zone, std::int64_t utcMicros) {
  const auto* tz = zoneOf(zone);
  auto local = tz->to_local(date::sys_time<microseconds>(microseconds(utcMicros)));
  auto day = date::floor<date::days>(local);
  int minute = static_cast<int>(duration_cast<minutes>(local - day).count());
  return {fromYmd(date::year_month_day(day)), minute};
}

namespace {

/// YYYY-MM-DDTHH:MM:SS of a count of seconds since the epoch (civil calendar, no zone).
void formatCivil(char* out, std::size_t size, std::int64_t seconds, const char* suffix) {
  auto days = date::floor<date::days>(date::sys_seconds(std::chrono::seconds(seconds)));
  date::year_month_day ymd(days);
  std::int64_t inDay = seconds - std::chrono::duration_cast<std::chrono::seconds>(days.time_since_epoch()).count();
  std::snprintf(out, size, "%04d-%02u-%02uT%02d:%02d:%02d%s", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(inDay / 3600), static_cast<int>(inDay / 60 % 60),
                static_cast<int>(inDay % 60), suffix);
}

} // namespace

std::string TimeZones::formatLocal(const std::string& zone, std::int64_t utcMicros) {
  const auto* tz = zoneOf(zone);
  std::int64_t seconds = utcMicros / 1'000'000;
  auto offset = tz->get_info(date::sys_seconds(std::chrono::seconds(seconds))).offset.count();
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%c%02d:%02d", offset < 0 ? '-' : '+', static_cast<int>(std::abs(offset) / 3600),
                static_cast<int>(std::abs(offset) / 60 % 60));
  char buf[40];
  formatCivil(buf, sizeof buf, seconds + offset, suffix);
  return buf;
}

std::string TimeZones::formatForReader(const std::string& zone, std::int64_t utcMicros, std::string_view locale) {
  // Hand-written tables: two locales, fixed forms (ICU would be a dependency for 19 words).
  static constexpr const char* kWeekdaysEn[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr const char* kWeekdaysZh[] = {"一", "二", "三", "四", "五", "六", "日"};
  auto [day, minute] = toLocal(zone, utcMicros);
  char buf[64];
  if (locale == "zh-TW")
    std::snprintf(buf, sizeof buf, "%d年%d月%d日（週%s）%02d:%02d", day.year, day.month, day.day, kWeekdaysZh[day.weekday()], minute / 60,
                  minute % 60);
  else
    std::snprintf(buf, sizeof buf, "%s %d %s %d, %02d:%02d", kWeekdaysEn[day.weekday()], day.day, kMonthsEn[day.month - 1], day.year,
                  minute / 60, minute % 60);
  return buf;
}

std::string TimeZones::formatUtc(std::int64_t utcMicros) {
  char buf[40];
  formatCivil(buf, sizeof buf, utcMicros / 1'000'000, "Z");
  return buf;
}

std::optional<std::int64_t> TimeZones::parseInstant(std::string_view text) {
  static const std::regex kShape(R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$)");
  std::string s(text);
  std::smatch m;
  if (!std::regex_match(s, m, kShape)) return std::nullopt;
  LocalDate d{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
  int hour = std::stoi(m[4]), minute = std::stoi(m[5]), second = m[6].matched ? std::stoi(m[6]) : 0;
  if (!ymd(d).ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  auto t = date::sys_days(ymd(d)) + hours(hour) + minutes(minute) + seconds(second);
  std::string zone = m[7];
  if (zone != "Z") {
    int offset = std::stoi(zone.substr(1, 2)) * 60 + std::stoi(zone.substr(4, 2));
    if (offset > 14 * 60) return std::nullopt;
    t -= minutes(zone[0] == '-' ? -offset : offset);
  }
  return duration_cast<microseconds>(t.time_since_epoch()).count();
}

} // namespace atrium::base
