// FakeHost answers like the kernel's host table: capabilities, business-only calls, record
// versions, compare-and-set, counters, paging, expiry on the fake clock, last_error, domain
// handlers. A probe plugin compiled into this test runs whatever the test case hands it.
#include <atrium/sdk/Sdk.hpp>
#include <atrium/sdk/testing/FakeHost.hpp>

#include <functional>

#include <catch2/catch.hpp>

using namespace atrium::sdk;
using atrium::sdk::testing::FakeHost;

namespace {

std::function<void(Host&)> probe;
std::function<void(Host&)> atInit;

class Probe : public Plugin {
public:
  void init(Host& host) override {
    if (atInit) atInit(host);
  }
  FilterResult onBookingValidate(Host& host, const rapidjson::Value&) override {
    probe(host);
    return FilterResult::pass();
  }
};

constexpr const char* kManifest = R"({"id": "probe", "name": "Probe", "version": "1.0.0",
  "vendor": "Atrium", "licence": "MIT", "abi": "^1.2", "description": "test",
  "capabilities": {"hooks": ["booking.validate@1"], "host": ["records", "domain", "routes"],
                   "domain": ["client.bookings@1", "client.get@1"]},
  "config_schema": {"type": "object", "properties": {"n": {"type": "integer", "default": 3},
                                                     "s": {"type": "string"}}},
  "personal_data": [], "ui": {"en": {"name": "Probe", "description": "d"},
                              "zh-TW": {"name": "Probe", "description": "d"}}})";

/// Runs `body` inside booking.validate@1 with a fresh FakeHost `fake`.
void inHook(FakeHost& fake, std::function<void(Host&)> body) {
  probe = std::move(body);
  REQUIRE(fake.call("booking.validate@1", "{}").ok());
}

} // namespace

ATRIUM_PLUGIN(Probe, kManifest)

TEST_CASE("FakeHost: the host table is complete and the manifest's capabilities are enforced", "[sdk][fakehost]") {
  FakeHost fake;
  REQUIRE(fake.api().struct_size == sizeof(atrium_host_api));
  REQUIRE(fake.api().counter_add != nullptr);
  atInit = nullptr;
  REQUIRE(fake.init(atrium_plugin_entry_v1()).isOk());
  inHook(fake, [](Host& host) {
    Status denied = host.audit("x", Subject::none());
    CHECK(denied.code() == StatusCode::PermissionDenied);
    CHECK(denied.message().find("capability not declared") != std::string::npos);
    CHECK(host.callDomain("booking.get@1", "{}").status().code() == StatusCode::PermissionDenied);
    CHECK(host.scheduleJob({"purge"}).code() == StatusCode::PermissionDenied);
    // declared but without a handler: UNIMPLEMENTED, like an unknown call
    CHECK(host.callDomain("client.get@1", "{}").status().code() == StatusCode::Unimplemented);
    // routes only during init
    CHECK(host.registerRoute({"GET", "stats"}).code() == StatusCode::InvalidArgument);
  });
}

TEST_CASE("FakeHost: init has no business and registers routes, config defaults come from the schema", "[sdk][fakehost]") {
  FakeHost fake;
  Status inInit;
  atInit = [&](Host& host) {
    inInit = host.putRecord({"c", "k", Subject::none(), "1"});
    REQUIRE(host.registerRoute({"GET", "stats/{client_id}", Audience::Staff}).isOk());
  };
  REQUIRE(fake.init(atrium_plugin_entry_v1()).isOk());
  atInit = nullptr;
  CHECK(inInit.code() == StatusCode::InvalidArgument);
  REQUIRE(fake.routes().size() == 1);
  CHECK(fake.routes()[0].path == "stats/{client_id}");
  fake.setConfig(R"({"s": "x"})");
  inHook(fake, [](Host& host) {
    auto config = host.config().value();
    CHECK(intAt(config, "n") == 3);
    CHECK(stringAt(config, "s") == "x");
  });
}

