// `atrium plugins …`, `atrium features …` and `atrium plugin check` as an administrator
// and a plugin author use them.
#include "AtriumCli.h"

#include <catch2/catch.hpp>

#include <filesystem>

using atrium::test::TestDatabase;

namespace {

/// `atrium <args>` with the plugins of `pluginDir`, switched off after three faults.
atrium::test::CliResult atriumCli(const TestDatabase& t, const std::filesystem::path& pluginDir, std::vector<std::string> args) {
  args.insert(args.begin(), {"--set", "plugins.dir=" + pluginDir.string(), "--set", "plugins.safeModeFaults=3"});
  return atrium::test::runAtrium(t, std::move(args));
}

std::string fixture(const std::string& name) { return std::string(ATRIUM_FIXTURE_PLUGINS_DIR) + "/" + name + ".so"; }

} // namespace

TEST_CASE("atrium plugins list shows every plugin with its state and reason", "[backend][plugins][cli]") {
  TestDatabase t;
  auto r = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"plugins", "list"});
  INFO(r.err);
  CHECK(r.exit == 0);
  CHECK_THAT(r.out, Catch::Contains("hello\t1.0.0\tactive\n"));
  CHECK_THAT(r.out, Catch::Contains("abi_major_mismatch\t") && Catch::Contains("failed\tbuilt for ABI 2.0, this kernel speaks 1.2"));
  auto json = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"--json", "plugins", "list"});
  CHECK_THAT(json.out, Catch::Contains(R"("id":"unmet_requires")") && Catch::Contains(R"("state":"failed","reason":"requires hello >=2.0.0, 1.0.0 installed")"));

  auto disable = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"plugins", "disable", "hello"});
  CHECK(disable.exit == 0);
  CHECK_THAT(atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"plugins", "list"}).out, Catch::Contains("hello\t1.0.0\tdisabled\tdisabled by an administrator"));
  auto unknown = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"plugins", "enable", "nope"});
  CHECK(unknown.exit == 1);
  CHECK_THAT(unknown.err, Catch::Contains("no plugin 'nope' is installed"));
  auto info = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"plugins", "info", "records_plugin"});
  CHECK_THAT(info.out, Catch::Contains("hooks:    booking.created@1 privacy.erase@1") || Catch::Contains("booking.created@1"));
}

TEST_CASE("atrium plugins list and info show a suspension after errors with the last fault and enable lifts it", "[backend][plugins][cli]") {
  TestDatabase t;
  REQUIRE(atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"demo"}).exit == 0);
  REQUIRE(atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"features", "enable", "throwing_hook", "--business", "demo"}).exit == 0);
  { // what a running node records when the plugin faults five times for the demo
    auto c = t.db().acquire();
    c->execute("UPDATE business_features SET suspended_at = 1900000000000000, suspended_reason = 'suspended after 5 faults' "
               "WHERE plugin_id = 'throwing_hook'");
    c->execute("INSERT INTO plugin_installations (plugin_id, available, safe_mode, updated_at, last_fault, last_fault_at) "
               "VALUES ('throwing_hook', 1, 0, 1, 'booking.validate@1: status 6: fixture boom', 1900000000000000)");
  }
  auto list = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"plugins", "list"});
  CHECK_THAT(list.out, Catch::Contains("throwing_hook\t1.0.0\tsuspended\tsuspended for 1 business; `atrium plugins enable throwing_hook` "
                                       "lifts it\tlast fault: booking.validate@1: status 6: fixture boom\n"));
  auto info = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"plugins", "info", "throwing_hook"});
  CHECK_THAT(info.out, Catch::Contains("last fault: booking.validate@1: status 6: fixture boom (2030-03-17T17:46:40Z)"));
  auto json = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"--json", "plugins", "list"});
  CHECK_THAT(json.out, Catch::Contains(R"("state":"suspended")") && Catch::Contains(R"("suspended_businesses":1)"));
  auto features = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"--json", "features", "list", "--business", "demo"});
  CHECK_THAT(features.out, Catch::Contains(R"("id":"throwing_hook")") && Catch::Contains(R"("suspended":true)"));

  auto lift = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"plugins", "enable", "throwing_hook"});
  CHECK(lift.exit == 0);
  CHECK_THAT(lift.out, Catch::Contains("no longer suspended anywhere"));
  CHECK_THAT(atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"plugins", "list"}).out, Catch::Contains("throwing_hook\t1.0.0\tactive\t"));
}

