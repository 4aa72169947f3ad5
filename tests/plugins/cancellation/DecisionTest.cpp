#include "Decision.h"
#include "TestTimes.h"

#include <catch2/catch.hpp>

using namespace atrium::cancellation;
using namespace cancellation_test;

namespace {

Rules rulesWith(std::int64_t cancelNoticeMinutes, std::optional<Fee> cancelFee, std::int64_t rescheduleNoticeMinutes,
                std::optional<int> maxReschedules = std::nullopt) {
  Rules r;
  r.cancel.noticeMinutes = cancelNoticeMinutes;
  r.cancel.late = cancelFee ? ActionRule::Late::Fee : ActionRule::Late::Refuse;
  r.cancel.fee = cancelFee;
  r.reschedule.noticeMinutes = rescheduleNoticeMinutes;
  r.maxReschedules = maxReschedules;
  return r;
}

Fee percentFee(std::int64_t bp) {
  Fee f;
  f.kind = Fee::Kind::Percent;
  f.percentBasisPoints = bp;
  return f;
}

Fee amountFee(std::int64_t cents, const std::string& currency) {
  Fee f;
  f.kind = Fee::Kind::Amount;
  f.amount = {cents, currency};
  return f;
}

} // namespace

TEST_CASE("cancelling exactly at the deadline is free, one second after is not", "[decision]") {
  const Rules rules = rulesWith(24 * 60, amountFee(1500, "GBP"), 0);
  const BookingFacts booking{utc(2026, 3, 4, 10), {6000, "GBP"}, 0};
  const std::int64_t deadline = utc(2026, 3, 3, 10);

  const Decision early = decideCancel(rules, booking, deadline - kHour);
  CHECK(early.outcome == Decision::Outcome::Free);
  CHECK(early.reason == Decision::Reason::None);
  CHECK(early.deadlineUs == deadline);
  CHECK_FALSE(early.fee);

  const Decision atDeadline = decideCancel(rules, booking, deadline);
  CHECK(atDeadline.outcome == Decision::Outcome::Free);

  const Decision oneSecondLate = decideCancel(rules, booking, deadline + kSecond);
  CHECK(oneSecondLate.outcome == Decision::Outcome::Fee);
  CHECK(oneSecondLate.reason == Decision::Reason::InsideNotice);
  CHECK(oneSecondLate.fee == Money{1500, "GBP"});
  CHECK(oneSecondLate.deadlineUs == deadline);

  CHECK(decideCancel(rules, booking, deadline + 1).outcome == Decision::Outcome::Fee); // 1 µs is late too
}

TEST_CASE("inside the window a refusing rule refuses", "[decision]") {
  const Rules rules = rulesWith(24 * 60, std::nullopt, 0);
  const BookingFacts booking{utc(2026, 3, 4, 10), {6000, "GBP"}, 0};
  CHECK(decideCancel(rules, booking, utc(2026, 3, 3, 10)).outcome == Decision::Outcome::Free);
  const Decision late = decideCancel(rules, booking, utc(2026, 3, 3, 10) + kSecond);
  CHECK(late.outcome == Decision::Outcome::Refused);
  CHECK(late.reason == Decision::Reason::InsideNotice);
  CHECK_FALSE(late.fee);
}

TEST_CASE("a percentage fee is taken of the booking's price, rounded half up", "[decision]") {
  const Rules rules = rulesWith(24 * 60, percentFee(5000), 0);
  const BookingFacts pounds{utc(2026, 3, 4, 10), {3501, "GBP"}, 0};
  CHECK(decideCancel(rules, pounds, utc(2026, 3, 4, 9)).fee == Money{1751, "GBP"});
  const Rules taipei = rulesWith(24 * 60, percentFee(1500), 0);
  const BookingFacts dollars{utc(2026, 3, 4, 10), {15000, "TWD"}, 0};
  CHECK(decideCancel(taipei, dollars, utc(2026, 3, 4, 9)).fee == Money{2300, "TWD"});
}

TEST_CASE("once the booking has started, cancelling and rescheduling are refused", "[decision]") {
  const Rules rules = rulesWith(60, percentFee(5000), 60);
  const BookingFacts booking{utc(2026, 3, 4, 10), {6000, "GBP"}, 0};
  CHECK(decideCancel(rules, booking, utc(2026, 3, 4, 10) - kSecond).outcome == Decision::Outcome::Fee);
  const Decision started = decideCancel(rules, booking, utc(2026, 3, 4, 10));
  CHECK(started.outcome == Decision::Outcome::Refused);
  CHECK(started.reason == Decision::Reason::Started);
  CHECK(decideReschedule(rules, booking, utc(2026, 3, 4, 11)).reason == Decision::Reason::Started);
}

