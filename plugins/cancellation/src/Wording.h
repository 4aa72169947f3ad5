#pragma once
#include "Money.h"
#include "Policy.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace atrium::cancellation {

/// The booking (or the slot a client picked) the words are about.
struct SlotContext {
  std::int64_t startUs = 0;  ///< UTC µs
  Money price;               ///< percentage fees are shown as the amount they come to
  std::string zone;          ///< the business's IANA time zone: deadlines are shown in it
  std::int64_t nowUs = 0;    ///< the year is shown only when the deadline's differs from now's
};

/// The rules in plain language for one slot, with the exact deadlines in the business's
/// time zone, in `locale` ("en", "zh-TW"; others read English). Sentences, in order:
/// cancellation, rescheduling (one sentence for both when their rules are the same), the
/// cap on moves, the no-show fee, the no-show limit. For example:
///   en: "Free cancellation until Tue 3 Mar, 10:00 (London time). After that a fee of £15.00 applies."
///   zh-TW: "3月3日（週二）10:00（倫敦時間）前可免費取消，之後取消須支付 £15.00 手續費。"
/// A percentage fee shows what it comes to and the percentage: "£30.00 (50% of the price)".
/// Throws std::invalid_argument for an unknown zone.
std::string slotText(const Rules& rules, const SlotContext& slot, std::string_view locale);

/// The rules without a slot (the policy page, the settings preview):
///   en: "Free cancellation up to 24 hours before the appointment. After that a fee of 50% of
///        the price applies."
///   zh-TW: "最晚可於預約開始前 24 小時免費取消，之後取消須支付預約價格 50% 的手續費。"
std::string generalText(const Rules& rules, std::string_view locale);

/// A notice for people: en "24 hours", "1 hour", "2 days" (whole days from 48 hours up),
/// "90 minutes"; zh-TW "24 小時", "2 天", "90 分鐘".
std::string durationWords(std::int64_t minutes, std::string_view locale);

} // namespace atrium::cancellation
