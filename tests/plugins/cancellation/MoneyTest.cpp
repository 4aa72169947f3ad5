#include "Money.h"

#include <catch2/catch.hpp>

using namespace atrium::cancellation;

TEST_CASE("a percentage fee rounds half up to the currency's charge unit", "[money]") {
  // 50 % of £35.01 = 1750.5 cents → 1751
  CHECK(percentOf({3501, "GBP"}, 5000) == Money{1751, "GBP"});
  // 50 % of £35.03 = 1751.5 → 1752 (half up, not half even)
  CHECK(percentOf({3503, "GBP"}, 5000) == Money{1752, "GBP"});
  // 10 % of €0.14 = 1.4 cents → 1 (below half rounds down)
  CHECK(percentOf({14, "EUR"}, 1000) == Money{1, "EUR"});
  // 12.5 % of $9.99 = 124.875 cents → 125
  CHECK(percentOf({999, "USD"}, 1250) == Money{125, "USD"});
  // exact results stay exact
  CHECK(percentOf({6000, "GBP"}, 5000) == Money{3000, "GBP"});
  CHECK(percentOf({6000, "GBP"}, 10000) == Money{6000, "GBP"});
}

TEST_CASE("TWD fees round half up to whole dollars", "[money]") {
  // 15 % of NT$150 = NT$22.50 → NT$23
  CHECK(percentOf({15000, "TWD"}, 1500) == Money{2300, "TWD"});
  // 33 % of NT$800 = NT$264 exactly
  CHECK(percentOf({80000, "TWD"}, 3300) == Money{26400, "TWD"});
  // 10 % of NT$155 = NT$15.50 → NT$16; 10 % of NT$154 = NT$15.40 → NT$15
  CHECK(percentOf({15500, "TWD"}, 1000) == Money{1600, "TWD"});
  CHECK(percentOf({15400, "TWD"}, 1000) == Money{1500, "TWD"});
  CHECK(chargeUnitCents("TWD") == 100);
  CHECK(chargeUnitCents("JPY") == 100);
  CHECK(chargeUnitCents("GBP") == 1);
}

TEST_CASE("a negative or zero price gives no percentage fee", "[money]") {
  CHECK(percentOf({0, "GBP"}, 5000) == Money{0, "GBP"});
  CHECK(percentOf({-500, "GBP"}, 5000) == Money{0, "GBP"});
}

TEST_CASE("amounts are shown with the currency's symbol or code", "[money]") {
  CHECK(formatMoney({1500, "GBP"}) == "£15.00");
  CHECK(formatMoney({150000, "EUR"}) == "€1,500.00");
  CHECK(formatMoney({999, "USD"}) == "$9.99");
  CHECK(formatMoney({15000, "TWD"}) == "NT$150");
  CHECK(formatMoney({123456700, "TWD"}) == "NT$1,234,567");
  CHECK(formatMoney({15050, "TWD"}) == "NT$150.50"); // never hides cents that are there
  CHECK(formatMoney({1500, "CHF"}) == "CHF 15.00");
  CHECK(formatMoney({150000, "JPY"}) == "JPY 1,500");
  CHECK(formatMoney({5, "GBP"}) == "£0.05");
}

TEST_CASE("percentages are shown without needless decimals", "[money]") {
  CHECK(formatPercent(5000) == "50%");
  CHECK(formatPercent(1250) == "12.5%");
  CHECK(formatPercent(1275) == "12.75%");
  CHECK(formatPercent(5) == "0.05%");
  CHECK(formatPercent(10000) == "100%");
}