TEST_CASE("no notice: free until the start", "[decision]") {
  const Rules rules = rulesWith(0, std::nullopt, 0);
  const BookingFacts booking{utc(2026, 3, 4, 10), {6000, "GBP"}, 0};
  CHECK(decideCancel(rules, booking, utc(2026, 3, 4, 10)).outcome == Decision::Outcome::Free);
  CHECK(decideCancel(rules, booking, utc(2026, 3, 4, 10) + kSecond).outcome == Decision::Outcome::Refused);
}

TEST_CASE("the reschedule rule has its own notice and fee, and a cap on moves", "[decision]") {
  Rules rules = rulesWith(24 * 60, std::nullopt, 12 * 60, 2);
  rules.reschedule.late = ActionRule::Late::Fee;
  rules.reschedule.fee = amountFee(500, "GBP");
  const BookingFacts booking{utc(2026, 3, 4, 10), {6000, "GBP"}, 0};

  const Decision free = decideReschedule(rules, booking, utc(2026, 3, 3, 22));
  CHECK(free.outcome == Decision::Outcome::Free);
  CHECK(free.deadlineUs == utc(2026, 3, 3, 22));
  const Decision fee = decideReschedule(rules, booking, utc(2026, 3, 3, 22) + kSecond);
  CHECK(fee.outcome == Decision::Outcome::Fee);
  CHECK(fee.fee == Money{500, "GBP"});
  // cancelling at the same instant follows the cancel rule (refused inside 24 h)
  CHECK(decideCancel(rules, booking, utc(2026, 3, 3, 22) + kSecond).outcome == Decision::Outcome::Refused);

  BookingFacts movedOnce = booking;
  movedOnce.reschedulesSoFar = 1;
  CHECK(decideReschedule(rules, movedOnce, utc(2026, 3, 1, 10)).outcome == Decision::Outcome::Free);
  BookingFacts movedTwice = booking;
  movedTwice.reschedulesSoFar = 2;
  const Decision capped = decideReschedule(rules, movedTwice, utc(2026, 3, 1, 10));
  CHECK(capped.outcome == Decision::Outcome::Refused);
  CHECK(capped.reason == Decision::Reason::RescheduleCap);
  CHECK(capped.deadlineUs == utc(2026, 3, 3, 22));

  rules.maxReschedules.reset();
  movedTwice.reschedulesSoFar = 50;
  CHECK(decideReschedule(rules, movedTwice, utc(2026, 3, 1, 10)).outcome == Decision::Outcome::Free);
  rules.maxReschedules = 0;
  CHECK(decideReschedule(rules, booking, utc(2026, 3, 1, 10)).reason == Decision::Reason::RescheduleCap);
}

// "24 hours of notice" is 24 real hours (86,400 s) before the start, whatever the clocks
// did in between: across the spring change the deadline's wall-clock time is an hour
// earlier than the start's, across the autumn change an hour later.
TEST_CASE("Europe/London, March: 24 h before a start the day after the clocks go forward", "[decision][dst]") {
  const std::string london = "Europe/London";
  // Clocks go forward on Sun 29 Mar 2026 at 01:00 GMT. Start: Mon 30 Mar 10:00 BST = 09:00 UTC.
  const std::int64_t start = local(london, 2026, 3, 30, 10);
  CHECK(start == utc(2026, 3, 30, 9));
  const Rules rules = rulesWith(24 * 60, amountFee(1500, "GBP"), 0);
  const BookingFacts booking{start, {6000, "GBP"}, 0};
  CHECK(decideCancel(rules, booking, 0).deadlineUs == local(london, 2026, 3, 29, 10)); // same wall time, no change between
  // Start Sun 29 Mar 10:00 BST = 09:00 UTC: deadline Sat 28 Mar 09:00 UTC = 09:00 GMT (not 10:00)
  const BookingFacts onTheDay{local(london, 2026, 3, 29, 10), {6000, "GBP"}, 0};
  const std::int64_t deadline = local(london, 2026, 3, 28, 9);
  CHECK(decideCancel(rules, onTheDay, deadline).outcome == Decision::Outcome::Free);
  CHECK(decideCancel(rules, onTheDay, deadline + kSecond).outcome == Decision::Outcome::Fee);
  CHECK(decideCancel(rules, onTheDay, 0).deadlineUs == deadline);
  CHECK(onTheDay.startUs - deadline == 24 * kHour);
  // 10:00 GMT on Sat 28 Mar would be 23 hours before: already late
  CHECK(decideCancel(rules, onTheDay, local(london, 2026, 3, 28, 10)).outcome == Decision::Outcome::Fee);
}

