#pragma once
// Runs the `atrium` CLI in-process against a test database, as an administrator would.
#include "TestDatabase.h"
#include "cli/Cli.h"

#include <sstream>
#include <string>
#include <vector>

namespace atrium::test {

struct CliResult {
  int exit;
  std::string out;
  std::string err;
};

/// `atrium <args>` with no configuration file: the defaults and the test database's
/// overrides only. `args` may start with more global options ("--set", "key=value").
inline CliResult runAtrium(const TestDatabase& t, std::vector<std::string> args, const std::string& stdinText = {}) {
  std::vector<std::string> full{"atrium", "--config", "-"};
  for (const auto& [key, value] : t.configOverrides()) {
    full.push_back("--set");
    full.push_back(key + "=" + value);
  }
  full.insert(full.end(), args.begin(), args.end());
  std::vector<const char*> argv;
  for (const auto& a : full) argv.push_back(a.c_str());
  std::istringstream in(stdinText);
  std::ostringstream out, err;
  int code = cli::run(static_cast<int>(argv.size()), argv.data(), in, out, err);
  return {code, out.str(), err.str()};
}

} // namespace atrium::test
