#include "TestTimes.h"
#include "Wording.h"

#include <catch2/catch.hpp>

using namespace atrium::cancellation;
using namespace cancellation_test;

namespace {

Fee amountFee(std::int64_t cents, const std::string& currency) {
  Fee f;
  f.kind = Fee::Kind::Amount;
  f.amount = {cents, currency};
  return f;
}

Fee percentFee(std::int64_t bp) {
  Fee f;
  f.kind = Fee::Kind::Percent;
  f.percentBasisPoints = bp;
  return f;
}

ActionRule withFee(std::int64_t minutes, const Fee& fee) { return {minutes, ActionRule::Late::Fee, fee}; }
ActionRule refusing(std::int64_t minutes) { return {minutes, ActionRule::Late::Refuse, std::nullopt}; }

/// 24 h to cancel (£15 after), 24 h to reschedule (refused after).
Rules londonRules() {
  Rules r;
  r.cancel = withFee(24 * 60, amountFee(1500, "GBP"));
  r.reschedule = refusing(24 * 60);
  return r;
}

/// 24 h, 50 % fee, the same for both.
Rules halfFeeRules() {
  Rules r;
  r.cancel = withFee(24 * 60, percentFee(5000));
  r.reschedule = r.cancel;
  return r;
}

Rules taipeiRules() {
  Rules r;
  r.cancel = withFee(24 * 60, amountFee(15000, "TWD"));
  r.reschedule = refusing(12 * 60);
  r.maxReschedules = 1;
  r.noShow.fee = amountFee(30000, "TWD");
  r.noShow.limit = NoShowLimit{3, 6, NoShowLimit::Consequence::ConfirmationRequired};
  return r;
}

const SlotContext kLondonSlot{local("Europe/London", 2026, 3, 4, 10), {6000, "GBP"}, "Europe/London", utc(2026, 3, 1, 9)};
const SlotContext kTaipeiSlot{local("Asia/Taipei", 2026, 3, 29, 18), {80000, "TWD"}, "Asia/Taipei", utc(2026, 3, 20, 9)};

} // namespace

TEST_CASE("slot words in English give the deadline in the business's time zone", "[words]") {
  CHECK(slotText(londonRules(), kLondonSlot, "en") ==
        "Free cancellation until Tue 3 Mar, 10:00 (London time). After that a fee of £15.00 applies. "
        "Free rescheduling until Tue 3 Mar, 10:00 (London time). After that it can no longer be rescheduled online.");
  CHECK(slotText(halfFeeRules(), kLondonSlot, "en") ==
        "Free cancellation and rescheduling until Tue 3 Mar, 10:00 (London time). After that a fee of £30.00 (50% of the price) applies.");
}

TEST_CASE("slot words in Traditional Chinese", "[words]") {
  CHECK(slotText(londonRules(), kLondonSlot, "zh-TW") ==
        "3月3日（週二）10:00（倫敦時間）前可免費取消，之後取消須支付 £15.00 手續費。"
        "3月3日（週二）10:00（倫敦時間）前可免費更改時間，之後將無法在線上更改。");
  CHECK(slotText(halfFeeRules(), kLondonSlot, "zh-TW") ==
        "3月3日（週二）10:00（倫敦時間）前可免費取消或更改時間，之後須支付 £30.00（預約價格的 50%）手續費。");
}

TEST_CASE("all the rules in words, Taipei, TWD in whole dollars", "[words]") {
  CHECK(slotText(taipeiRules(), kTaipeiSlot, "en") ==
        "Free cancellation until Sat 28 Mar, 18:00 (Taipei time). After that a fee of NT$150 applies. "
        "Free rescheduling until Sun 29 Mar, 06:00 (Taipei time). After that it can no longer be rescheduled online. "
        "A booking can be rescheduled at most once. "
        "If you miss the appointment without cancelling, a fee of NT$300 applies. "
        "After 3 missed appointments within 6 months, new bookings need to be confirmed by the business.");
  CHECK(slotText(taipeiRules(), kTaipeiSlot, "zh-TW") ==
        "3月28日（週六）18:00（台北時間）前可免費取消，之後取消須支付 NT$150 手續費。"
        "3月29日（週日）06:00（台北時間）前可免費更改時間，之後將無法在線上更改。"
        "每筆預約最多可更改時間 1 次。"
        "若未取消且未到場，須支付 NT$300 手續費。"
        "6 個月內未到場達 3 次，之後的預約須經商家確認。");
  Rules banned = taipeiRules();
  banned.noShow.limit->consequence = NoShowLimit::Consequence::NoOnlineBooking;
  banned.noShow.limit->count = 1;
  banned.noShow.limit->months = 1;
  const std::string en = slotText(banned, kTaipeiSlot, "en");
  CHECK(en.substr(en.rfind("After 1")) == "After 1 missed appointment within 1 month, you can no longer book online.");
  const std::string zh = slotText(banned, kTaipeiSlot, "zh-TW");
  CHECK(zh.substr(zh.rfind("1 個月")) == "1 個月內未到場達 1 次，將無法再於線上預約。");
}

