#include "Wording.h"

#include "Decision.h"
#include "LocalTime.h"

#include <vector>

namespace atrium::cancellation {
namespace {

bool isZh(std::string_view locale) { return locale == "zh-TW"; }

/// Whether a UTF-8 code point is a CJK character or CJK/full-width punctuation.
bool isCjk(char32_t c) { return c >= 0x2E80; }

char32_t firstCodePoint(std::string_view s) {
  const auto b = static_cast<unsigned char>(s[0]);
  if (b < 0x80) return b;
  if (b < 0xE0) return ((b & 0x1F) << 6) | (s[1] & 0x3F);
  return ((b & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F); // BMP is enough here
}

char32_t lastCodePoint(std::string_view s) {
  std::size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return firstCodePoint(s.substr(i));
}

/// Chinese text puts a space between Han characters and Latin words or numbers, none next
/// to full-width punctuation: "須支付 £15.00 手續費", "須支付預約價格 50% 的手續費".
std::string zhSpaced(const std::string& words) {
  if (words.empty()) return words;
  return (isCjk(firstCodePoint(words)) ? "" : " ") + words + (isCjk(lastCodePoint(words)) ? "" : " ");
}

std::string joinSentences(const std::vector<std::string>& sentences, std::string_view locale) {
  std::string out;
  for (const auto& s : sentences) {
    if (s.empty()) continue;
    if (!out.empty() && !isZh(locale)) out += " ";
    out += s;
  }
  return out;
}

/// "£15.00" or "£30.00 (50% of the price)" / "£30.00（預約價格的 50%）".
std::string slotFee(const Fee& fee, const Money& price, std::string_view locale) {
  std::string amount = formatMoney(feeAmount(fee, price));
  if (fee.kind == Fee::Kind::Amount) return amount;
  const std::string percent = formatPercent(fee.percentBasisPoints);
  return isZh(locale) ? amount + "（預約價格的 " + percent + "）" : amount + " (" + percent + " of the price)";
}

/// "£15.00" / "50% of the price"; zh-TW "£15.00" / "預約價格 50% 的" (before 手續費).
std::string generalFee(const Fee& fee, std::string_view locale) {
  if (fee.kind == Fee::Kind::Amount) return formatMoney(fee.amount);
  const std::string percent = formatPercent(fee.percentBasisPoints);
  return isZh(locale) ? "預約價格 " + percent + " 的" : percent + " of the price";
}

enum class What { Cancel, Reschedule, Both };

/// "After that …" for a rule's late side, given the fee's words.
std::string afterThat(What what, const ActionRule& rule, const std::string& feeWords, std::string_view locale) {
  const bool fee = rule.late == ActionRule::Late::Fee && rule.fee;
  if (isZh(locale)) {
    static const char* kVerb[] = {"取消", "更改", ""};
    static const char* kRefused[] = {"取消", "更改", "取消或更改"};
    if (fee) return std::string("之後") + kVerb[static_cast<int>(what)] + "須支付" + zhSpaced(feeWords) + "手續費。";
    return std::string("之後將無法在線上") + kRefused[static_cast<int>(what)] + "。";
  }
  if (fee) return "After that a fee of " + feeWords + " applies.";
  static const char* kRefused[] = {"the booking can no longer be cancelled online.", "it can no longer be rescheduled online.",
                                   "the booking can no longer be cancelled or rescheduled online."};
  return std::string("After that ") + kRefused[static_cast<int>(what)];
}

std::string capSentence(const Rules& rules, std::string_view locale) {
  if (!rules.maxReschedules) return "";
  const int n = *rules.maxReschedules;
  if (isZh(locale)) return n == 0 ? "預約無法在線上更改時間。" : "每筆預約最多可更改時間 " + std::to_string(n) + " 次。";
  if (n == 0) return "Bookings cannot be rescheduled online.";
  return "A booking can be rescheduled at most " + (n == 1 ? std::string("once") : std::to_string(n) + " times") + ".";
}

std::vector<std::string> noShowSentences(const NoShowRule& rule, const std::string& feeWords, std::string_view locale) {
  std::vector<std::string> out;
  if (rule.fee) {
    out.push_back(isZh(locale) ? "若未取消且未到場，須支付" + zhSpaced(feeWords) + "手續費。"
                               : "If you miss the appointment without cancelling, a fee of " + feeWords + " applies.");
  }
  if (const auto& limit = rule.limit) {
    const bool confirm = limit->consequence == NoShowLimit::Consequence::ConfirmationRequired;
    const std::string n = std::to_string(limit->count);
    if (isZh(locale)) {
      out.push_back(std::to_string(limit->months) + " 個月內未到場達 " + n + " 次，" +
                    (confirm ? "之後的預約須經商家確認。" : "將無法再於線上預約。"));
    } else {
      const std::string months = limit->months == 1 ? "1 month" : std::to_string(limit->months) + " months";
      const std::string missed = limit->count == 1 ? "1 missed appointment" : n + " missed appointments";
      out.push_back("After " + missed + " within " + months + ", " +
                    (confirm ? "new bookings need to be confirmed by the business." : "you can no longer book online."));
    }
  }
  return out;
}

bool sameRule(const Rules& rules) { return rules.cancel == rules.reschedule && rules.maxReschedules.value_or(1) != 0; }

} // namespace

std::string durationWords(std::int64_t minutes, std::string_view locale) {
  const bool zh = isZh(locale);
  auto words = [&](std::int64_t n, const char* one, const char* many, const char* zhUnit) {
    if (zh) return std::to_string(n) + " " + zhUnit;
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  if (minutes >= 2 * 1440 && minutes % 1440 == 0) return words(minutes / 1440, "day", "days", "天");
  if (minutes >= 60 && minutes % 60 == 0) return words(minutes / 60, "hour", "hours", "小時");
  return words(minutes, "minute", "minutes", "分鐘");
}

std::string slotText(const Rules& rules, const SlotContext& slot, std::string_view locale) {
  const bool zh = isZh(locale);
  const int nowYear = toLocal(slot.zone, slot.nowUs).year;
  auto freeUntil = [&](What what, const ActionRule& rule) {
    const LocalMoment deadline = toLocal(slot.zone, deadlineOf(rule, slot.startUs));
    const std::string when = formatMoment(deadline, locale, deadline.year != nowYear) + (zh ? "" : " ") + zoneLabel(slot.zone, locale);
    const std::string fee = rule.fee ? slotFee(*rule.fee, slot.price, locale) : "";
    static const char* kEn[] = {"Free cancellation", "Free rescheduling", "Free cancellation and rescheduling"};
    static const char* kZh[] = {"前可免費取消，", "前可免費更改時間，", "前可免費取消或更改時間，"};
    const int i = static_cast<int>(what);
    if (zh) return when + kZh[i] + afterThat(what, rule, fee, locale);
    return std::string(kEn[i]) + " until " + when + ". " + afterThat(what, rule, fee, locale);
  };
  std::vector<std::string> sentences;
  if (sameRule(rules)) {
    sentences.push_back(freeUntil(What::Both, rules.cancel));
  } else {
    sentences.push_back(freeUntil(What::Cancel, rules.cancel));
    if (rules.maxReschedules.value_or(1) != 0) sentences.push_back(freeUntil(What::Reschedule, rules.reschedule));
  }
  sentences.push_back(capSentence(rules, locale));
  const std::string noShowFee = rules.noShow.fee ? slotFee(*rules.noShow.fee, slot.price, locale) : "";
  for (auto& s : noShowSentences(rules.noShow, noShowFee, locale)) sentences.push_back(s);
  return joinSentences(sentences, locale);
}

std::string generalText(const Rules& rules, std::string_view locale) {
  const bool zh = isZh(locale);
  auto freeUpTo = [&](What what, const ActionRule& rule) {
    const std::string fee = rule.fee ? generalFee(*rule.fee, locale) : "";
    static const char* kEn[] = {"Free cancellation", "Free rescheduling", "Free cancellation and rescheduling"};
    static const char* kZh[] = {"免費取消", "免費更改時間", "免費取消或更改時間"};
    const int i = static_cast<int>(what);
    if (rule.noticeMinutes == 0) {
      return zh ? std::string("預約開始前皆可") + kZh[i] + "。" : std::string(kEn[i]) + " until the appointment starts.";
    }
    const std::string notice = durationWords(rule.noticeMinutes, locale);
    if (zh) return "最晚可於預約開始前 " + notice + kZh[i] + "，" + afterThat(what, rule, fee, locale);
    return std::string(kEn[i]) + " up to " + notice + " before the appointment. " + afterThat(what, rule, fee, locale);
  };
  std::vector<std::string> sentences;
  if (sameRule(rules)) {
    sentences.push_back(freeUpTo(What::Both, rules.cancel));
  } else {
    sentences.push_back(freeUpTo(What::Cancel, rules.cancel));
    if (rules.maxReschedules.value_or(1) != 0) sentences.push_back(freeUpTo(What::Reschedule, rules.reschedule));
  }
  sentences.push_back(capSentence(rules, locale));
  const std::string noShowFee = rules.noShow.fee ? generalFee(*rules.noShow.fee, locale) : "";
  for (auto& s : noShowSentences(rules.noShow, noShowFee, locale)) sentences.push_back(s);
  return joinSentences(sentences, locale);
}

} // namespace atrium::cancellation
