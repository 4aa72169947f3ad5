#include "LocalTime.h"

#include <date/tz.h>
#include <unicode/locid.h>
#include <unicode/tznames.h>
#include <unicode/unistr.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace atrium::cancellation {

LocalMoment toLocal(const std::string& zone, std::int64_t utcUs) {
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(zone);
  } catch (const std::exception&) {
    throw std::invalid_argument("unknown time zone " + zone);
  }
  using namespace std::chrono;
  const auto local = tz->to_local(date::sys_time<microseconds>(microseconds(utcUs)));
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd(day);
  const auto minutesInDay = duration_cast<minutes>(local - day).count();
  LocalMoment m;
  m.year = static_cast<int>(ymd.year());
  m.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  m.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  m.weekday = static_cast<int>(date::weekday(day).iso_encoding()) - 1;
  m.hour = static_cast<int>(minutesInDay / 60);
  m.minute = static_cast<int>(minutesInDay % 60);
  return m;
}

std::string zoneCity(const std::string& zone, std::string_view locale) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale icuLocale = locale == "zh-TW" ? icu::Locale("zh", "TW") : icu::Locale("en");
  std::unique_ptr<icu::TimeZoneNames> names(icu::TimeZoneNames::createInstance(icuLocale, status));
  if (U_SUCCESS(status) && names) {
    icu::UnicodeString city;
    names->getExemplarLocationName(icu::UnicodeString::fromUTF8(zone), city);
    if (!city.isBogus() && !city.isEmpty()) {
      std::string out;
      city.toUTF8String(out);
      return out;
    }
  }
  const auto slash = zone.rfind('/');
  std::string last = slash == std::string::npos ? zone : zone.substr(slash + 1);
  for (char& c : last) c = c == '_' ? ' ' : c;
  return last;
}

std::string zoneLabel(const std::string& zone, std::string_view locale) {
  const bool zh = locale == "zh-TW";
  if (zone == "UTC" || zone == "Etc/UTC" || zone == "Etc/GMT") return zh ? "（UTC）" : "(UTC)";
  const std::string city = zoneCity(zone, locale);
  if (!zh) return "(" + city + " time)";
  // a city ICU has no Chinese name for stays in Latin letters: "（Kolkata 時間）"
  const bool latin = !city.empty() && static_cast<unsigned char>(city.back()) < 0x80;
  return "（" + city + (latin ? " " : "") + "時間）";
}

std::string formatMoment(const LocalMoment& m, std::string_view locale, bool withYear) {
  static constexpr const char* kWeekdaysEn[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonthsEn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr const char* kWeekdaysZh[] = {"一", "二", "三", "四", "五", "六", "日"};
  char buf[80];
  if (locale == "zh-TW") {
    char year[16] = "";
    if (withYear) std::snprintf(year, sizeof year, "%d年", m.year);
    std::snprintf(buf, sizeof buf, "%s%d月%d日（週%s）%02d:%02d", year, m.month, m.day, kWeekdaysZh[m.weekday], m.hour, m.minute);
  } else {
    char year[16] = "";
    if (withYear) std::snprintf(year, sizeof year, " %d", m.year);
    std::snprintf(buf, sizeof buf, "%s %d %s%s, %02d:%02d", kWeekdaysEn[m.weekday], m.day, kMonthsEn[m.month - 1], year, m.hour,
                  m.minute);
  }
  return buf;
}

} // namespace atrium::cancellation
