#include "TextCheck.h"

#include "Decision.h"
#include "Wording.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <stdexcept>

namespace atrium::cancellation {
namespace {

/// The text with full-width digits and signs made ASCII, and where each byte came from.
struct Normalised {
  std::string text;
  std::vector<std::size_t> origin; ///< origin[i]: offset in the original of text[i]; one more at the end
};

Normalised normalise(std::string_view in) {
  Normalised out;
  for (std::size_t i = 0; i < in.size();) {
    const auto b0 = static_cast<unsigned char>(in[i]);
    // U+FF01..U+FF5E (EF BC 81 .. EF BD 9E) are the full-width forms of ASCII 0x21..0x7E
    if (b0 == 0xEF && i + 2 < in.size()) {
      const auto b1 = static_cast<unsigned char>(in[i + 1]);
      const auto b2 = static_cast<unsigned char>(in[i + 2]);
      const unsigned cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out.text.push_back(static_cast<char>(cp - 0xFF01 + 0x21));
        out.origin.push_back(i);
        i += 3;
        continue;
      }
    }
    out.text.push_back(in[i]);
    out.origin.push_back(i);
    ++i;
  }
  out.origin.push_back(in.size());
  return out;
}

const std::string kHan = "零|〇|一|二|兩|三|四|五|六|七|八|九|十";
// Every repetition is bounded: libstdc++'s regex recurses once per repeated character, and
// an edited text may hold a long run of digits or spaces.
const std::string kNumber = "(\\d[\\d,]{0,15}(?:\\.\\d{1,4})?|(?:" + kHan + "){1,6})";
const std::string kSpace = "\\s{0,3}";

/// "1,500.5" or Chinese numerals up to 99 ("二十四", "十五", "兩"); nullopt when not a number.
std::optional<double> parseNumber(const std::string& s) {
  if (!s.empty() && s[0] >= '0' && s[0] <= '9') {
    std::string digits;
    for (char c : s) if (c != ',') digits.push_back(c);
    return std::stod(digits);
  }
  static const std::vector<std::pair<std::string, int>> kDigits{{"零", 0}, {"〇", 0}, {"一", 1}, {"二", 2}, {"兩", 2}, {"三", 3},
                                                                {"四", 4}, {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}};
  int value = 0, pending = 0;
  for (std::size_t i = 0; i < s.size(); i += 3) {
    const std::string ch = s.substr(i, 3);
    if (ch == "十") {
      value += (pending == 0 ? 1 : pending) * 10;
      pending = 0;
      continue;
    }
    auto it = std::find_if(kDigits.begin(), kDigits.end(), [&](const auto& d) { return d.first == ch; });
    if (it == kDigits.end()) return std::nullopt;
    pending = pending * 10 + it->second;
  }
  return value + pending;
}

struct Mention {
  Finding::Kind kind;
  double value;           ///< minutes, months, basis points, cents or a count
  std::string currency;   ///< Amount: the code, "$" when only the sign was written, "" unknown
  std::size_t begin, end; ///< in the normalised text
  bool noShow = false;    ///< Count: said of no-shows ("3 missed appointments"), not just "3 times"
};

std::string currencyOf(std::string token) {
  std::transform(token.begin(), token.end(), token.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (token == "£" || token == "GBP" || token == "英鎊") return "GBP";
  if (token == "€" || token == "EUR" || token == "歐元") return "EUR";
  if (token == "US$" || token == "USD" || token == "美元") return "USD";
  if (token == "NT$" || token == "TWD" || token == "NTD" || token == "元") return "TWD";
  return token == "$" ? "$" : "";
}

std::vector<Mention> mentions(const std::string& text) {
  using std::regex;
  const auto flags = regex::ECMAScript | regex::icase;
  static const regex kDuration(kNumber + kSpace + "-?" + kSpace + "(minutes|minute|mins|min|hours|hour|hrs|hr|h|days|day|weeks|week|"
                                         "months|month|分鐘|小時|天|星期|週|個月|个月)(?![A-Za-z])", flags);
  static const regex kPercent(kNumber + kSpace + "(%|percent|per cent)", flags);
  static const regex kAmountBefore("(NT\\$|US\\$|£|€|\\$|GBP|EUR|USD|TWD|NTD)" + kSpace + kNumber, flags);
  static const regex kAmountAfter(kNumber + kSpace + "(GBP|EUR|USD|TWD|NTD|元|英鎊|歐元|美元)", flags);
  static const regex kCount(kNumber + kSpace + "(times|time|次|no-shows|no-show|missed appointments|missed appointment)(?![A-Za-z])", flags);
  std::vector<Mention> out;
  auto scan = [&](const regex& re, auto make) {
    for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
      const auto& m = *it;
      const auto begin = static_cast<std::size_t>(m.position(0));
      const auto stop = begin + static_cast<std::size_t>(m.length(0));
      const bool overlaps = std::any_of(out.begin(), out.end(), [&](const Mention& o) { return begin < o.end && o.begin < stop; });
      if (overlaps) continue;
      if (auto mention = make(m)) {
        mention->begin = begin;
        mention->end = stop;
        out.push_back(*mention);
      }
    }
  };
  scan(kAmountBefore, [](const std::smatch& m) -> std::optional<Mention> {
    auto n = parseNumber(m[2]);
    if (!n) return std::nullopt;
    return Mention{Finding::Kind::Amount, std::round(*n * 100), currencyOf(m[1]), 0, 0, false};
  });
  scan(kAmountAfter, [](const std::smatch& m) -> std::optional<Mention> {
    auto n = parseNumber(m[1]);
    if (!n) return std::nullopt;
    return Mention{Finding::Kind::Amount, std::round(*n * 100), currencyOf(m[2]), 0, 0, false};
  });
  scan(kPercent, [](const std::smatch& m) -> std::optional<Mention> {
    auto n = parseNumber(m[1]);
    if (!n) return std::nullopt;
    return Mention{Finding::Kind::Percent, std::round(*n * 100), "", 0, 0, false};
  });
  scan(kDuration, [](const std::smatch& m) -> std::optional<Mention> {
    auto n = parseNumber(m[1]);
    if (!n) return std::nullopt;
    std::string unit = m[2];
    std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (unit.rfind("month", 0) == 0 || unit == "個月" || unit == "个月") return Mention{Finding::Kind::Months, *n, "", 0, 0, false};
    double perUnit = 1;
    if (unit[0] == 'h' || unit == "小時") perUnit = 60;
    if (unit[0] == 'd' || unit == "天") perUnit = 1440;
    if (unit[0] == 'w' || unit == "週" || unit == "星期") perUnit = 7 * 1440;
    return Mention{Finding::Kind::Notice, std::round(*n * perUnit), "", 0, 0, false};
  });
  scan(kCount, [](const std::smatch& m) -> std::optional<Mention> {
    auto n = parseNumber(m[1]);
    if (!n) return std::nullopt;
    std::string unit = m[2];
    std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool noShow = unit.find("miss") != std::string::npos || unit.find("no-show") != std::string::npos;
    return Mention{Finding::Kind::Count, *n, "", 0, 0, noShow};
  });
  return out;
}

/// A value the rules have, with what to call it.
struct Allowed {
  Finding::Kind kind;
  double value;
  std::string currency;
  std::string words; ///< "cancellation: 24 hours"
  bool noShow = false; ///< Count: the no-show limit's count (not the cap on reschedules)
};

std::vector<Allowed> allowedValues(const Rules& rules, const std::optional<Money>& price, std::string_view locale) {
  const bool zh = locale == "zh-TW";
  auto labelled = [&](const char* en, const char* zhLabel, const std::string& value) {
    return std::string(zh ? zhLabel : en) + (zh ? "：" : ": ") + value;
  };
  std::vector<Allowed> out;
  auto addFee = [&](const std::optional<Fee>& fee, const char* en, const char* zhLabel) {
    if (!fee) return;
    if (fee->kind == Fee::Kind::Percent) {
      const std::string percent = formatPercent(fee->percentBasisPoints);
      out.push_back({Finding::Kind::Percent, static_cast<double>(fee->percentBasisPoints), "", labelled(en, zhLabel, percent)});
      if (!price) return;
      const Money amount = feeAmount(*fee, *price);
      out.push_back({Finding::Kind::Amount, static_cast<double>(amount.cents), amount.currency,
                     labelled(en, zhLabel, formatMoney(amount) + " (" + percent + ")")});
      return;
    }
    out.push_back({Finding::Kind::Amount, static_cast<double>(fee->amount.cents), fee->amount.currency,
                   labelled(en, zhLabel, formatMoney(fee->amount))});
  };
  auto addAction = [&](const ActionRule& rule, const char* en, const char* zhLabel, const char* feeEn, const char* feeZh) {
    if (rule.noticeMinutes > 0) {
      out.push_back({Finding::Kind::Notice, static_cast<double>(rule.noticeMinutes), "",
                     labelled(en, zhLabel, durationWords(rule.noticeMinutes, locale))});
    }
    if (rule.late == ActionRule::Late::Fee) addFee(rule.fee, feeEn, feeZh);
  };
  addAction(rules.cancel, "cancellation notice", "取消期限", "late cancellation fee", "逾期取消手續費");
  addAction(rules.reschedule, "rescheduling notice", "更改時間期限", "late rescheduling fee", "逾期更改手續費");
  addFee(rules.noShow.fee, "no-show fee", "未到場手續費");
  if (rules.maxReschedules) {
    out.push_back({Finding::Kind::Count, static_cast<double>(*rules.maxReschedules), "",
                   labelled("reschedules per booking", "每筆預約更改次數", std::to_string(*rules.maxReschedules))});
  }
  if (const auto& limit = rules.noShow.limit) {
    out.push_back({Finding::Kind::Count, static_cast<double>(limit->count), "",
                   labelled("no-shows before the limit", "未到場次數上限", std::to_string(limit->count)), true});
    out.push_back({Finding::Kind::Months, static_cast<double>(limit->months), "",
                   labelled("no-show period", "未到場計算期間", std::to_string(limit->months) + (zh ? " 個月" : " months"))});
  }
  return out;
}

std::string noneOfKind(Finding::Kind kind, bool zh) {
  switch (kind) {
  case Finding::Kind::Notice: return zh ? "不需提前通知" : "no notice required";
  case Finding::Kind::Months: return zh ? "沒有未到場限制" : "no no-show limit";
  case Finding::Kind::Percent: return zh ? "沒有按比例計算的手續費" : "no percentage fee";
  case Finding::Kind::Amount: return zh ? "沒有此金額的手續費" : "no fee of an amount";
  case Finding::Kind::Count: return zh ? "沒有次數限制" : "no limit on a number of times";
  }
  return "";
}

/// Whether `a` is a rule `m` may be about.
bool sameKind(const Mention& m, const Allowed& a) { return m.kind == a.kind && (!m.noShow || a.noShow); }

bool matches(const Mention& m, const Allowed& a) {
  if (!sameKind(m, a) || std::fabs(m.value - a.value) >= 0.5) return false;
  if (m.kind != Finding::Kind::Amount || m.currency.empty()) return true;
  if (m.currency == "$") return a.currency == "USD" || a.currency == "TWD";
  return m.currency == a.currency;
}

} // namespace

