#include "core/TextInput.h"

#include "core/Errors.h"
#include "core/Text.h"

#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>

namespace atrium::core {

std::optional<Text> textProblem(std::string_view text, const std::string& field, TextKind kind) {
  Poco::UTF8Encoding utf8;
  const std::string copy(text);
  Poco::TextIterator it(copy, utf8), end(copy);
  for (; it != end; ++it) {
    int c = *it;
    if (c < 0) return Text("{field} is not valid UTF-8 text", {{"field", field}});
    bool allowedBreak = kind == TextKind::MultiLine && (c == '\n' || c == '\r' || c == '\t');
    if ((c < 0x20 && !allowedBreak) || (c >= 0x7F && c <= 0x9F))
      return kind == TextKind::Line ? Text("{field} must be one line without control characters", {{"field", field}})
                                    : Text("{field} must not contain control characters", {{"field", field}});
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
      return Text("{field} must not contain text-direction overrides", {{"field", field}});
    if (kind == TextKind::Line && (c == 0x2028 || c == 0x2029))
      return Text("{field} must be one line without control characters", {{"field", field}});
  }
  return std::nullopt;
}

void requirePlainText(const std::string& field, std::string_view text, TextKind kind) {
  if (auto problem = textProblem(text, field, kind)) throw ValidationError(field, std::move(*problem));
}

void requireText(const std::string& field, std::string_view text, std::size_t maxCharacters, TextKind kind, bool required) {
  if (required && text.empty()) throw ValidationError(field, Text("{field} is required", {{"field", field}}));
  if (codePoints(text) > maxCharacters)
    throw ValidationError(field, Text("{field} must have at most {max} characters", {{"field", field}, {"max", std::to_string(maxCharacters)}}));
  requirePlainText(field, text, kind);
}

std::size_t codePoints(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string oneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return out;
}

} // namespace atrium::core