TEST_CASE("atrium plugins list shows a duplicated plugin id once, naming the ignored library", "[backend][plugins][cli]") {
  TestDatabase t;
  auto dir = t.directory() / "plugins";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(fixture("conflicting"), dir / "conflicting.so");
  std::filesystem::copy_file(fixture("conflicting"), dir / "conflicting_copy.so");
  auto r = atriumCli(t, dir, {"plugins", "list"});
  INFO(r.err);
  CHECK(r.exit == 0);
  CHECK(r.out == "conflicting\t1.0.0\tactive\tduplicate plugin id 'conflicting': conflicting_copy.so ignored, "
                 "conflicting.so already provides it\n");
  auto json = atriumCli(t, dir, {"--json", "plugins", "list"});
  CHECK_THAT(json.out, Catch::StartsWith(R"([{"id":"conflicting",)") && Catch::Contains(R"("file":"conflicting.so","state":"active")") &&
                           Catch::Contains(R"("ignored":["duplicate plugin id 'conflicting': conflicting_copy.so ignored)") &&
                           !Catch::Contains(R"(},{"id":"conflicting")"));
}

TEST_CASE("atrium features enable, configure and disable per business", "[backend][plugins][cli]") {
  TestDatabase t;
  REQUIRE(atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"demo"}).exit == 0);
  auto badConfig = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"features", "enable", "hello", "--business", "demo", "--config", R"({"remember_days":999})"});
  CHECK(badConfig.exit == 1);
  CHECK_THAT(badConfig.err, Catch::Contains("remember_days must be at most 365"));
  auto on = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"features", "enable", "hello", "--business", "demo"});
  INFO(on.err);
  CHECK(on.exit == 0);
  auto conflict = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"features", "enable", "conflicting", "--business", "demo"});
  CHECK(conflict.exit == 1);
  CHECK_THAT(conflict.err, Catch::Contains("conflicts with hello"));
  auto list = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"--json", "features", "list", "--business", "demo"});
  CHECK_THAT(list.out, Catch::Contains(R"("id":"hello","name":"Hello","enabled":true)"));
  CHECK(atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"features", "disable", "hello", "--business", "demo"}).exit == 0);
  auto noBusiness = atriumCli(t, ATRIUM_FIXTURE_PLUGINS_DIR, {"features", "list", "--business", "nope"});
  CHECK(noBusiness.exit == 1);
  CHECK_THAT(noBusiness.err, Catch::Contains("no business with slug 'nope'"));
}

TEST_CASE("atrium plugin check passes a well-behaved plugin", "[plugins][cli]") {
  TestDatabase t;
  auto r = atriumCli(t, t.directory(), {"plugin", "check", fixture("records_plugin"), "--config", R"({"label":"Desk"})"});
  INFO(r.out << r.err);
  CHECK(r.exit == 0);
  CHECK_THAT(r.out, Catch::Contains("ok    load: records_plugin 1.0.0, ABI 1.2"));
  CHECK_THAT(r.out, Catch::Contains("ok    booking.created@1: handled"));
  CHECK_THAT(r.out, Catch::Contains("ok    erasure: no record mentions the erased client or staff user"));
  CHECK_THAT(r.out, Catch::Contains(" passed, 0 failed"));
  auto hello = atriumCli(t, t.directory(), {"plugin", "check", fixture("hello")});
  CHECK(hello.exit == 0);
  CHECK_THAT(hello.out, Catch::Contains("ok    booking.validate@1: handled"));
}

TEST_CASE("atrium plugin check fails broken plugins with a readable report", "[plugins][cli]") {
  TestDatabase t;
  auto cap = atriumCli(t, t.directory(), {"plugin", "check", fixture("capability_violation")});
  CHECK(cap.exit == 1);
  CHECK_THAT(cap.out, Catch::Contains("FAIL  capabilities: called host functions it did not declare: record_put"));
  auto thrower = atriumCli(t, t.directory(), {"plugin", "check", fixture("throwing_hook")});
  CHECK(thrower.exit == 1);
  CHECK_THAT(thrower.out, Catch::Contains("FAIL  booking.validate@1: faulted on the sample payload"));
  auto abi = atriumCli(t, t.directory(), {"plugin", "check", fixture("abi_major_mismatch")});
  CHECK(abi.exit == 1);
  CHECK_THAT(abi.out, Catch::Contains("FAIL  load: abi_major_mismatch.so: built for ABI 2.0, this kernel speaks 1.2"));
  auto noConfig = atriumCli(t, t.directory(), {"plugin", "check", fixture("records_plugin")});
  CHECK(noConfig.exit == 1);
  CHECK_THAT(noConfig.out, Catch::Contains("label is required"));
  auto missing = atriumCli(t, t.directory(), {"plugin", "check", "/nonexistent/x.so"});
  CHECK(missing.exit == 1);
}
