#include "TestTimes.h"

#include <date/tz.h>

#include <chrono>

namespace cancellation_test {

namespace {
date::year_month_day ymd(int year, int month, int day) {
  return date::year{year} / date::month{static_cast<unsigned>(month)} / date::day{static_cast<unsigned>(day)};
}
} // namespace

std::int64_t utc(int year, int month, int day, int hour, int minute) {
  using namespace std::chrono;
  auto t = date::sys_days(ymd(year, month, day)) + hours(hour) + minutes(minute);
  return duration_cast<microseconds>(t.time_since_epoch()).count();
}

std::int64_t local(const std::string& zone, int year, int month, int day, int hour, int minute) {
  using namespace std::chrono;
  auto t = date::local_days(ymd(year, month, day)) + hours(hour) + minutes(minute);
  auto sys = date::locate_zone(zone)->to_sys(t); // throws on a gap or fold: tests use clear times
  return duration_cast<microseconds>(sys.time_since_epoch()).count();
}

} // namespace cancellation_test
