#include "cli/CheckFixtures.h"

#include "core/Config.h"
#include "core/Json.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace atrium::cli {
namespace {

constexpr std::uintmax_t kMaxFixtureBytes = 1 << 20;

std::string stringMember(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength()) : std::string();
}

CheckFixture parseFixture(const rapidjson::Value& v, const std::string& label, const std::string& stem) {
  CheckFixture f;
  f.label = label;
  auto fail = [&f](const std::string& why) {
    CheckFixture bad;
    bad.label = f.label;
    bad.error = why;
    return bad;
  };
  if (!v.IsObject()) return fail("a fixture must be an object {\"payload\", \"expect\"}");
  for (const auto& m : v.GetObject()) {
    std::string key = m.name.GetString();
    if (key != "name" && key != "hook" && key != "route" && key != "payload" && key != "expect" && key != "status" && key != "message")
      return fail("unknown member \"" + key + "\" (name, hook, route, payload, expect, status, message)");
  }
  if (auto name = stringMember(v, "name"); !name.empty()) f.label = name;
  std::string route = stringMember(v, "route");
  f.hook = stringMember(v, "hook");
  if (!route.empty()) {
    auto space = route.find(' ');
    if (space == std::string::npos || !f.hook.empty()) return fail("\"route\" must be \"METHOD path\", as the plugin registered it, and comes without \"hook\"");
    f.method = route.substr(0, space);
    f.path = route.substr(space + 1);
  } else if (f.hook.empty()) {
    f.hook = stem;
  }
  auto payload = v.FindMember("payload");
  if (payload == v.MemberEnd()) f.payloadJson = "{}";
  else if (!payload->value.IsObject()) return fail("\"payload\" must be an object");
  else f.payloadJson = core::toJson(payload->value);
  std::string expect = v.HasMember("expect") ? stringMember(v, "expect") : "ok";
  if (expect != "ok" && expect != "rejected") return fail("\"expect\" must be \"ok\" or \"rejected\"");
  f.expectRejected = expect == "rejected";
  if (auto s = v.FindMember("status"); s != v.MemberEnd()) {
    if (!s->value.IsInt() || s->value.GetInt() < 200 || s->value.GetInt() > 599) return fail("\"status\" must be an HTTP status from 200 to 599");
    if (route.empty()) return fail("\"status\" applies to a route only");
    f.status = s->value.GetInt();
  }
  if (v.HasMember("message") && !v["message"].IsString()) return fail("\"message\" must be a string");
  f.message = stringMember(v, "message");
  return f;
}

} // namespace

std::vector<CheckFixture> loadFixtures(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) throw core::ConfigError("--fixtures: " + dir.string() + " is not a folder");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<CheckFixture> out;
  for (const auto& file : files) {
    std::string name = file.filename().string();
    auto unusable = [&](const std::string& why) {
      CheckFixture bad;
      bad.label = name;
      bad.error = why;
      out.push_back(bad);
    };
    if (std::filesystem::file_size(file) > kMaxFixtureBytes) {
      unusable("larger than 1 MiB");
      continue;
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    rapidjson::Document doc;
    auto parsed = sdk::parseJsonInto(doc, text.str());
    if (!parsed.ok()) {
      unusable("not valid JSON (at offset " + std::to_string(parsed.offset) + ")");
      continue;
    }
    std::string stem = file.stem().string();
    if (doc.IsArray()) {
      for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) out.push_back(parseFixture(doc[i], name + "#" + std::to_string(i + 1), stem));
    } else {
      out.push_back(parseFixture(doc, name, stem));
    }
  }
  return out;
}

void mergeJson(rapidjson::Value& target, const rapidjson::Value& patch, rapidjson::Document::AllocatorType& a) {
  for (const auto& m : patch.GetObject()) {
    auto it = target.FindMember(m.name);
    if (it != target.MemberEnd() && it->value.IsObject() && m.value.IsObject()) {
      mergeJson(it->value, m.value, a);
    } else if (it != target.MemberEnd()) {
      it->value.CopyFrom(m.value, a);
    } else {
      target.AddMember(rapidjson::Value(m.name, a), rapidjson::Value(m.value, a), a);
    }
  }
}

} // namespace atrium::cli
