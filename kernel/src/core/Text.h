#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atrium::core {

/// A message for people: an English template with {name} placeholders and their values.
/// The English template is the key of its translation (kernel/i18n/messages.<locale>.json,
/// compiled in), so a template is written once, where the message arises, and rendered
/// in the reader's language where it is shown (an API error: the request's
/// Accept-Language). Only placeholders named in `args` are replaced; other braces stay.
/// An argument named "field" is an input's name: rendered through the catalogue's
/// "field:<name>" entry when the locale has one (a label), else as it is.
class Text {
public:
  using Args = std::vector<std::pair<std::string, std::string>>;

  Text(const char* source) : source_(source) {}
  Text(std::string source) : source_(std::move(source)) {}
  Text(std::string source, Args args) : source_(std::move(source)), args_(std::move(args)) {}
  /// Text that is already in its reader's language (a plugin's own message): never looked up.
  static Text verbatim(std::string text) {
    Text t(std::move(text));
    t.verbatim_ = true;
    return t;
  }

  /// The label {field} shows as in `locale` (a plugin's setting as its manifest names it),
  /// before the catalogue's "field:<name>" entries.
  Text& labelField(std::string locale, std::string label) {
    fieldLabels_.emplace_back(std::move(locale), std::move(label));
    return *this;
  }

  /// The message in `locale` ("en", "zh-TW"); English when the catalogue has no translation.
  std::string render(std::string_view locale = "en") const;
  /// The English template with its values, fields by their names (no labels): for logs,
  /// the command line and what() of the errors that carry a Text.
  std::string plain() const;
  const std::string& source() const { return source_; }
  const Args& args() const { return args_; }

private:
  std::string source_;
  Args args_;
  std::vector<std::pair<std::string, std::string>> fieldLabels_;
  bool verbatim_ = false;
};

/// The translation of `source` in `locale`, or nullptr (English, unknown locale, no entry).
const std::string* translation(std::string_view locale, std::string_view source);

/// The locales messages come in, as the pages name them.
inline constexpr std::string_view kLocales[] = {"en", "zh-TW"};

/// The reader's locale among kLocales from an Accept-Language value (RFC 9110 §12.5.4:
/// weights honoured, any zh-* but zh-CN/zh-SG/zh-Hans picks zh-TW); "en" when nothing matches.
std::string localeFromAcceptLanguage(std::string_view header);

/// `text` (UTF-8) in lower case by Unicode's simple case mapping ("ZOË" → "zoë",
/// "Łukasiewicz" → "łukasiewicz"), for case-insensitive search; accents are kept.
std::string foldCase(std::string_view text);

} // namespace atrium::core
