#pragma once
#include "core/Config.h"

#include <string>
#include <vector>

namespace atrium::core {

/// The options shared by `atriumd` and `atrium`: --config FILE, --set key=value
/// (repeatable), --port N, --data-dir DIR, --json, --help, --version. Both `--opt value`
/// and `--opt=value` are accepted. Global options come before the command word; from the
/// command on, every argument (its own options too) is kept, in order, in `arguments`,
/// except --json and --help, which may stand anywhere.
struct CommandLine {
  Config::Sources sources;
  std::vector<std::string> arguments;
  bool json = false;
  bool help = false;
  bool version = false;

  /// Throws ConfigError with a message naming the bad option.
  static CommandLine parse(int argc, const char* const* argv);
};

/// Options of one CLI command: `--name value` / `--name=value` pairs and bare flags.
/// Throws ConfigError for an option not in `allowed`, or a value-taking option without value.
class CommandOptions {
public:
  CommandOptions(const std::vector<std::string>& args, std::size_t first,
                 const std::vector<std::string>& valueOptions, const std::vector<std::string>& flags = {});
  bool has(std::string_view name) const;
  /// The value of --name, or throws ConfigError("--name is required").
  const std::string& required(std::string_view name) const;
  std::string optional(std::string_view name, std::string fallback = {}) const;
  bool flag(std::string_view name) const { return has(name); }

private:
  std::vector<std::pair<std::string, std::string>> values_;
};

} // namespace atrium::core