TEST_CASE("slot words across the London DST changes show the absolute deadline's wall time", "[words][dst]") {
  Rules rules = halfFeeRules();
  // Start Sun 29 Mar 2026 10:00 BST: 24 h before is Sat 28 Mar 09:00 GMT
  SlotContext march{local("Europe/London", 2026, 3, 29, 10), {6000, "GBP"}, "Europe/London", utc(2026, 3, 1, 9)};
  CHECK(slotText(rules, march, "en").rfind("Free cancellation and rescheduling until Sat 28 Mar, 09:00 (London time).", 0) == 0);
  CHECK(slotText(rules, march, "zh-TW").rfind("3月28日（週六）09:00（倫敦時間）前", 0) == 0);
  // Start Sun 25 Oct 2026 10:00 GMT: 24 h before is Sat 24 Oct 11:00 BST
  SlotContext october{local("Europe/London", 2026, 10, 25, 10), {6000, "GBP"}, "Europe/London", utc(2026, 10, 1, 9)};
  CHECK(slotText(rules, october, "en").rfind("Free cancellation and rescheduling until Sat 24 Oct, 11:00 (London time).", 0) == 0);
  CHECK(slotText(rules, october, "zh-TW").rfind("10月24日（週六）11:00（倫敦時間）前", 0) == 0);
}

TEST_CASE("the year is shown when the deadline falls in another year than now", "[words]") {
  SlotContext newYear{local("Europe/London", 2027, 1, 2, 10), {6000, "GBP"}, "Europe/London", utc(2026, 12, 20, 9)};
  CHECK(slotText(londonRules(), newYear, "en").rfind("Free cancellation until Fri 1 Jan 2027, 10:00 (London time).", 0) == 0);
  CHECK(slotText(londonRules(), newYear, "zh-TW").rfind("2027年1月1日（週五）10:00（倫敦時間）前可免費取消", 0) == 0);
}

TEST_CASE("general words without a slot", "[words]") {
  CHECK(generalText(halfFeeRules(), "en") ==
        "Free cancellation and rescheduling up to 24 hours before the appointment. After that a fee of 50% of the price applies.");
  CHECK(generalText(halfFeeRules(), "zh-TW") == "最晚可於預約開始前 24 小時免費取消或更改時間，之後須支付預約價格 50% 的手續費。");
  CHECK(generalText(londonRules(), "en") ==
        "Free cancellation up to 24 hours before the appointment. After that a fee of £15.00 applies. "
        "Free rescheduling up to 24 hours before the appointment. After that it can no longer be rescheduled online.");
  CHECK(generalText(londonRules(), "zh-TW") ==
        "最晚可於預約開始前 24 小時免費取消，之後取消須支付 £15.00 手續費。"
        "最晚可於預約開始前 24 小時免費更改時間，之後將無法在線上更改。");
  Rules open;
  open.cancel = refusing(0);
  open.reschedule = refusing(0);
  open.maxReschedules = 0;
  CHECK(generalText(open, "en") == "Free cancellation until the appointment starts. Bookings cannot be rescheduled online.");
  CHECK(generalText(open, "zh-TW") == "預約開始前皆可免費取消。預約無法在線上更改時間。");
  Rules twoDays = londonRules();
  twoDays.cancel.noticeMinutes = 48 * 60;
  twoDays.reschedule = refusing(90);
  CHECK(generalText(twoDays, "en").rfind("Free cancellation up to 2 days before the appointment.", 0) == 0);
  CHECK(generalText(twoDays, "en").find("Free rescheduling up to 90 minutes before the appointment.") != std::string::npos);
}

TEST_CASE("other locales read English", "[words]") {
  CHECK(generalText(halfFeeRules(), "fr") == generalText(halfFeeRules(), "en"));
}

TEST_CASE("durations in words", "[words]") {
  CHECK(durationWords(24 * 60, "en") == "24 hours");
  CHECK(durationWords(60, "en") == "1 hour");
  CHECK(durationWords(36 * 60, "en") == "36 hours");
  CHECK(durationWords(48 * 60, "en") == "2 days");
  CHECK(durationWords(90, "en") == "90 minutes");
  CHECK(durationWords(1, "en") == "1 minute");
  CHECK(durationWords(24 * 60, "zh-TW") == "24 小時");
  CHECK(durationWords(72 * 60, "zh-TW") == "3 天");
  CHECK(durationWords(45, "zh-TW") == "45 分鐘");
}

TEST_CASE("an unknown time zone is an error, not a wrong deadline", "[words]") {
  SlotContext bad = kLondonSlot;
  bad.zone = "Europe/Atlantis";
  CHECK_THROWS_AS(slotText(londonRules(), bad, "en"), std::invalid_argument);
}