TEST_CASE("Europe/London, October: 24 h before a start the day the clocks go back", "[decision][dst]") {
  const std::string london = "Europe/London";
  // Clocks go back on Sun 25 Oct 2026 at 02:00 BST. Start: Sun 25 Oct 10:00 GMT = 10:00 UTC.
  const BookingFacts booking{local(london, 2026, 10, 25, 10), {6000, "GBP"}, 0};
  const Rules rules = rulesWith(24 * 60, percentFee(5000), 0);
  // deadline: Sat 24 Oct 10:00 UTC = 11:00 BST
  const std::int64_t deadline = local(london, 2026, 10, 24, 11);
  CHECK(deadline == utc(2026, 10, 24, 10));
  CHECK(decideCancel(rules, booking, 0).deadlineUs == deadline);
  CHECK(decideCancel(rules, booking, deadline).outcome == Decision::Outcome::Free);
  const Decision late = decideCancel(rules, booking, deadline + kSecond);
  CHECK(late.outcome == Decision::Outcome::Fee);
  CHECK(late.fee == Money{3000, "GBP"});
  // 10:30 BST on the Saturday is still inside the free period (25 h before)
  CHECK(decideCancel(rules, booking, local(london, 2026, 10, 24, 10, 30)).outcome == Decision::Outcome::Free);
}

TEST_CASE("Asia/Taipei (no DST): the deadline keeps the start's wall-clock time", "[decision][dst]") {
  const std::string taipei = "Asia/Taipei";
  const BookingFacts booking{local(taipei, 2026, 3, 29, 18), {80000, "TWD"}, 0};
  const Rules rules = rulesWith(24 * 60, percentFee(5000), 0);
  const std::int64_t deadline = local(taipei, 2026, 3, 28, 18);
  CHECK(deadline == utc(2026, 3, 28, 10));
  CHECK(decideCancel(rules, booking, deadline).outcome == Decision::Outcome::Free);
  const Decision late = decideCancel(rules, booking, deadline + kSecond);
  CHECK(late.outcome == Decision::Outcome::Fee);
  CHECK(late.fee == Money{40000, "TWD"});
}

TEST_CASE("no-show standing counts no-shows within the last M calendar months", "[decision][no_show]") {
  Rules rules;
  CHECK(noShowStanding(rules, {utc(2026, 1, 1, 10), utc(2026, 2, 1, 10), utc(2026, 3, 1, 10)}, utc(2026, 3, 2, 10), "Europe/London") ==
        NoShowStanding::Clear); // no limit
  rules.noShow.limit = NoShowLimit{3, 6, NoShowLimit::Consequence::ConfirmationRequired};
  const std::int64_t now = local("Europe/London", 2026, 8, 31, 12);
  // six months before 31 Aug 12:00 is 28 Feb 12:00 (clamped), London time
  const std::int64_t from = local("Europe/London", 2026, 2, 28, 12);
  const std::vector<std::int64_t> two{from, utc(2026, 5, 1, 10)};
  CHECK(noShowStanding(rules, two, now, "Europe/London") == NoShowStanding::Clear);
  std::vector<std::int64_t> three = two;
  three.push_back(utc(2026, 8, 1, 10));
  CHECK(noShowStanding(rules, three, now, "Europe/London") == NoShowStanding::ConfirmationRequired);
  std::vector<std::int64_t> oneTooOld{from - kSecond, utc(2026, 5, 1, 10), utc(2026, 8, 1, 10)};
  CHECK(noShowStanding(rules, oneTooOld, now, "Europe/London") == NoShowStanding::Clear);
  rules.noShow.limit->consequence = NoShowLimit::Consequence::NoOnlineBooking;
  CHECK(noShowStanding(rules, three, now, "Europe/London") == NoShowStanding::NoOnlineBooking);
  std::vector<std::int64_t> future{utc(2026, 9, 1, 10), utc(2026, 9, 2, 10), utc(2026, 9, 3, 10)};
  CHECK(noShowStanding(rules, future, now, "Europe/London") == NoShowStanding::Clear); // after now: not counted
  CHECK_THROWS_AS(noShowStanding(rules, three, now, "Mars/Olympus"), std::invalid_argument);
}
