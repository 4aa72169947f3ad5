#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::cancellation {

/// An amount in hundredths of the currency (the kernel's `price_cents`, for every currency,
/// TWD included: NT$150 is 15000) and its ISO 4217 code.
struct Money {
  std::int64_t cents = 0;
  std::string currency;
  bool operator==(const Money& o) const { return cents == o.cents && currency == o.currency; }
  bool operator!=(const Money& o) const { return !(*this == o); }
};

/// The smallest amount a fee of `currency` is charged and shown in, in cents: 1 for most
/// currencies, 100 for those priced in whole units in practice (TWD, JPY, KRW, HUF, CLP,
/// ISK: ICU's cash digits are 0; the web pages show them without decimals too).
std::int64_t chargeUnitCents(std::string_view currency);

/// `percentBasisPoints` (1 % = 100) of `price`, rounded half up to the currency's charge
/// unit: 50 % of £35.01 is £17.51 (1750.5 cents rounds up); 15 % of NT$150 is NT$23
/// (NT$22.50 rounds up to a whole dollar). Prices are never negative (a negative one
/// counts as 0).
Money percentOf(const Money& price, std::int64_t percentBasisPoints);

/// For people: "£15.00", "€1,500.00", "$9.99", "NT$150", other currencies as the code
/// before the number: "CHF 15.00", "JPY 1,500". The same in every locale (the symbols
/// read the same in en and zh-TW).
std::string formatMoney(const Money& money);

/// A percentage for people: 5000 → "50%", 1250 → "12.5%", 1275 → "12.75%".
std::string formatPercent(std::int64_t percentBasisPoints);

} // namespace atrium::cancellation
