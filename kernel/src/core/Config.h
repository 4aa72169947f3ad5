#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::core {

/// A configuration problem an administrator must fix (unknown key, bad value, missing
/// file). The message names the key and what is wrong; it never contains secrets.
class ConfigError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// One documented configuration key. Every key is listed in docs/admin.md.
struct ConfigKey {
  std::string_view name;
  std::string_view defaultValue;
  std::string_view description;
};

/// The installation's configuration, resolved from four layers, later ones winning:
/// built-in defaults < properties file (--config, else ./config/atrium.properties when
/// present) < ATRIUM_* environment variables < command-line --set key=value (and the
/// --port / --data-dir shortcuts). Unknown keys in any layer are refused, so a typo is
/// an error at start-up, not a silently ignored setting. Immutable once built.
class Config {
public:
  /// The documented keys, in the order docs/admin.md lists them.
  static std::span<const ConfigKey> knownKeys();
  /// ATRIUM_HTTP_PORT for http.port: upper case, dots become underscores.
  static std::string environmentName(std::string_view key);

  struct Sources {
    std::string file;                        ///< explicit --config; empty = default lookup
    std::vector<std::pair<std::string, std::string>> overrides; ///< --set, in order
    bool readEnvironment = true;
  };
  /// Throws ConfigError.
  static Config load(const Sources& sources);
  /// Defaults plus the given overrides only (tests, embedded use). Throws ConfigError.
  static Config fromOverrides(const std::vector<std::pair<std::string, std::string>>& overrides);

  const std::string& getString(std::string_view key) const;
  std::int64_t getInt(std::string_view key, std::int64_t min, std::int64_t max) const;
  bool getBool(std::string_view key) const;
  /// Where a key's value came from: "default", the file path, "environment" or "command line".
  const std::string& sourceOf(std::string_view key) const;
  /// The properties file that was read, or empty.
  const std::string& filePath() const { return filePath_; }

private:
  void set(const std::string& key, std::string value, const std::string& source);

  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, std::string, std::less<>> sources_;
  std::string filePath_;
};

} // namespace atrium::core
