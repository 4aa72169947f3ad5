#include "Money.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace atrium::cancellation {
namespace {

constexpr std::array<std::string_view, 6> kWholeUnitCurrencies{"TWD", "JPY", "KRW", "HUF", "CLP", "ISK"};

/// "1234567" → "1,234,567".
std::string groupThousands(std::int64_t whole) {
  std::string digits = std::to_string(whole);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

} // namespace

std::int64_t chargeUnitCents(std::string_view currency) {
  return std::find(kWholeUnitCurrencies.begin(), kWholeUnitCurrencies.end(), currency) != kWholeUnitCurrencies.end() ? 100 : 1;
}

Money percentOf(const Money& price, std::int64_t percentBasisPoints) {
  const std::int64_t unit = chargeUnitCents(price.currency);
  const std::int64_t base = std::max<std::int64_t>(price.cents, 0);
  // exact fee in cents = base * bp / 10000; in units of `unit`: base * bp / (10000 * unit)
  const std::int64_t denominator = 10000 * unit;
  const std::int64_t units = (base * percentBasisPoints + denominator / 2) / denominator;
  return {units * unit, price.currency};
}

std::string formatMoney(const Money& money) {
  const bool negative = money.cents < 0;
  const std::int64_t cents = negative ? -money.cents : money.cents;
  std::string number = groupThousands(cents / 100);
  const bool wholeUnits = chargeUnitCents(money.currency) == 100 && cents % 100 == 0;
  if (!wholeUnits) {
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%02d", static_cast<int>(cents % 100));
    number += fraction;
  }
  std::string sign = negative ? "-" : "";
  if (money.currency == "GBP") return sign + "£" + number;
  if (money.currency == "EUR") return sign + "€" + number;
  if (money.currency == "USD") return sign + "$" + number;
  if (money.currency == "TWD") return sign + "NT$" + number;
  return sign + money.currency + " " + number;
}

std::string formatPercent(std::int64_t percentBasisPoints) {
  std::string out = std::to_string(percentBasisPoints / 100);
  const std::int64_t fraction = percentBasisPoints % 100;
  if (fraction != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%02d", static_cast<int>(fraction));
    std::string f(buf);
    if (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + "%";
}

} // namespace atrium::cancellation
