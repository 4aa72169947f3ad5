#include "core/Errors.h"
#include "plugin_host/HookCatalog.h"
#include "plugin_host/Manifest.h"

#include <catch2/catch.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace atrium::plugin_host;

namespace {

std::string helloManifest() {
  std::ifstream in(std::string(ATRIUM_SOURCE_DIR) + "/sdk/examples/hello_plugin/plugin.json");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The hello manifest with one top-level field replaced (or removed when value is empty).
std::string withField(const std::string& key, const std::string& value) {
  rapidjson::Document d;
  d.Parse(helloManifest().c_str());
  d.RemoveMember(key.c_str());
  if (!value.empty()) {
    rapidjson::Document v;
    v.Parse(value.c_str());
    d.AddMember(rapidjson::Value(key.c_str(), d.GetAllocator()), rapidjson::Value(v, d.GetAllocator()), d.GetAllocator());
  }
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  d.Accept(w);
  return b.GetString();
}

} // namespace

TEST_CASE("semantic versions and ranges", "[plugins]") {
  auto v = [](const char* s) { return *SemVer::parse(s); };
  CHECK(v("1.2.3").compare(v("1.2.4")) < 0);
  CHECK(v("1.0.0-alpha").compare(v("1.0.0")) < 0);
  CHECK(v("1.0.0-alpha.2").compare(v("1.0.0-alpha.10")) < 0);
  CHECK_FALSE(SemVer::parse("1.0").has_value());
  CHECK_FALSE(SemVer::parse("01.0.0").has_value());
  auto r = [](const char* s) { return *VersionRange::parse(s); };
  CHECK(r("^1.2").matches(v("1.9.0")));
  CHECK_FALSE(r("^1.2").matches(v("2.0.0")));
  CHECK_FALSE(r("^1.2").matches(v("1.1.9")));
  CHECK(r("^0.3.1").matches(v("0.3.5")));
  CHECK_FALSE(r("^0.3.1").matches(v("0.4.0")));
  CHECK(r("~1.2.3").matches(v("1.2.9")));
  CHECK_FALSE(r("~1.2.3").matches(v("1.3.0")));
  CHECK(r(">=1.0.0 <2.0.0").matches(v("1.5.0")));
  CHECK_FALSE(r(">=1.0.0 <2.0.0").matches(v("2.0.0")));
  CHECK(r("*").matches(v("7.1.0")));
  CHECK(r("=1.0.0").matches(v("1.0.0")));
  CHECK_FALSE(VersionRange::parse("banana").has_value());
  CHECK_FALSE(VersionRange::parse("").has_value());
}

TEST_CASE("the example manifest parses completely", "[plugins]") {
  auto m = Manifest::parse(helloManifest());
  CHECK(m.id == "hello");
  CHECK(m.version.toString() == "1.0.0");
  CHECK(m.declaresHook(HookId::BookingValidate));
  CHECK(m.allowsHost("records"));
  CHECK_FALSE(m.allowsHost("audit"));
  CHECK(m.text("zh-TW", "name") == "Hello 範例");
  CHECK(m.text("fr", "name") == "Hello"); // falls back to English
  CHECK(m.personalData.size() == 1);
  CHECK(m.configSchema.defaults() == R"({"banned_word":"spam","action":"reject","remember_days":30})");
}

TEST_CASE("manifest errors name the field", "[plugins]") {
  auto fails = [](const std::string& json, const std::string& expected) {
    INFO(expected);
    CHECK_THROWS_WITH(Manifest::parse(json), Catch::Contains(expected));
  };
  fails("{not json", "manifest: not valid JSON at offset 1");
  fails(withField("id", R"("Hello World")"), "id 'Hello World' must match");
  fails(withField("version", R"("1.0")"), "version must be semver");
  fails(withField("ui", ""), "ui is required");
  fails(withField("ui", R"({"en":{"name":"x","description":"y"}})"), "ui.zh-TW is required");
  fails(withField("capabilities", R"({"hooks":["booking.teleport@1"]})"), "unknown hook 'booking.teleport@1'");
  fails(withField("capabilities", R"({"host":["filesystem"]})"), "unknown capability 'filesystem'");
  fails(withField("requires", R"({"terms":"banana"})"), "requires.terms: 'banana' is not a version range");
  fails(withField("priority", "5000"), "priority must be a whole number from 0 to 1000");
  fails(withField("personal_data", R"([{"subject":"pets","data":"a","purpose":"b","retention":"c"}])"), "personal_data.subject");
  fails(withField("config_schema", R"({"type":"array"})"), "config_schema.type must be \"object\"");
  fails(withField("config_schema", R"({"type":"object","properties":{"a":{"type":"string","format":"email"}}})"),
        "unsupported keyword 'format'");
  fails(withField("config_schema", R"({"type":"object","properties":{"a":{"type":"integer","maximum":5,"default":9}}})"),
        "default is invalid");
}

TEST_CASE("plugin config is validated against the schema subset", "[plugins]") {
  auto m = Manifest::parse(helloManifest());
  const auto& schema = m.configSchema;
  CHECK(schema.validate(R"({"banned_word":"crypto","remember_days":7})") ==
        R"({"banned_word":"crypto","action":"reject","remember_days":7})");
  auto refuses = [&](const std::string& json, const std::string& field, const std::string& reason) {
    try {
      schema.validate(json);
      FAIL("accepted " << json);
    } catch (const atrium::core::ValidationError& e) {
      CHECK(e.field() == field);
      CHECK_THAT(e.what(), Catch::Contains(reason));
    }
  };
  refuses(R"({"remember_days":0})", "remember_days", "must be at least 1");
  refuses(R"({"remember_days":400})", "remember_days", "must be at most 365");
  refuses(R"({"remember_days":2.5})", "remember_days", "must be a whole number");
  refuses(R"({"action":"shout"})", "action", R"(must be one of "reject", "log")");
  refuses(R"({"banned_word":"two words"})", "banned_word", "must match");
  refuses(R"({"banned_word":7})", "banned_word", "must be a string");
  refuses(R"({"colour":"red"})", "colour", "unknown setting 'colour'");
  refuses(R"([1,2])", "config", "must be a JSON object");
}

TEST_CASE("atrium_add_plugin's build-time manifest check knows exactly the kernel's host capabilities", "[plugins]") {
  std::ifstream in(std::string(ATRIUM_SOURCE_DIR) + "/sdk/cmake/AtriumSDKPlugin.cmake");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string marker = "set(known_host ";
  auto at = text.find(marker);
  REQUIRE(at != std::string::npos);
  std::istringstream list(text.substr(at + marker.size(), text.find(')', at) - at - marker.size()));
  std::vector<std::string> cmakeKnows;
  for (std::string name; list >> name;) cmakeKnows.push_back(name);
  CHECK(cmakeKnows.size() == 6); // raise with kHostCapabilities in HookCatalog.cpp
  for (const auto& name : cmakeKnows) {
    INFO(name);
    CHECK(isHostCapability(name));
  }
}
