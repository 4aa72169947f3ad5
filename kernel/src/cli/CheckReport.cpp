#include "cli/CheckReport.h"

#include "cli/Cli.h"
#include "cli/Context.h"

#include <ostream>

namespace atrium::cli {

void CheckReport::add(const std::string& name, const std::string& detail, Level level) {
  findings_.push_back({name, detail, level});
  if (json_) return;
  out_ << (level == Level::Ok ? "ok    " : level == Level::Fail ? "FAIL  " : "warn  ") << name << (detail.empty() ? "" : ": ")
       << detail << "\n";
}

int CheckReport::finish() {
  int passed = 0, failed = 0, warnings = 0;
  for (const auto& f : findings_) {
    if (f.level == Level::Ok) ++passed;
    else if (f.level == Level::Fail) ++failed;
    else ++warnings;
  }
  if (!json_) {
    if (warnings > 0) out_ << warnings << (warnings == 1 ? " warning\n" : " warnings\n");
    out_ << passed << " passed, " << failed << " failed\n";
  } else {
    core::JsonOut out;
    out.w().StartObject();
    out.key("plugin");
    if (plugin_.empty()) out.null();
    else out.str(plugin_);
    out.field("ok", failed == 0).field("passed", passed).field("failed", failed).field("warnings", warnings);
    out.key("checks");
    out.w().StartArray();
    for (const auto& f : findings_) {
      out.w().StartObject();
      out.field("name", f.name).field("ok", f.level != Level::Fail).field("warning", f.level == Level::Warn).field("detail", f.detail);
      out.w().EndObject();
    }
    out.w().EndArray();
    out.w().EndObject();
    out_ << out.text() << "\n";
  }
  return failed == 0 ? kOk : kFailed;
}

} // namespace atrium::cli
