// `atrium plugin check` beyond hooks: it calls every route the plugin registered, runs the
// author's fixtures (--fixtures DIR), warns about declared capabilities the plugin never
// used, and reports as JSON with --json.
#include "AtriumCli.h"

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <map>

using atrium::test::TestDatabase;

namespace {

atrium::test::CliResult check(const TestDatabase& t, std::vector<std::string> args) {
  args.insert(args.begin(), {"--set", "plugins.dir=" + t.directory().string()});
  return atrium::test::runAtrium(t, std::move(args));
}

std::string fixture(const std::string& name) { return std::string(ATRIUM_FIXTURE_PLUGINS_DIR) + "/" + name + ".so"; }

/// A fresh folder of fixture files {name: text}.
std::string fixtureDir(const TestDatabase& t, const std::string& folder, const std::map<std::string, std::string>& files) {
  auto dir = t.directory() / folder;
  std::filesystem::create_directories(dir);
  for (const auto& [name, text] : files) std::ofstream(dir / name) << text;
  return dir.string();
}

} // namespace

TEST_CASE("plugin check calls every registered route and fails on faults and malformed answers", "[plugins][cli]") {
  TestDatabase t;
  auto probe = check(t, {"plugin", "check", fixture("check_probe")});
  INFO(probe.out << probe.err);
  CHECK(probe.exit == 1);
  CHECK_THAT(probe.out, Catch::Contains("ok    route GET ok/{booking_id}: answered 200"));
  CHECK_THAT(probe.out, Catch::Contains("FAIL  route GET boom: faulted"));
  CHECK_THAT(probe.out, Catch::Contains("FAIL  route GET garbage: malformed response: status must be an HTTP status from 200 to 599"));
  CHECK_THAT(probe.out, Catch::Contains("ok    route POST strict: answered 422 \"name is required\""));
  CHECK_THAT(probe.out, Catch::Contains(" passed, 2 failed"));

  // A sample client stands in for the domain, so a route that looks one up answers.
  auto routes = check(t, {"plugin", "check", fixture("routes_plugin")});
  INFO(routes.out);
  CHECK(routes.exit == 0);
  CHECK_THAT(routes.out, Catch::Contains("ok    route GET greeting: answered 200"));
  CHECK_THAT(routes.out, Catch::Contains("ok    route GET clients/{client_id}: answered 200"));
  CHECK_THAT(routes.out, Catch::Contains("ok    route POST echo: answered 201"));
}

TEST_CASE("plugin check warns about declared capabilities the plugin never used", "[plugins][cli]") {
  TestDatabase t;
  auto probe = check(t, {"plugin", "check", fixture("check_probe")});
  CHECK_THAT(probe.out, Catch::Contains("warn  capabilities unused: declared but never used during the check: "
                                        "hook booking.created@1 (not handled), host audit ("));
  auto routes = check(t, {"plugin", "check", fixture("routes_plugin")});
  CHECK(routes.exit == 0); // a warning fails nothing
  CHECK_THAT(routes.out, Catch::Contains("warn  capabilities unused: declared but never used during the check: domain booking.get@1 ("));
  auto records = check(t, {"plugin", "check", fixture("records_plugin"), "--config", R"({"label":"Desk"})"});
  CHECK_THAT(records.out, Catch::Contains("ok    capabilities used: every declared capability was used during the check"));
}

TEST_CASE("plugin check runs the author's fixtures and checks their expectations", "[plugins][cli]") {
  TestDatabase t;
  auto hooks = fixtureDir(t, "hello-fixtures", {
      {"booking.validate@1.json", R"([{"name": "banned word", "payload": {"booking": {"note": "buy crypto now"}}, "expect": "rejected",
                                      "message": "rephrase"},
                                     {"name": "clean note", "payload": {"booking": {"note": "see you"}}, "expect": "ok"}])"},
      {"notes.txt", "not a fixture: ignored"}});
  auto hello = check(t, {"plugin", "check", fixture("hello"), "--config", R"({"banned_word":"crypto","action":"reject"})", "--fixtures", hooks});
  INFO(hello.out << hello.err);
  CHECK(hello.exit == 0);
  CHECK_THAT(hello.out, Catch::Contains("ok    fixture banned word: rejected with \""));
  CHECK_THAT(hello.out, Catch::Contains("ok    fixture clean note: handled as expected"));

  auto routeFixtures = fixtureDir(t, "routes-fixtures", {
      {"routes.json", R"([{"name": "unknown client", "route": "GET clients/{client_id}", "payload": {"request": {"params": {"client_id": "1"}}},
                          "expect": "rejected", "status": 404},
                         {"name": "echo", "route": "POST echo", "payload": {"request": {"body": {"hi": "there"}}}, "status": 201}])"}});
  auto routes = check(t, {"plugin", "check", fixture("routes_plugin"), "--fixtures", routeFixtures});
  INFO(routes.out << routes.err);
  CHECK(routes.exit == 0);
  CHECK_THAT(routes.out, Catch::Contains("ok    fixture unknown client: answered 404"));
  CHECK_THAT(routes.out, Catch::Contains("ok    fixture echo: answered 201 as expected"));
}

