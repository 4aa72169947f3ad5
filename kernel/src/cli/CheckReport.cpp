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
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("plugin");
    if (plugin_.empty()) w.Null();
    else jsonString(w, plugin_);
    w.Key("ok");
    w.Bool(failed == 0);
    w.Key("passed");
    w.Int(passed);
    w.Key("failed");
    w.Int(failed);
    w.Key("warnings");
    w.Int(warnings);
    w.Key("checks");
    w.StartArray();
    for (const auto& f : findings_) {
      w.StartObject();
      w.Key("name");
      jsonString(w, f.name);
      w.Key("ok");
      w.Bool(f.level != Level::Fail);
      w.Key("warning");
      w.Bool(f.level == Level::Warn);
      w.Key("detail");
      jsonString(w, f.detail);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    out_ << buffer.GetString() << "\n";
  }
  return failed == 0 ? kOk : kFailed;
}

} // namespace atrium::cli
