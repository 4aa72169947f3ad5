#pragma once
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace atrium::plugin_host {

/// The JSON Schema subset a plugin's config_schema may use (docs/sdk.md):
/// a top-level {"type":"object","properties":{…},"required":[…]} whose properties are
/// string | integer | number | boolean with enum, minimum, maximum, minLength,
/// maxLength, pattern (ECMAScript) and default. Unknown properties are refused.
/// Immutable after parse; thread-safe.
class ConfigSchema {
public:
  /// Throws std::invalid_argument naming what is wrong with the schema itself.
  static ConfigSchema parse(const rapidjson::Value& schema);

  /// Validates a business's config (a JSON object; empty text = {}), fills defaults and
  /// returns the normalised JSON. Throws core::ValidationError(field, reason) on the
  /// first problem, field being the property name.
  std::string validate(std::string_view configJson) const;
  /// The config made of defaults only, or throws ValidationError when a required
  /// property has no default (the plugin then needs a config before it can be enabled).
  std::string defaults() const { return validate("{}"); }

  /// Property names in declaration order (the back office renders the form from the manifest).
  std::vector<std::string> propertyNames() const;

private:
  enum class Type { String, Integer, Number, Boolean };
  struct Property {
    std::string name;
    Type type = Type::String;
    std::vector<std::string> enumValues; ///< as JSON text
    std::optional<double> minimum, maximum;
    std::optional<std::size_t> minLength, maxLength;
    std::optional<std::string> patternText;
    std::optional<std::regex> pattern;
    std::optional<std::string> defaultJson;
    bool required = false;
  };
  void check(const Property& p, const rapidjson::Value& v) const;

  std::vector<Property> properties_;
};

} // namespace atrium::plugin_host
