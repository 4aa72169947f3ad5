#include "TestTimes.h"
#include "TextCheck.h"
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

/// 24 h to cancel (50 % after), 12 h to reschedule (refused after), at most 2 moves,
/// £20 per no-show, 3 no-shows in 6 months: confirmation required.
Rules rules() {
  Rules r;
  r.cancel = {24 * 60, ActionRule::Late::Fee, percentFee(5000)};
  r.reschedule = {12 * 60, ActionRule::Late::Refuse, std::nullopt};
  r.maxReschedules = 2;
  r.noShow.fee = amountFee(2000, "GBP");
  r.noShow.limit = NoShowLimit{3, 6, NoShowLimit::Consequence::ConfirmationRequired};
  return r;
}

std::string dump(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings) out += f.textSays + " vs " + f.rule + "\n";
  return out;
}

} // namespace

TEST_CASE("a text that contradicts the numbers is flagged, saying what the rule is", "[check]") {
  const std::string text = "Cancel free up to 48 hours before; later we charge 30% of the price. No-shows pay £25.";
  const auto findings = checkText(text, rules(), std::nullopt, "en");
  INFO(dump(findings));
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].kind == Finding::Kind::Notice);
  CHECK(findings[0].textSays == "48 hours");
  CHECK(findings[0].rule == "cancellation notice: 24 hours; rescheduling notice: 12 hours");
  CHECK(findings[0].offset == text.find("48"));
  CHECK(findings[1].kind == Finding::Kind::Percent);
  CHECK(findings[1].textSays == "30%");
  CHECK(findings[1].rule == "late cancellation fee: 50%");
  CHECK(findings[2].kind == Finding::Kind::Amount);
  CHECK(findings[2].textSays == "£25");
  CHECK(findings[2].rule == "no-show fee: £20.00");
}

TEST_CASE("a text that agrees with the numbers has no findings, however it writes them", "[check]") {
  const std::string text =
      "Free cancellation up to 1 day before (24h). Reschedule up to 12 hrs before, at most 2 times. "
      "Late cancellations cost 50 percent of the price; a missed appointment costs £20.00 (GBP 20). "
      "3 no-shows within 6 months and we will confirm each booking by hand.";
  const auto findings = checkText(text, rules(), std::nullopt, "en");
  INFO(dump(findings));
  CHECK(findings.empty());
}

TEST_CASE("counts and months are checked against the cap and the no-show limit", "[check]") {
  const auto findings = checkText("You may move a booking 5 times. After 2 missed appointments in 12 months ...", rules(), std::nullopt, "en");
  INFO(dump(findings));
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].textSays == "5 times");
  CHECK(findings[0].rule == "reschedules per booking: 2; no-shows before the limit: 3");
  CHECK(findings[1].textSays == "2 missed appointments");
  CHECK(findings[1].rule == "no-shows before the limit: 3"); // said of no-shows: the cap on moves is not a match
  CHECK(findings[2].textSays == "12 months");
  CHECK(findings[2].rule == "no-show period: 6 months");
}

TEST_CASE("Chinese texts: numerals, full-width digits and units", "[check]") {
  const std::string ok = "請於二十四小時前取消，逾時收取５０％手續費；更改時間請於 12 小時前。6 個月內未到場 3 次須經確認。";
  CHECK(checkText(ok, rules(), std::nullopt, "zh-TW").empty());
  const std::string wrong = "請於三十六小時前取消，逾時收取 40% 手續費，未到場收取 25 英鎊。";
  const auto findings = checkText(wrong, rules(), std::nullopt, "zh-TW");
  INFO(dump(findings));
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].textSays == "三十六小時");
  CHECK(findings[0].rule == "取消期限：24 小時；更改時間期限：12 小時");
  CHECK(findings[0].offset == wrong.find("三十六"));
  CHECK(findings[1].textSays == "40%");
  CHECK(findings[1].rule == "逾期取消手續費：50%");
  CHECK(findings[2].textSays == "25 英鎊");
  CHECK(findings[2].rule == "未到場手續費：£20.00");
  const auto fullWidth = checkText("請於４８小時前取消", rules(), std::nullopt, "zh-TW");
  REQUIRE(fullWidth.size() == 1);
  CHECK(fullWidth[0].textSays == "４８小時");
}

TEST_CASE("with the price, a percentage fee's amount is right too", "[check]") {
  const std::string text = "Cancelling late costs £30.";
  CHECK(checkText(text, rules(), Money{6000, "GBP"}, "en").empty());
  const auto withoutPrice = checkText(text, rules(), std::nullopt, "en");
  REQUIRE(withoutPrice.size() == 1);
  CHECK(withoutPrice[0].rule == "no-show fee: £20.00");
  const auto otherPrice = checkText(text, rules(), Money{8000, "GBP"}, "en");
  REQUIRE(otherPrice.size() == 1);
  CHECK(otherPrice[0].rule == "late cancellation fee: £40.00 (50%); no-show fee: £20.00");
}

