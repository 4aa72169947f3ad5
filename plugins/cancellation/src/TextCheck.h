#pragma once
#include "Money.h"
#include "Policy.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::cancellation {

/// The longest text checkText reads.
constexpr std::size_t kMaxTextBytes = 20000;

/// A place where an edited text says something the rules do not.
struct Finding {
  /// Notice: a length of time (minutes, hours, days, weeks); Months: a number of months
  /// (the no-show window); Percent; Amount: money; Count: a number of times (the cap on
  /// reschedules, the no-shows before the limit).
  enum class Kind { Notice, Months, Percent, Amount, Count };
  Kind kind = Kind::Notice;
  std::string textSays;  ///< as written: "48 hours", "二十四小時", "£20"
  std::string rule;      ///< what the rules say of that kind, in the reader's locale
  std::size_t offset = 0; ///< where in the text (bytes)
};

/// Checks a business-edited text against `rules`: every length of time, number of months,
/// percentage, amount of money and number of times the text mentions must be one the rules
/// have (any of them: "24 hours" is right if either notice is 24 hours). Reads English and
/// Chinese: ASCII and full-width digits, Chinese numerals up to 99 (二十四小時), units
/// (h, hours, days, weeks, 小時, 天, 週, 個月, 分鐘, %, 次), currency symbols and codes
/// (£, €, $, NT$, GBP, 元, …; "$" matches USD or TWD). With `price`, percentage fees also
/// allow the amount they come to. Written-out English numbers ("twenty-four") are not read.
/// `locale` is the reader's: the language of Finding::rule. A text longer than
/// kMaxTextBytes is refused with std::invalid_argument (a policy text is a paragraph; the
/// regular expressions are linear but slow).
std::vector<Finding> checkText(std::string_view text, const Rules& rules, const std::optional<Money>& price,
                               std::string_view locale);

} // namespace atrium::cancellation
