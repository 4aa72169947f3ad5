#include "CjkEmphasis.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace terms {
namespace {

constexpr UChar32 kLineBoundary = -1; // the start or end of a line counts as whitespace

/// cmark 0.30's Unicode whitespace: Zs, tab, line feed, form feed, carriage return.
bool isSpace(UChar32 c) {
  return c == kLineBoundary || c == '\t' || c == '\n' || c == '\f' || c == '\r' || u_charType(c) == U_SPACE_SEPARATOR;
}

/// cmark 0.30's punctuation: ASCII punctuation and the Unicode P* categories.
bool isPunctuation(UChar32 c) {
  if (c == kLineBoundary) return false;
  if (c < 128) return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
  return u_ispunct(c);
}

/// The amendment's CJK character: East Asian Width W, F or H and not an emoji by default,
/// or the Hangul script (UAX #11, UTS #51, UAX #24, all from ICU's data).
bool isCjk(UChar32 c) {
  if (c == kLineBoundary) return false;
  int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  if ((width == U_EA_WIDE || width == U_EA_FULLWIDTH || width == U_EA_HALFWIDTH) && !u_hasBinaryProperty(c, UCHAR_EMOJI_PRESENTATION))
    return true;
  UErrorCode error = U_ZERO_ERROR;
  return uscript_getScript(c, &error) == USCRIPT_HANGUL;
}

bool isNonCjkPunctuation(UChar32 c) { return isPunctuation(c) && !isCjk(c); }
bool isIdeographicVariationSelector(UChar32 c) { return c >= 0xE0100 && c <= 0xE01EF; }
/// A Non-emoji General-use Variation Selector (U+FE00–U+FE0E; not the emoji selector U+FE0F).
bool isTextVariationSelector(UChar32 c) { return c >= 0xFE00 && c <= 0xFE0E; }

/// The code point ending just before `at` (kLineBoundary at the start of a line).
UChar32 before(std::string_view s, int32_t at) {
  if (at <= 0 || s[at - 1] == '\n' || s[at - 1] == '\r') return kLineBoundary;
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, at, c);
  return c < 0 ? 0xFFFD : c;
}

/// The code point starting at `at` (kLineBoundary at the end of a line).
UChar32 after(std::string_view s, int32_t at) {
  auto length = static_cast<int32_t>(s.size());
  if (at >= length || s[at] == '\n' || s[at] == '\r') return kLineBoundary;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), at, length, c);
  return c < 0 ? 0xFFFD : c;
}

/// How a character before a run reads to the amendment: a variation selector after a
/// character makes a sequence that reads as that character.
struct Before {
  bool space, nonCjkPunctuation, cjk;
};

Before amendedBefore(std::string_view s, int32_t at) {
  UChar32 c = before(s, at);
  if (isIdeographicVariationSelector(c)) return {false, false, true};
  if (isTextVariationSelector(c)) {
    int32_t start = at;
    U8_BACK_1(reinterpret_cast<const uint8_t*>(s.data()), 0, start);
    UChar32 base = before(s, start);
    return {false, isNonCjkPunctuation(base), isCjk(base)};
  }
  return {isSpace(c), isNonCjkPunctuation(c), isCjk(c)};
}

/// An odd number of backslashes before `at`: the character there is escaped.
bool escaped(std::string_view s, size_t at) {
  size_t n = 0;
  while (at > n && s[at - 1 - n] == '\\') ++n;
  return n % 2 == 1;
}

} // namespace

std::string without(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, what.size(), what) == 0) {
      i += what.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string cjkFriendlyEmphasis(std::string_view markdown) {
  const std::string input = without(markdown, kSentinelUtf8);
  const std::string_view s = input;
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '*' || escaped(s, i)) {
      out += s[i++];
      continue;
    }
    size_t end = i;
    while (end < s.size() && s[end] == '*') ++end;
    const auto runStart = static_cast<int32_t>(i), runEnd = static_cast<int32_t>(end);
    const UChar32 prev = before(s, runStart), next = after(s, runEnd);

    // CommonMark 0.30, 6.2 (what cmark decides)
    const bool left = !isSpace(next) && (!isPunctuation(next) || isSpace(prev) || isPunctuation(prev));
    const bool right = !isSpace(prev) && (!isPunctuation(prev) || isSpace(next) || isPunctuation(next));
    // the CJK-friendly amendment, 6.2
    const Before b = amendedBefore(s, runStart);
    const bool amendedLeft = !isSpace(next) && (!isNonCjkPunctuation(next) || b.space || b.nonCjkPunctuation || b.cjk);
    const bool amendedRight = !b.space && (!b.nonCjkPunctuation || isSpace(next) || isNonCjkPunctuation(next) || isCjk(next));

    // The amendment only widens both definitions; where it does, the run is both left- and
    // right-flanking under it, and punctuation on its letter side makes it so for cmark.
    if (amendedLeft && !left) out += kSentinelEntity;
    out.append(s.substr(i, end - i));
    if (amendedRight && !right && !(amendedLeft && !left)) out += kSentinelEntity;
    i = end;
  }
  return out;
}

} // namespace terms
