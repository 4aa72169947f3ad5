#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace atrium::cli {

/// The findings of `atrium plugin check`: each a named check that passed, failed or
/// warns (a warning never fails the run). As text, one line per finding as it comes
/// ("ok    name: detail", "FAIL  …", "warn  …") and "N passed, M failed" last; with
/// --json, one object at the end: {"plugin", "ok", "passed", "failed", "warnings",
/// "checks": [{"name", "ok", "warning", "detail"}]}. Not thread-safe.
class CheckReport {
public:
  CheckReport(std::ostream& out, bool json) : out_(out), json_(json) {}

  void ok(const std::string& name, const std::string& detail = {}) { add(name, detail, Level::Ok); }
  void fail(const std::string& name, const std::string& detail = {}) { add(name, detail, Level::Fail); }
  void warn(const std::string& name, const std::string& detail = {}) { add(name, detail, Level::Warn); }
  /// The id of the plugin under check, once known (for the JSON report).
  void setPlugin(std::string id) { plugin_ = std::move(id); }

  /// Prints the summary (text) or the whole report (JSON); kOk when nothing failed, else kFailed.
  int finish();

private:
  enum class Level { Ok, Fail, Warn };
  struct Finding {
    std::string name;
    std::string detail;
    Level level;
  };
  void add(const std::string& name, const std::string& detail, Level level);

  std::ostream& out_;
  bool json_;
  std::string plugin_;
  std::vector<Finding> findings_;
};

} // namespace atrium::cli