TEST_CASE("FakeHost: records have versions, compare-and-set conflicts, counters, expiry and pages", "[sdk][fakehost]") {
  FakeHost fake;
  atInit = nullptr;
  REQUIRE(fake.init(atrium_plugin_entry_v1()).isOk());
  inHook(fake, [&](Host& host) {
    REQUIRE(host.putRecord({"notes", "a", Subject::client("7"), R"({"v":1})"}).isOk());
    auto first = host.getRecordVersioned("notes", "a").value();
    CHECK(first.version == 1);
    CHECK(host.putRecordIf({"notes", "a", Subject::client("7"), R"({"v":2})"}, 1).value() == 2);
    Result<std::int64_t> stale = host.putRecordIf({"notes", "a", Subject::client("7"), R"({"v":3})"}, 1);
    CHECK(stale.status().code() == StatusCode::Conflict);
    CHECK(stale.status().message().find("changed since it was read") != std::string::npos);
    CHECK(host.putRecordIf({"notes", "a", Subject::client("7"), "0"}, 0).status().code() == StatusCode::Conflict);
    CHECK(host.putRecordIf({"notes", "b", Subject::none(), "0"}, 0).value() == 1);

    CHECK(host.addToCounter({"count", "7", Subject::client("7")}, 1).value() == 1);
    CHECK(host.addToCounter({"count", "7", Subject::client("7")}, 2).value() == 3);
    CHECK(host.addToCounter({"notes", "a", Subject::client("7")}, 1).status().code() == StatusCode::InvalidArgument);

    // the kernel's argument checks, with the reason in the status
    Status bad = host.putRecord({"Notes!", "a", Subject::none(), "1"});
    CHECK(bad.code() == StatusCode::InvalidArgument);
    CHECK(bad.message().find("collection must match") != std::string::npos);
    CHECK(host.putRecord({"notes", "c", Subject::client("ana"), "1"}).code() == StatusCode::InvalidArgument);
    CHECK(host.putRecord({"notes", "c", Subject::none(), "{not json"}).code() == StatusCode::InvalidArgument);
    CHECK(host.getRecord("notes", "zzz").status().code() == StatusCode::NotFound);
    CHECK(host.deleteRecord("notes", "zzz").code() == StatusCode::NotFound);

    // expiry on the fake clock
    REQUIRE(host.putRecord({"tmp", "t", Subject::none(), "1", false, fake.now() + 10}).isOk());
  });
  CHECK(fake.record("count", "7")->valueJson == "3");
  CHECK(fake.record("count", "7")->subject.kind == SubjectKind::Client);
  CHECK(fake.record("tmp", "t").has_value());
  fake.advance(10);
  CHECK(!fake.record("tmp", "t").has_value());

  inHook(fake, [](Host& host) {
    for (int i = 0; i < 5; ++i) {
      const std::string key = "k" + std::to_string(i);
      REQUIRE(host.putRecord({"page", key, i % 2 ? Subject::client("8") : Subject::none(), "1"}).isOk());
    }
    RecordQuery query{"page"};
    query.limit = 2;
    auto first = host.listRecords(query).value();
    CHECK(first["records"].Size() == 2);
    CHECK(std::string(first["next_cursor"].GetString()) == "k1");
    int all = 0;
    REQUIRE(host.forEachRecord(query, [&](const rapidjson::Value&) { ++all; }).isOk());
    CHECK(all == 5);
    query.subject = Subject::client("8");
    query.limit = 0;
    auto mine = host.listRecords(query).value();
    CHECK(mine["records"].Size() == 2);
    CHECK(std::string(mine["records"][0]["subject"]["kind"].GetString()) == "client");
    CHECK(mine["next_cursor"].IsNull());
    RecordQuery prefixed{"page", "k4"};
    CHECK(host.listRecords(prefixed).value()["records"].Size() == 1);
  });
}

TEST_CASE("FakeHost: domain calls go to the author's handlers and are recorded", "[sdk][fakehost]") {
  FakeHost fake;
  atInit = nullptr;
  fake.onDomain("client.bookings@1", [](const std::string& params) {
    if (params.find("\"404\"") != std::string::npos) return std::make_pair(ATRIUM_NOT_FOUND, std::string("no such client"));
    return std::make_pair(ATRIUM_OK, std::string(R"({"bookings": [], "total": 4, "next_cursor": null})"));
  });
  REQUIRE(fake.init(atrium_plugin_entry_v1()).isOk());
  inHook(fake, [](Host& host) {
    CHECK(intAt(host.callDomain("client.bookings@1", R"({"client_id": "7"})").value(), "total") == 4);
    Status missing = host.callDomain("client.bookings@1", R"({"client_id": "404"})").status();
    CHECK(missing.code() == StatusCode::NotFound);
    CHECK(missing.message().find("no such client") != std::string::npos);
  });
  REQUIRE(fake.domainCalls().size() == 2);
  CHECK(fake.domainCalls()[0].paramsJson == R"({"client_id": "7"})");
  CHECK(fake.domainCalls()[1].status == StatusCode::NotFound);
}

TEST_CASE("FakeHost: the standard payload fields are filled and the business is switchable", "[sdk][fakehost]") {
  FakeHost fake;
  atInit = nullptr;
  REQUIRE(fake.init(atrium_plugin_entry_v1()).isOk());
  fake.business("42", "Other", "Asia/Taipei").locale("zh-TW").setNow(123);
  inHook(fake, [](Host& host) {
    CHECK(host.nowUs().value() == 123);
    REQUIRE(host.putRecord({"c", "k", Subject::none(), "1"}).isOk());
  });
  CHECK(fake.records().size() == 1);
  fake.business("1");
  CHECK(fake.records().empty());
}
