#include "core/Text.h"

#include <Poco/UTF8String.h>

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <unordered_map>

namespace atrium::core {
namespace detail {
extern const char* const kMessagesZhTw; // generated from kernel/i18n/messages.zh-TW.json
extern const char* const kMessagesEn;   // generated from kernel/i18n/messages.en.json
}

namespace {

using Catalogue = std::unordered_map<std::string, std::string>;

Catalogue parse(const char* json, const char* name) {
  rapidjson::Document d;
  if (d.Parse(json).HasParseError() || !d.IsObject()) throw std::logic_error(std::string("message catalogue ") + name + " is not a JSON object");
  Catalogue out;
  for (auto& m : d.GetObject())
    if (m.value.IsString()) out.emplace(m.name.GetString(), m.value.GetString()); // non-strings: translators' comments
  return out;
}

const Catalogue* catalogue(std::string_view locale) {
  static const Catalogue zhTw = parse(detail::kMessagesZhTw, "zh-TW");
  static const Catalogue en = parse(detail::kMessagesEn, "en"); // the templates reworded where they speak like an API
  if (locale == "zh-TW") return &zhTw;
  if (locale == "en") return &en;
  return nullptr;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// The locale a language range selects, or empty.
std::string_view supported(std::string_view range) {
  std::string r = lower(range);
  if (r == "en" || r.rfind("en-", 0) == 0) return "en";
  if (r == "zh-cn" || r == "zh-sg" || r.rfind("zh-hans", 0) == 0) return {};
  if (r == "zh" || r.rfind("zh-", 0) == 0) return "zh-TW";
  return {};
}

} // namespace

const std::string* translation(std::string_view locale, std::string_view source) {
  const Catalogue* c = catalogue(locale);
  if (!c) return nullptr;
  auto it = c->find(std::string(source));
  return it == c->end() ? nullptr : &it->second;
}

std::string Text::plain() const {
  Text bare(source_, args_);
  bare.verbatim_ = true; // no catalogue, no labels
  return bare.render();
}

std::string Text::render(std::string_view locale) const {
  if (locale.empty()) locale = "en"; // a reader who named no language reads English
  const std::string* translated = verbatim_ ? nullptr : translation(locale, source_);
  const std::string& pattern = translated ? *translated : source_;
  if (args_.empty()) return pattern;
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      auto close = pattern.find('}', i + 1);
      if (close != std::string::npos) {
        std::string_view name(pattern.data() + i + 1, close - i - 1);
        auto arg = std::find_if(args_.begin(), args_.end(), [&](const auto& a) { return a.first == name; });
        if (arg != args_.end()) {
          const std::string* label = nullptr;
          if (name == "field") {
            for (const auto& [l, text] : fieldLabels_)
              if (l == locale) label = &text;
            // a label in the reader's language: in English always (the template is English),
            // in another language only inside a translated template
            if (!label && !verbatim_ && (translated || locale == "en")) label = translation(locale, "field:" + arg->second);
          }
          out += label ? *label : arg->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::string localeFromAcceptLanguage(std::string_view header) {
  std::string_view best;
  double bestWeight = 0;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto semi = item.find(';');
    std::string_view range = trim(item.substr(0, semi));
    double weight = 1;
    if (semi != std::string_view::npos) {
      std::string_view param = trim(item.substr(semi + 1));
      if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=')
        weight = std::strtod(std::string(param.substr(2)).c_str(), nullptr);
    }
    auto locale = supported(range);
    if (!locale.empty() && weight > bestWeight) { // the first of equal weights wins
      best = locale;
      bestWeight = weight;
    }
  }
  return best.empty() ? "en" : std::string(best);
}

std::string foldCase(std::string_view text) { return Poco::UTF8::toLower(std::string(text)); }

} // namespace atrium::core
