#pragma once
#include <string>
#include <string_view>

namespace terms {

/// The CommonMark CJK-friendly amendment for `*` emphasis, applied before libcmark parses.
///
/// CommonMark's flanking rules leave `**取消：**請` unbolded: the closing `**` follows a
/// punctuation mark and precedes a letter, so it is not right-flanking. The amendment
/// (github.com/tats-u/markdown-cjk-friendly, specification.md; proposed upstream as
/// commonmark-spec#650; shipped by markdown-it-cjk-friendly, comrak and markdig) lets a CJK
/// character or CJK punctuation mark beside the run count as a boundary. libcmark (0.30, the
/// library the plugin uses; Debian's cmark-gfm 0.29 neither) has no such option, so this pass
/// finds each run of `*` that is left- (right-) flanking under the amendment but not under
/// CommonMark, and puts kSentinelEntity just before (after) it: cmark then sees ASCII
/// punctuation (`;` / `&`) there, which makes the run both left- and right-flanking, exactly
/// what the amendment says of such a run. Nothing else changes; stripSentinels() takes the
/// entity's character (a Unicode noncharacter, reserved for a process's internal use) out of
/// the parsed document again.
///
/// Limits: `_` keeps CommonMark's rules (it is also meant to stay literal inside words);
/// punctuation is cmark 0.30's (Unicode P*, plus ASCII punctuation). Any U+FDD0 in the input
/// is dropped first (a noncharacter has no business in a text).
std::string cjkFriendlyEmphasis(std::string_view markdown);

/// The entity the pass inserts, and the UTF-8 of the character it stands for (U+FDD0).
inline constexpr std::string_view kSentinelEntity = "&#xFDD0;";
inline constexpr std::string_view kSentinelUtf8 = "\xEF\xB7\x90";

/// Removes every occurrence of `what` from `text`.
std::string without(std::string_view text, std::string_view what);

} // namespace terms