std::vector<Finding> checkText(std::string_view original, const Rules& rules, const std::optional<Money>& price,
                               std::string_view locale) {
  if (original.size() > kMaxTextBytes) {
    throw std::invalid_argument("a text to check is at most " + std::to_string(kMaxTextBytes) + " bytes");
  }
  const bool zh = locale == "zh-TW";
  const Normalised text = normalise(original);
  const std::vector<Allowed> allowed = allowedValues(rules, price, locale);
  std::vector<Mention> found = mentions(text.text);
  std::sort(found.begin(), found.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  std::vector<Finding> out;
  for (const Mention& m : found) {
    if (std::any_of(allowed.begin(), allowed.end(), [&](const Allowed& a) { return matches(m, a); })) continue;
    Finding f;
    f.kind = m.kind;
    f.offset = text.origin[m.begin];
    f.textSays = std::string(original.substr(f.offset, text.origin[m.end] - f.offset));
    for (const Allowed& a : allowed) {
      if (!sameKind(m, a)) continue;
      f.rule += (f.rule.empty() ? "" : (zh ? "；" : "; ")) + a.words;
    }
    if (f.rule.empty()) f.rule = noneOfKind(m.kind, zh);
    out.push_back(f);
  }
  return out;
}

} // namespace atrium::cancellation
