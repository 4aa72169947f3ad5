// delete_history without a kernel (FakeHost): enabling schedules the hourly job, disabling
// cancels it, and the job asks history.purge@1 for what ended `days` before now (cancelled
// bookings by their own setting, legal holds excluded), batch after batch until no more.
#include <atrium/sdk/testing/FakeHost.hpp>

#include <string>

#include <catch2/catch.hpp>

using atrium::sdk::Subject;
using atrium::sdk::testing::FakeHost;

namespace {
constexpr std::int64_t kDay = 24LL * 3600 * 1000 * 1000;
constexpr std::int64_t kHour = 3600LL * 1000 * 1000;
}

TEST_CASE("delete_history: enabling schedules the hourly purge and disabling cancels it", "[delete_history][fakehost]") {
  FakeHost fake;
  fake.init(atrium_plugin_entry_v1()).orThrow();
  REQUIRE(fake.call("business.feature_enabled@1", R"({"actor": {"kind": "staff", "id": "1"}, "config": {}})").ok());
  REQUIRE(fake.jobs().count("purge") == 1);
  CHECK(fake.jobs().at("purge").intervalUs == kHour);
  CHECK(fake.jobs().at("purge").runAtUs == fake.now());
  REQUIRE(fake.call("business.feature_disabled@1", R"({"actor": {"kind": "staff", "id": "1"}})").ok());
  CHECK(fake.jobs().empty());
}

TEST_CASE("delete_history: a paused business purges nothing", "[delete_history][fakehost]") {
  FakeHost fake;  // paused is true by default
  fake.init(atrium_plugin_entry_v1()).orThrow();
  REQUIRE(fake.call("business.feature_enabled@1", "{}").ok());
  CHECK(fake.runJob("purge").ok());
  CHECK(fake.domainCalls().empty());
}

TEST_CASE("delete_history: the job purges with the configured cut-offs and holds until no more is due", "[delete_history][fakehost]") {
  FakeHost fake;
  fake.setConfig(R"({"days": 30, "cancelled_days": 7, "paused": false})");
  int batches = 0;
  fake.onDomain("history.purge@1", [&](const std::string&) {
    ++batches;
    return std::make_pair(ATRIUM_OK, std::string(R"({"bookings": 100, "clients": 3, "more": )") +
                                         (batches < 3 ? "true" : "false") + R"(, "oldest_end_us": 0})");
  });
  fake.putRecord({"holds", "client:42", Subject::client("42"), R"({"reason": "dispute"})"});
  fake.putRecord({"holds", "booking:9", Subject::none(), R"({"reason": "audit"})"});
  fake.init(atrium_plugin_entry_v1()).orThrow();
  REQUIRE(fake.call("business.feature_enabled@1", "{}").ok());
  const std::int64_t now = fake.now();
  REQUIRE(fake.runJob("purge").ok());

  REQUIRE(fake.domainCalls().size() == 3);
  auto params = atrium::sdk::parseJson(fake.domainCalls()[0].paramsJson).value();
  CHECK(fake.domainCalls()[0].callId == "history.purge@1");
  CHECK(params["ended_before_us"].GetInt64() == now - 30 * kDay);
  CHECK(params["cancelled_ended_before_us"].GetInt64() == now - 7 * kDay);
  CHECK(params["dry_run"].GetBool() == false);
  REQUIRE(params["held_clients"].Size() == 1);
  CHECK(std::string(params["held_clients"][0].GetString()) == "42");
  REQUIRE(params["held_bookings"].Size() == 1);
  CHECK(std::string(params["held_bookings"][0].GetString()) == "9");

  // the run's report: counts only, subject none, and audited
  auto runs = fake.records("runs");
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].subject.kind == atrium::sdk::SubjectKind::None);
  auto report = atrium::sdk::parseJson(runs[0].valueJson).value();
  CHECK(report["bookings"].GetInt64() == 300);
  CHECK(report["clients"].GetInt64() == 9);
  CHECK(report["cutoff_us"].GetInt64() == now - 30 * kDay);
  CHECK(report["completed"].GetBool());
  REQUIRE(fake.audits().size() == 1);
  CHECK(fake.audits()[0].action == "delete_history.run");
  // the periodic job moves on by an hour
  CHECK(fake.jobs().at("purge").runAtUs == now + kHour);
}

