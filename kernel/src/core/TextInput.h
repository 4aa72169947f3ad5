#pragma once
#include "core/Text.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::core {

/// How much of human text a field accepts.
enum class TextKind {
  Line,     ///< names, subjects, addresses: one line
  MultiLine ///< notes, descriptions, templates: line breaks and tabs too
};

/// Why `text`, the value of `field`, is not acceptable human text of that kind (a message in
/// the reader's language once rendered), or nullopt when it is. Refused everywhere: invalid UTF-8, control characters
/// (C0 such as NUL, ESC, CR/LF in a line; DEL; C1), bidirectional embeddings, overrides and
/// isolates (U+202A-U+202E, U+2066-U+2069: text that displays differently from what it says),
/// and the line and paragraph separators U+2028/U+2029 in a line. What reaches an email header,
/// a log line or a screen from a name is then one plain line.
std::optional<Text> textProblem(std::string_view text, const std::string& field, TextKind kind = TextKind::Line);

/// Throws core::ValidationError naming `field` when textProblem finds one.
void requirePlainText(const std::string& field, std::string_view text, TextKind kind = TextKind::Line);

/// Throws core::ValidationError naming `field`: "{field} is required" when `text` is empty and
/// `required`, "{field} must have at most {max} characters" past `maxCharacters` (code points,
/// as a person counts, not bytes), then whatever requirePlainText refuses.
void requireText(const std::string& field, std::string_view text, std::size_t maxCharacters, TextKind kind = TextKind::Line,
                 bool required = true);

/// Unicode code points in valid UTF-8 (what a person counts as characters, near enough).
std::size_t codePoints(std::string_view text);

/// `text` as one header-safe line: every control character (CR and LF included) becomes a space.
/// For output that must stay one line whatever was stored before input was checked.
std::string oneLine(std::string_view text);

} // namespace atrium::core
