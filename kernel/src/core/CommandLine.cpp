#include "core/CommandLine.h"

#include <algorithm>

namespace atrium::core {
namespace {

/// Splits "--name=value" into name and value; returns false when there is no '='.
bool splitInline(const std::string& arg, std::string& name, std::string& value) {
  auto eq = arg.find('=');
  if (eq == std::string::npos) {
    name = arg;
    return false;
  }
  name = arg.substr(0, eq);
  value = arg.substr(eq + 1);
  return true;
}

} // namespace

CommandLine CommandLine::parse(int argc, const char* const* argv) {
  CommandLine cl;
  std::vector<std::string> args(argv + 1, argv + argc);
  bool inCommand = false; // after the command word, options belong to the command (but --json/--help)
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name, value;
    bool inlineValue = splitInline(args[i], name, value);
    if (inCommand && args[i] != "--json" && args[i] != "--help") {
      cl.arguments.push_back(args[i]);
      continue;
    }
    auto takeValue = [&]() -> std::string {
      if (inlineValue) return value;
      if (i + 1 >= args.size()) throw ConfigError(name + " needs a value");
      return args[++i];
    };
    if (name == "--config") {
      cl.sources.file = takeValue();
    } else if (name == "--set") {
      std::string kv = takeValue();
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw ConfigError("--set expects key=value, got '" + kv + "'");
      cl.sources.overrides.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else if (name == "--port") {
      cl.sources.overrides.emplace_back("http.port", takeValue());
    } else if (name == "--data-dir") {
      cl.sources.overrides.emplace_back("data.dir", takeValue());
    } else if (args[i] == "--json") {
      cl.json = true;
    } else if (args[i] == "--help" || args[i] == "-h") {
      cl.help = true;
    } else if (args[i] == "--version") {
      cl.version = true;
    } else {
      if (args[i].rfind("--", 0) == 0) throw ConfigError("unknown option " + name + " (global options come before the command)");
      cl.arguments.push_back(args[i]);
      inCommand = true;
    }
  }
  return cl;
}

CommandOptions::CommandOptions(const std::vector<std::string>& args, std::size_t first,
                               const std::vector<std::string>& valueOptions, const std::vector<std::string>& flags) {
  for (std::size_t i = first; i < args.size(); ++i) {
    std::string name, value;
    bool inlineValue = splitInline(args[i], name, value);
    if (name.rfind("--", 0) != 0) throw ConfigError("unexpected argument '" + args[i] + "'");
    std::string bare = name.substr(2);
    if (std::find(flags.begin(), flags.end(), bare) != flags.end()) {
      values_.emplace_back(bare, "true");
      continue;
    }
    if (std::find(valueOptions.begin(), valueOptions.end(), bare) == valueOptions.end())
      throw ConfigError("unknown option " + name);
    if (!inlineValue) {
      if (i + 1 >= args.size()) throw ConfigError(name + " needs a value");
      value = args[++i];
    }
    values_.emplace_back(bare, value);
  }
}

bool CommandOptions::has(std::string_view name) const {
  return std::any_of(values_.begin(), values_.end(), [&](const auto& kv) { return kv.first == name; });
}

const std::string& CommandOptions::required(std::string_view name) const {
  for (const auto& [k, v] : values_)
    if (k == name) return v;
  throw ConfigError("--" + std::string(name) + " is required");
}

std::string CommandOptions::optional(std::string_view name, std::string fallback) const {
  for (const auto& [k, v] : values_)
    if (k == name) return v;
  return fallback;
}

} // namespace atrium::core
