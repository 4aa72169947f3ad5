#include "Decision.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace atrium::cancellation {
namespace {

constexpr std::int64_t kMicrosPerMinute = 60LL * 1000 * 1000;

Decision decideAction(const ActionRule& rule, const BookingFacts& booking, std::int64_t nowUs) {
  Decision d;
  d.deadlineUs = deadlineOf(rule, booking.startUs);
  if (nowUs <= d.deadlineUs) return d;
  d.reason = nowUs >= booking.startUs ? Decision::Reason::Started : Decision::Reason::InsideNotice;
  if (d.reason == Decision::Reason::Started || rule.late == ActionRule::Late::Refuse || !rule.fee) {
    d.outcome = Decision::Outcome::Refused;
    return d;
  }
  d.outcome = Decision::Outcome::Fee;
  d.fee = feeAmount(*rule.fee, booking.price);
  return d;
}

} // namespace

std::int64_t deadlineOf(const ActionRule& rule, std::int64_t startUs) { return startUs - rule.noticeMinutes * kMicrosPerMinute; }

Money feeAmount(const Fee& fee, const Money& price) {
  return fee.kind == Fee::Kind::Amount ? fee.amount : percentOf(price, fee.percentBasisPoints);
}

Decision decideCancel(const Rules& rules, const BookingFacts& booking, std::int64_t nowUs) {
  return decideAction(rules.cancel, booking, nowUs);
}

Decision decideReschedule(const Rules& rules, const BookingFacts& booking, std::int64_t nowUs) {
  if (rules.maxReschedules && booking.reschedulesSoFar >= *rules.maxReschedules) {
    Decision d;
    d.outcome = Decision::Outcome::Refused;
    d.reason = Decision::Reason::RescheduleCap;
    d.deadlineUs = deadlineOf(rules.reschedule, booking.startUs);
    return d;
  }
  return decideAction(rules.reschedule, booking, nowUs);
}

NoShowStanding noShowStanding(const Rules& rules, const std::vector<std::int64_t>& noShowsUs, std::int64_t nowUs,
                              const std::string& zone) {
  const auto& limit = rules.noShow.limit;
  if (!limit) return NoShowStanding::Clear;
  const date::time_zone* tz = nullptr;
  try {
    tz = date::locate_zone(zone);
  } catch (const std::exception&) {
    throw std::invalid_argument("unknown time zone " + zone);
  }
  using namespace std::chrono;
  const auto local = tz->to_local(date::sys_time<microseconds>(microseconds(nowUs)));
  const auto day = date::floor<date::days>(local);
  date::year_month_day ymd(day);
  ymd = ymd.year() / ymd.month() / date::day{1} - date::months{limit->months};
  const auto lastDay = date::year_month_day_last(ymd.year(), date::month_day_last(ymd.month())).day();
  const auto clamped = ymd.year() / ymd.month() / std::min(date::year_month_day(day).day(), lastDay);
  const auto fromLocal = date::local_days(clamped) + (local - day);
  // a local time in a DST gap or fold: take the earlier instant, so the window never shrinks
  const auto fromUtc = tz->to_sys(fromLocal, date::choose::earliest);
  const std::int64_t fromUs = duration_cast<microseconds>(fromUtc.time_since_epoch()).count();
  int count = 0;
  for (std::int64_t t : noShowsUs) count += (t >= fromUs && t <= nowUs) ? 1 : 0;
  if (count < limit->count) return NoShowStanding::Clear;
  return limit->consequence == NoShowLimit::Consequence::NoOnlineBooking ? NoShowStanding::NoOnlineBooking
                                                                        : NoShowStanding::ConfirmationRequired;
}

} // namespace atrium::cancellation
