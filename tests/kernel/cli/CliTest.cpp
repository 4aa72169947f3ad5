#include "AtriumCli.h"
#include "cli/Context.h"

#include <catch2/catch.hpp>

using atrium::test::runAtrium;
using atrium::test::TestDatabase;


TEST_CASE("atrium business create and list", "[backend][cli]") {
  TestDatabase t;
  auto created = runAtrium(t, {"business", "create", "--slug", "mia-salon", "--name", "Mia's Salon", "--time-zone",
                            "Asia/Taipei", "--locale", "zh-TW"});
  INFO(created.err);
  CHECK(created.exit == 0);
  auto listed = runAtrium(t, {"--json", "business", "list"});
  CHECK(listed.exit == 0);
  CHECK_THAT(listed.out, Catch::Contains(R"("slug":"mia-salon","name":"Mia's Salon","time_zone":"Asia/Taipei","locale":"zh-TW")"));

  auto again = runAtrium(t, {"business", "create", "--slug", "mia-salon", "--name", "Copy"});
  CHECK(again.exit == 1);
  CHECK_THAT(again.err, Catch::Contains("a business with this slug already exists"));

  auto badZone = runAtrium(t, {"business", "create", "--slug", "x-y-z", "--name", "X", "--time-zone", "Nowhere/Land"});
  CHECK(badZone.exit == 1);
  CHECK_THAT(badZone.err, Catch::Contains("time_zone must be an IANA time zone"));

  auto missing = runAtrium(t, {"business", "create", "--name", "No slug"});
  CHECK(missing.exit == 2);
  CHECK_THAT(missing.err, Catch::Contains("--slug is required"));
}

TEST_CASE("atrium demo creates the demo once and prints the login", "[backend][cli]") {
  TestDatabase t;
  auto first = runAtrium(t, {"demo"});
  INFO(first.err);
  CHECK(first.exit == 0);
  CHECK_THAT(first.out, Catch::Contains("owner@demo-clinic.example") && Catch::Contains("one-time password"));
  CHECK_THAT(first.out, Catch::Contains("installation admin: admin@demo-clinic.example"));
  auto second = runAtrium(t, {"--json", "demo"});
  CHECK(second.exit == 0);
  CHECK_THAT(second.out, Catch::Contains(R"("created":false)"));
  CHECK_THAT(second.out, !Catch::Contains("one_time_password"));
  auto listed = runAtrium(t, {"business", "list"});
  CHECK_THAT(listed.out, Catch::Contains("demo\tDemo Clinic\tEurope/London\ten"));
  auto status = runAtrium(t, {"--json", "status"});
  CHECK_THAT(status.out, Catch::Contains(R"("businesses":1)"));
}

TEST_CASE("atrium user create reads the password from stdin and explains refusals", "[backend][cli]") {
  TestDatabase t;
  REQUIRE(runAtrium(t, {"demo"}).exit == 0);
  auto ok = runAtrium(t, {"user", "create", "--business", "demo", "--email", "ana@example.com", "--name", "Ana", "--role", "staff"},
                   "tulip lantern orbit 42\n");
  INFO(ok.err);
  CHECK(ok.exit == 0);
  CHECK_THAT(ok.out, Catch::Contains("created staff user"));

  auto weak = runAtrium(t, {"user", "create", "--business", "demo", "--email", "bo@example.com", "--name", "Bo", "--role", "staff"},
                     "password1234\n");
  CHECK(weak.exit == 1);
  CHECK_THAT(weak.err, Catch::Contains("commonly used passwords"));

  auto noBusiness = runAtrium(t, {"user", "create", "--business", "nope", "--email", "c@example.com", "--name", "C", "--role", "staff"},
                           "tulip lantern orbit 42\n");
  CHECK(noBusiness.exit == 1);
  CHECK_THAT(noBusiness.err, Catch::Contains("no business with slug 'nope'"));

  auto badRole = runAtrium(t, {"user", "create", "--business", "demo", "--email", "d@example.com", "--name", "D", "--role", "king"},
                        "tulip lantern orbit 42\n");
  CHECK(badRole.exit == 1);
  CHECK_THAT(badRole.err, Catch::Contains("role must be owner, admin, staff, installation_admin or support"));

  auto admin = runAtrium(t, {"--json", "user", "create", "--email", "root@example.com", "--name", "Root", "--role", "installation_admin"},
                      "tulip lantern orbit 42\n");
  CHECK(admin.exit == 0);
  CHECK_THAT(admin.out, Catch::Contains(R"("role":"installation_admin")"));
}

TEST_CASE("atrium migrate is idempotent", "[backend][cli]") {
  TestDatabase t;
  auto first = runAtrium(t, {"migrate"});
  CHECK(first.exit == 0);
  auto second = runAtrium(t, {"--json", "migrate"});
  CHECK(second.exit == 0);
  CHECK_THAT(second.out, Catch::Contains(R"("schema_version":)"));
}

TEST_CASE("atrium usage errors exit 2 with a message", "[cli]") {
  TestDatabase t;
  auto unknown = runAtrium(t, {"frobnicate"});
  CHECK(unknown.exit == 2);
  CHECK_THAT(unknown.err, Catch::Contains("unknown command 'frobnicate'"));
  auto badKey = runAtrium(t, {"--set", "http.portt=1", "status"});
  CHECK(badKey.exit == 2);
  CHECK_THAT(badKey.err, Catch::Contains("unknown configuration key 'http.portt'"));
  auto badBackend = runAtrium(t, {"--set", "database.backend=oracle", "status"});
  CHECK(badBackend.exit == 2);
  CHECK_THAT(badBackend.err, Catch::Contains("database.backend must be sqlite or mysql"));
  auto extra = runAtrium(t, {"status", "--verbose"});
  CHECK(extra.exit == 2);
}

TEST_CASE("atrium reports an unreachable MariaDB clearly", "[cli]") {
  TestDatabase t;
  auto r = runAtrium(t, {"--set", "database.backend=mysql", "--set", "database.mysql.port=1", "--set",
                      "database.mysql.connectTimeoutSeconds=2", "status"});
  CHECK(r.exit == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot connect to MySQL/MariaDB at 127.0.0.1:1"));
}

TEST_CASE("atrium wires the kernel as atriumd does: plugins it loads have their domain calls", "[backend][cli][plugins]") {
  TestDatabase t;
  REQUIRE(runAtrium(t, {"demo"}).exit == 0);
  std::vector<std::string> full{"atrium", "--config", "-"};
  for (const auto& [key, value] : t.configOverrides()) full.insert(full.end(), {"--set", key + "=" + value});
  std::vector<const char*> argv;
  for (const auto& a : full) argv.push_back(a.c_str());
  auto commandLine = atrium::core::CommandLine::parse(static_cast<int>(argv.size()), argv.data());
  std::istringstream in;
  std::ostringstream out;
  atrium::cli::Context ctx(commandLine, in, out);
  auto lease = ctx.database().acquire();
  auto row = lease->queryOne("SELECT id, business_id FROM bookings ORDER BY id LIMIT 1");
  REQUIRE(row);
  const auto& handler = ctx.plugins().host().domainHandler();
  REQUIRE(handler); // before app::Kernel, the CLI loaded plugins without domain calls: every one UNIMPLEMENTED
  auto mine = handler(row->getInt(1), "a_plugin", "booking.get@1", R"({"booking_id":")" + std::to_string(row->getInt(0)) + R"("})");
  CHECK(mine.status == ATRIUM_OK);
  CHECK_THAT(mine.json, Catch::Contains(R"("id":")" + std::to_string(row->getInt(0)) + "\""));
  auto other = handler(row->getInt(1) + 1000, "a_plugin", "booking.get@1", R"({"booking_id":")" + std::to_string(row->getInt(0)) + R"("})");
  CHECK(other.status == ATRIUM_NOT_FOUND); // scoped to the calling business
}