TEST_CASE("currencies must match, a bare $ may be US or Taiwan dollars", "[check]") {
  Rules twd;
  twd.cancel = {24 * 60, ActionRule::Late::Fee, amountFee(15000, "TWD")};
  twd.reschedule = {24 * 60, ActionRule::Late::Refuse, std::nullopt};
  CHECK(checkText("逾時取消收取 $150 手續費。", twd, std::nullopt, "zh-TW").empty());
  CHECK(checkText("逾時取消收取 150 元手續費。", twd, std::nullopt, "zh-TW").empty());
  CHECK(checkText("A late fee of NT$150 or TWD 150.", twd, std::nullopt, "en").empty());
  const auto usd = checkText("A late fee of US$150.", twd, std::nullopt, "en");
  REQUIRE(usd.size() == 1);
  CHECK(usd[0].rule == "late cancellation fee: NT$150");
  const auto pounds = checkText("A late fee of £150.", twd, std::nullopt, "en");
  CHECK(pounds.size() == 1);
}

TEST_CASE("a fee or notice the rules do not have at all", "[check]") {
  Rules none;
  none.cancel = {0, ActionRule::Late::Refuse, std::nullopt};
  none.reschedule = none.cancel;
  const auto findings = checkText("Cancel 24 hours ahead or pay €10 (10%).", none, std::nullopt, "en");
  INFO(dump(findings));
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].rule == "no notice required");
  CHECK(findings[1].rule == "no fee of an amount");
  CHECK(findings[2].rule == "no percentage fee");
  const auto zh = checkText("請於 24 小時前取消", none, std::nullopt, "zh-TW");
  REQUIRE(zh.size() == 1);
  CHECK(zh[0].rule == "不需提前通知");
}

TEST_CASE("dates and times in a text are not mistaken for rules", "[check]") {
  CHECK(checkText("Until Tue 3 Mar, 10:00 (London time), in 2026.", rules(), std::nullopt, "en").empty());
  CHECK(checkText("3月3日（週二）10:00（倫敦時間）前", rules(), std::nullopt, "zh-TW").empty());
}

TEST_CASE("the generated words never contradict their own rules", "[check][words]") {
  Rules twd;
  twd.cancel = {48 * 60, ActionRule::Late::Fee, amountFee(15000, "TWD")};
  twd.reschedule = {90, ActionRule::Late::Fee, percentFee(1250)};
  twd.maxReschedules = 1;
  twd.noShow.fee = percentFee(10000);
  twd.noShow.limit = NoShowLimit{2, 3, NoShowLimit::Consequence::NoOnlineBooking};
  const SlotContext london{local("Europe/London", 2026, 3, 29, 10), {6000, "GBP"}, "Europe/London", utc(2026, 3, 1, 9)};
  const SlotContext taipei{local("Asia/Taipei", 2026, 3, 29, 18), {80000, "TWD"}, "Asia/Taipei", utc(2026, 3, 20, 9)};
  for (const Rules& r : {rules(), twd}) {
    for (const char* locale : {"en", "zh-TW"}) {
      for (const SlotContext& slot : {london, taipei}) {
        const std::string words = slotText(r, slot, locale);
        INFO(words);
        CHECK(dump(checkText(words, r, slot.price, locale)).empty());
      }
      const std::string general = generalText(r, locale);
      INFO(general);
      CHECK(dump(checkText(general, r, std::nullopt, locale)).empty());
    }
  }
}

TEST_CASE("long runs of digits, commas or spaces neither crash nor hang the checker", "[check]") {
  const std::size_t n = kMaxTextBytes - 20;
  const std::string digits(n, '7');
  CHECK_NOTHROW(checkText(digits + " hours", rules(), std::nullopt, "en"));
  const std::string commas = "1" + std::string(n, ',') + " hours";
  CHECK(checkText(commas, rules(), std::nullopt, "en").empty()); // "1," is no number of hours
  const std::string spaces = "24" + std::string(n / 2, ' ') + "hours and 30" + std::string(n / 2 - 20, '\t') + "%";
  CHECK(checkText(spaces, rules(), std::nullopt, "en").empty()); // too far apart to be read together
  std::string han;
  while (han.size() < n) han += "二";
  CHECK_NOTHROW(checkText(han + "小時", rules(), std::nullopt, "zh-TW"));
  CHECK_THROWS_AS(checkText(std::string(kMaxTextBytes + 1, 'a'), rules(), std::nullopt, "en"), std::invalid_argument);
}