TEST_CASE("plugin check fails fixtures whose expectation does not hold, or that are unusable", "[plugins][cli]") {
  TestDatabase t;
  auto dir = fixtureDir(t, "bad-fixtures", {
      {"a.json", R"({"hook": "booking.validate@1", "payload": {"booking": {"note": "refuse me"}}, "expect": "ok"})"},
      {"b.json", R"({"route": "POST strict", "expect": "ok"})"},
      {"c.json", "{not json"},
      {"d.json", R"({"payload": {}})"},
      {"e.json", R"({"route": "GET nowhere"})"},
      {"f.json", R"({"hook": "booking.validate@1", "expect": "maybe"})"},
      {"booking.validate@1.json", R"({"payload": {"booking": {"note": "refuse me"}}, "expect": "rejected", "message": "refused by probe"})"}});
  auto r = check(t, {"plugin", "check", fixture("check_probe"), "--fixtures", dir});
  INFO(r.out << r.err);
  CHECK(r.exit == 1);
  CHECK_THAT(r.out, Catch::Contains("FAIL  fixture a.json: rejected with \"refused by probe\", expected ok"));
  CHECK_THAT(r.out, Catch::Contains("FAIL  fixture b.json: answered 422 \"name is required\", expected success"));
  CHECK_THAT(r.out, Catch::Contains("FAIL  fixture c.json: not valid JSON"));
  CHECK_THAT(r.out, Catch::Contains("FAIL  fixture d.json: names no hook or route"));
  CHECK_THAT(r.out, Catch::Contains("FAIL  fixture e.json: the plugin registered no route GET nowhere"));
  CHECK_THAT(r.out, Catch::Contains("FAIL  fixture f.json: \"expect\" must be \"ok\" or \"rejected\""));
  CHECK_THAT(r.out, Catch::Contains("ok    fixture booking.validate@1.json: rejected with \"refused by probe\" as expected"));

  auto missing = check(t, {"plugin", "check", fixture("check_probe"), "--fixtures", (t.directory() / "nope").string()});
  CHECK(missing.exit == 2);
  CHECK_THAT(missing.err, Catch::Contains("--fixtures: ") && Catch::Contains("is not a folder"));
}

TEST_CASE("plugin check --json reports every check on stdout and exits non-zero on a failure", "[plugins][cli]") {
  TestDatabase t;
  auto failing = check(t, {"--json", "plugin", "check", fixture("check_probe")});
  CHECK(failing.exit == 1);
  rapidjson::Document d;
  d.Parse(failing.out.c_str());
  INFO(failing.out);
  REQUIRE(d.IsObject());
  CHECK(std::string(d["plugin"].GetString()) == "check_probe");
  CHECK_FALSE(d["ok"].GetBool());
  CHECK(d["failed"].GetInt() == 2);
  std::map<std::string, bool> okByName;
  for (const auto& c : d["checks"].GetArray()) {
    REQUIRE(c["detail"].IsString());
    okByName[c["name"].GetString()] = c["ok"].GetBool();
  }
  CHECK(okByName.at("load"));
  CHECK_FALSE(okByName.at("route GET boom"));
  CHECK(okByName.at("route GET ok/{booking_id}"));
  CHECK(okByName.at("capabilities unused")); // a warning: ok, flagged "warning"

  auto passing = check(t, {"plugin", "check", fixture("routes_plugin"), "--json"});
  CHECK(passing.exit == 0);
  rapidjson::Document p;
  p.Parse(passing.out.c_str());
  REQUIRE(p.IsObject());
  CHECK(p["ok"].GetBool());
  CHECK(p["warnings"].GetInt() >= 1);

  auto unloadable = check(t, {"--json", "plugin", "check", fixture("abi_major_mismatch")});
  CHECK(unloadable.exit == 1);
  CHECK_THAT(unloadable.out, Catch::Contains(R"("plugin":null,"ok":false)") && Catch::Contains("built for ABI 2.0"));
}