TEST_CASE("delete_history: a failing purge faults the run so the kernel retries it", "[delete_history][fakehost]") {
  FakeHost fake;
  fake.setConfig(R"({"paused": false})");
  fake.onDomain("history.purge@1", [](const std::string&) {
    return std::make_pair(ATRIUM_UNAVAILABLE, std::string("database down"));
  });
  fake.init(atrium_plugin_entry_v1()).orThrow();
  REQUIRE(fake.call("business.feature_enabled@1", "{}").ok());
  auto out = fake.runJob("purge");
  CHECK(out.status == atrium::sdk::StatusCode::Unavailable);
  CHECK(fake.records("runs").empty());
  CHECK(fake.jobs().at("purge").runAtUs == fake.now()); // still due
}

TEST_CASE("delete_history: holds are listed with their client's name to owners and admins only", "[delete_history][fakehost]") {
  FakeHost fake;
  fake.onDomain("client.get@1", [](const std::string& params) {
    auto id = std::string(atrium::sdk::stringAt(atrium::sdk::parseJson(params).value(), "client_id"));
    if (id == "42") return std::make_pair(ATRIUM_OK, std::string(R"({"client": {"id": "42", "display_name": "Mia Chen", "locale": "en", "created_at_us": 0}})"));
    if (id == "43") return std::make_pair(ATRIUM_OK, std::string(R"({"client": {"id": "43", "display_name": "", "locale": "en", "created_at_us": 0}})"));
    return std::make_pair(ATRIUM_NOT_FOUND, std::string());
  });
  fake.putRecord({"holds", "client:42", Subject::client("42"), R"({"reason": "dispute", "at_us": 1, "by": "1"})"});
  fake.putRecord({"holds", "client:43", Subject::client("43"), R"({"reason": "erased since", "at_us": 1, "by": "1"})"});
  fake.putRecord({"holds", "booking:9", Subject::client("42"), R"({"reason": "audit", "at_us": 1, "by": "1"})"});
  fake.putRecord({"holds", "booking:10", Subject::none(), R"({"reason": "no client", "at_us": 1, "by": "1"})"});
  fake.init(atrium_plugin_entry_v1()).orThrow();
  auto listed = fake.request("GET", "holds");
  REQUIRE(listed.httpStatus() == 200);
  auto body = listed.responseJson();
  const auto& holds = body["holds"];
  REQUIRE(holds.Size() == 4);
  auto hold = [&](const std::string& key) -> const rapidjson::Value& {
    for (const auto& h : holds.GetArray())
      if (key == h["key"].GetString()) return h;
    FAIL("no hold " << key);
    return holds[0];
  };
  CHECK(std::string(hold("client:42")["client_name"].GetString()) == "Mia Chen");
  CHECK(std::string(hold("client:42")["client_id"].GetString()) == "42");
  CHECK(std::string(hold("client:42")["reason"].GetString()) == "dispute");
  CHECK(std::string(hold("booking:9")["client_name"].GetString()) == "Mia Chen"); // the booking's client, from the record's subject
  CHECK(hold("client:43")["client_name"].IsNull());                                // erased: no name left
  CHECK(hold("booking:10")["client_id"].IsNull());
  CHECK(hold("booking:10")["client_name"].IsNull());
  // names are personal data: a staff member without the owner or admin role gets none
  atrium::sdk::testing::FakeRequest staff;
  staff.principalJson = R"({"kind":"staff","id":"5","roles":["staff"],"label":"staff"})";
  auto refused = fake.request("GET", "holds", staff);
  CHECK(refused.httpStatus() == 403);
  CHECK(refused.patch.find("Mia") == std::string::npos);
}
