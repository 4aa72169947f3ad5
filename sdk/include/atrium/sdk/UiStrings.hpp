/// A plugin's own UI strings (the manifest's "ui" object), for messages it writes
/// itself: refusals shown to a client, notices. Pass ATRIUM_PLUGIN_MANIFEST.
#ifndef ATRIUM_SDK_UI_STRINGS_HPP
#define ATRIUM_SDK_UI_STRINGS_HPP

#include "atrium/sdk/Json.hpp"

#include <map>
#include <string>
#include <string_view>

namespace atrium::sdk {

class UiStrings {
public:
  /// Parses the manifest once; a manifest without "ui" gives no strings (text() then
  /// answers the key).
  explicit UiStrings(std::string_view manifestJson) {
    rapidjson::Document manifest;
    manifest.Parse(manifestJson.data(), manifestJson.size());
    const rapidjson::Value* ui = manifest.HasParseError() ? nullptr : findMember(manifest, "ui");
    if (ui == nullptr || !ui->IsObject()) {
      return;
    }
    for (const auto& locale : ui->GetObject()) {
      if (!locale.value.IsObject()) {
        continue;
      }
      auto& strings = strings_[locale.name.GetString()];
      for (const auto& s : locale.value.GetObject()) {
        if (s.value.IsString()) {
          strings[s.name.GetString()] = s.value.GetString();
        }
      }
    }
  }

  /// The string in `locale`, else in English, else the key itself; each "{name}"
  /// replaced by the value given for it.
  std::string text(std::string_view locale, const std::string& key,
                   const std::map<std::string, std::string>& values = {}) const {
    std::string out = key;
    const std::string wanted[] = {std::string(locale), std::string("en")};
    for (const std::string& loc : wanted) {
      const auto l = strings_.find(loc);
      if (l == strings_.end()) {
        continue;
      }
      const auto k = l->second.find(key);
      if (k != l->second.end()) {
        out = k->second;
        break;
      }
    }
    for (const auto& [name, value] : values) {
      const std::string placeholder = "{" + name + "}";
      for (std::size_t at = out.find(placeholder); at != std::string::npos;
           at = out.find(placeholder, at + value.size())) {
        out.replace(at, placeholder.size(), value);
      }
    }
    return out;
  }

private:
  std::map<std::string, std::map<std::string, std::string>> strings_;
};

} // namespace atrium::sdk

#endif
