#pragma once
#include <iosfwd>

namespace atrium::cli {

/// Exit codes of `atrium`.
enum ExitCode : int {
  kOk = 0,
  kFailed = 1,   ///< the command could not be done (database unreachable, refused input…)
  kUsage = 2,    ///< unknown command or option, bad configuration
};

/// The `atrium` administration CLI. Reads passwords from `in` (never from argv), writes
/// results to `out` (text, or JSON with --json) and errors to `err`. Never throws.
int run(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err);

} // namespace atrium::cli
