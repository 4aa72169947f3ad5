// What plugins add over HTTP and in the background: their routes (through http.request@1,
// only for businesses that enabled them), scheduled jobs (once per tick across nodes),
// domain calls scoped to the business, and web assets.
#include "ApiWorld.h"

#include <catch2/catch.hpp>

using namespace atrium;
using test::ApiWorld;

TEST_CASE("plugin routes answer only for businesses that enabled the plugin", "[backend][plugins][api]") {
  ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
  auto a = w.business("alpha");
  auto z = w.business("zulu");
  w.user(a, "owner@alpha.example", auth::Role::Owner);
  w.user(z, "owner@zulu.example", auth::Role::Owner);
  auto mia = w.client(a, "mia");
  auto zoe = w.client(z, "zoe");
  auto anon = w.browser();
  CHECK(anon.get("/api/v1/public/alpha/plugins/routes_plugin/greeting").status == 404); // not enabled yet

  auto owner = w.signedIn(a, "owner@alpha.example");
  REQUIRE(owner.post("/api/v1/features/routes_plugin/enable", "").status == 200);
  auto hello = anon.get("/api/v1/public/alpha/plugins/routes_plugin/greeting");
  CHECK(hello.status == 200);
  CHECK(hello.body == R"({"hello":"Business alpha"})");
  CHECK(anon.get("/api/v1/public/zulu/plugins/routes_plugin/greeting").status == 404); // zulu did not enable it

  CHECK(anon.get("/api/v1/plugins/routes_plugin/clients/" + std::to_string(mia.id)).status == 401); // staff route
  auto name = owner.get("/api/v1/plugins/routes_plugin/clients/" + std::to_string(mia.id));
  CHECK(name.status == 200);
  CHECK(name.body == R"({"name":"mia"})");
  // the domain call is scoped to the calling business: zulu's client is not found from alpha
  CHECK(owner.get("/api/v1/plugins/routes_plugin/clients/" + std::to_string(zoe.id)).status == 404);
  auto echo = owner.post("/api/v1/plugins/routes_plugin/echo", R"({"x":1})");
  CHECK(echo.status == 201);
  CHECK_THAT(echo.body, Catch::Contains(R"("echo":"{\"x\":1}")"));
  CHECK(owner.call("POST", "/api/v1/plugins/routes_plugin/echo", "{}", "application/json", false).status == 403); // CSRF as ever

  auto zuluOwner = w.signedIn(z, "owner@zulu.example");
  CHECK(zuluOwner.get("/api/v1/plugins/routes_plugin/clients/" + std::to_string(zoe.id)).status == 404);
}

TEST_CASE("plugin jobs run once per tick across nodes and only while enabled", "[backend][plugins]") {
  ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
  auto a = w.business("alpha");
  base::Business b; // BusinessRef views its strings: they must outlive the dispatch
  auto ref = [&] {
    b = *w.businesses.findBySlug("alpha");
    return plugin_host::BusinessRef{b.id, b.featuresVersion, b.name, b.timeZone, b.locale};
  };
  w.plugins->features().enable(ref(), "routes_plugin", std::nullopt, {"staff", "1"}); // schedules "tick" every minute
  plugin_host::PluginRegistry::Settings s;
  s.directory = ATRIUM_FIXTURE_PLUGINS_DIR;
  plugin_services::PluginSystem nodeB(w.database.db(), w.clock, s);
  nodeB.loadAll();

  auto ticks = [&] {
    auto lease = w.database.db().acquire();
    return lease->queryOne("SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'routes_plugin' AND collection = 'ticks'")->getInt(0);
  };
  CHECK(w.plugins->runDueJobs() + nodeB.runDueJobs() == 1); // due now: one node runs it
  CHECK(ticks() == 1);
  CHECK(w.plugins->runDueJobs() + nodeB.runDueJobs() == 0); // next run in a minute
  w.clock.advanceSeconds(61);
  CHECK(nodeB.runDueJobs() + w.plugins->runDueJobs() == 1);
  CHECK(ticks() == 2);

  w.plugins->features().disable(ref(), "routes_plugin", {"staff", "1"});
  w.clock.advanceSeconds(61);
  w.plugins->runDueJobs();
  CHECK(ticks() == 2); // disabled: the job waits
}

TEST_CASE("plugin web assets are served from their web folder and nowhere else", "[plugins][api]") {
  ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
  auto c = w.browser();
  auto js = c.get("/plugins/routes_plugin/js/panel.js");
  CHECK(js.status == 200);
  CHECK(js.headers["Content-Type"] == "text/javascript; charset=utf-8");
  CHECK_THAT(js.body, Catch::Contains("hello from routes_plugin"));
  CHECK(c.get("/plugins/routes_plugin/js/missing.js").status == 404);
  CHECK(c.get("/plugins/routes_plugin/../hello.so").status == 404);
  CHECK(c.get("/plugins/routes_plugin/%2e%2e/%2e%2e/hello.so").status == 404);
  CHECK(c.get("/plugins/abi_major_mismatch/x.js").status == 404); // failed plugins serve nothing
  CHECK(c.get("/plugins/nobody/x.js").status == 404);
}

namespace {

/// An anonymous client's booking on `slug`'s public page, at a new slot each time.
test::ApiResult bookAnonymously(ApiWorld& w, const std::string& slug, const std::string& serviceId, int slot) {
  auto c = w.browser();
  c.headers["X-Forwarded-For"] = "203.0.113." + std::to_string(1 + slot % 200);
  char when[32];
  std::snprintf(when, sizeof when, "2030-03-%02dT%02d:%02d:00Z", 26 + slot / 16, 9 + (slot % 16) / 2, (slot % 2) * 30);
  return c.post("/api/v1/public/" + slug + "/bookings", R"({"service_id":")" + serviceId + R"(","start":")" + when +
                                                            R"(","client":{"name":"Someone","email":"someone)" + std::to_string(slot) +
                                                            R"(@example.org"}})");
}

std::int64_t bookingsOf(ApiWorld& w, const base::Business& b) {
  auto lease = w.database.db().acquire();
  return lease->queryOne("SELECT COUNT(*) FROM bookings WHERE business_id = ?", {b.id})->getInt(0);
}

} // namespace

TEST_CASE("a faulting plugin driven by anonymous requests never lets a booking through and is suspended for that business only",
          "[backend][plugins][api][security]") {
  ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
  auto a = w.business("alpha");
  auto z = w.business("zulu");
  w.provider(a, "ana");
  w.provider(z, "zed");
  std::string aService = std::to_string(w.service(a, 30).id), zService = std::to_string(w.service(z, 30).id);
  w.user(a, "owner@alpha.example", auth::Role::Owner);
  w.user(z, "owner@zulu.example", auth::Role::Owner);
  auto alphaOwner = w.signedIn(a, "owner@alpha.example");
  REQUIRE(alphaOwner.post("/api/v1/features/throwing_hook/enable", "").status == 200);

  // An attacker sends bookings: every one is refused, none is stored, and after the fault
  // limit the plugin is no longer even called (suspended for alpha), yet still refuses.
  for (int i = 0; i < 12; ++i) {
    auto r = bookAnonymously(w, "alpha", aService, i);
    INFO(r.body);
    CHECK(r.status == 503);
    CHECK_THAT(r.body, Catch::Contains("\"unavailable\"") && !Catch::Contains("boom"));
  }
  CHECK(bookingsOf(w, a) == 0);
  CHECK(w.plugins->registry().faultCount("throwing_hook") == 5);
  auto features = alphaOwner.get("/api/v1/features").json();
  bool shown = false;
  for (const auto& f : features["features"].GetArray())
    if (std::string(f["id"].GetString()) == "throwing_hook") {
      shown = true;
      CHECK(f["enabled"].GetBool()); // still enabled: it keeps guarding
      CHECK(f["suspended"].GetBool());
    }
  CHECK(shown);

  // Another business is not affected: it books; and enabling the plugin there starts from no faults.
  CHECK(bookAnonymously(w, "zulu", zService, 0).status == 201);
  auto zuluOwner = w.signedIn(z, "owner@zulu.example");
  REQUIRE(zuluOwner.post("/api/v1/features/throwing_hook/enable", "").status == 200);
  CHECK(bookAnonymously(w, "zulu", zService, 1).status == 503);
  CHECK(w.plugins->registry().faultCount("throwing_hook") == 6); // zulu's request reached the plugin: not suspended there
  CHECK(bookingsOf(w, z) == 1);

  // The administrator sees it with its last fault, and lifting it makes alpha's requests reach the plugin again.
  w.user(std::nullopt, "root@atrium.example", auth::Role::InstallationAdmin);
  auto admin = w.browser();
  admin.login("", "root@atrium.example", test::kPassword);
  auto list = admin.get("/api/v1/admin/plugins").json();
  for (const auto& p : list["plugins"].GetArray())
    if (std::string(p["id"].GetString()) == "throwing_hook") {
      CHECK(std::string(p["state"].GetString()) == "suspended");
      CHECK(p["suspended_businesses"].GetInt() == 1);
      CHECK_THAT(p["last_fault"].GetString(), Catch::Contains("booking.validate@1: status 6: fixture boom"));
    }
  CHECK(admin.post("/api/v1/admin/plugins/throwing_hook/enable", "").status == 200);
  CHECK(bookAnonymously(w, "alpha", aService, 20).status == 503);
  CHECK(w.plugins->registry().faultCount("throwing_hook") == 7);
  CHECK(bookingsOf(w, a) == 0);
}

TEST_CASE("booking.validate@1 is shown who books and the provider actually claimed", "[backend][plugins][api]") {
  ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
  auto a = w.business("alpha");
  auto ana = w.provider(a, "ana");
  auto bob = w.provider(a, "bob");
  auto svc = w.service(a, 30);
  w.user(a, "owner@alpha.example", auth::Role::Owner);
  auto owner = w.signedIn(a, "owner@alpha.example");
  auto mia = w.client(a, "mia"); // a returning client: mia@example.com
  std::int64_t ten = w.at(a, "2030-03-26", 10);
  w.book(a, svc, ana, ten, mia.id); // ana is busy at 10:00 (booked before the plugin)
  REQUIRE(owner.post("/api/v1/features/validate_probe/enable", R"({"config":{"refuse_staff_id":")" + std::to_string(bob) + R"("}})").status == 200);

  auto seen = [&](int n) {
    auto lease = w.database.db().acquire();
    auto row = lease->queryOne("SELECT value_json, subject_kind, subject_id FROM plugin_records WHERE plugin_id = 'validate_probe' "
                               "AND collection = 'seen' AND record_key = ?", {std::to_string(n)});
    REQUIRE(row);
    rapidjson::Document d;
    d.Parse(row->getText(0).c_str());
    return std::make_tuple(std::string(d["client_id"].GetString()), d["client_verified"].GetBool(), std::string(d["staff_id"].GetString()),
                           std::string(d["locale"].GetString()), row->getText(1));
  };
  auto publicBooking = [&](const std::string& start, const std::string& email, const std::string& locale) {
    auto c = w.browser();
    return c.post("/api/v1/public/alpha/bookings", R"({"service_id":")" + std::to_string(svc.id) + R"(","start":")" + start +
                                                       R"(","locale":")" + locale + R"(","client":{"name":"Someone","email":")" + email + R"("}})");
  };

  // (6) 10:00 with any provider: ana is taken, so the booking would land on bob, whom the
  // plugin refuses. The candidate that is claimed is the one validated: refused, nothing made.
  auto refused = publicBooking("2030-03-26T10:00:00Z", "new@example.org", "en");
  CHECK(refused.status == 422);
  CHECK_THAT(refused.body, Catch::Contains("not with this staff member"));
  CHECK(std::get<2>(seen(2)) == std::to_string(bob)); // ana (seen/1) conflicted; bob was checked before his claim
  CHECK(std::get<2>(seen(1)) == std::to_string(ana));

  // (3) A returning client typing her email on the public page is known, but not verified.
  auto returning = publicBooking("2030-03-26T11:00:00Z", "MIA@example.com", "zh-TW");
  CHECK(returning.status == 201);
  auto [client, verified, staff, locale, subjectKind] = seen(3);
  CHECK(client == std::to_string(mia.id));
  CHECK_FALSE(verified);
  CHECK(staff == std::to_string(ana));
  CHECK(locale == "zh-TW"); // the reader's language, not the business's
  CHECK(subjectKind == "client");
  // A new email: no client yet.
  REQUIRE(publicBooking("2030-03-26T12:00:00Z", "fresh@example.org", "en").status == 201);
  CHECK(std::get<0>(seen(4)).empty());
  CHECK_FALSE(std::get<1>(seen(4)));
  // The back office chooses the client: verified; the reader's language from Accept-Language.
  owner.headers["Accept-Language"] = "zh-TW,zh;q=0.9";
  auto backOffice = owner.post("/api/v1/bookings", R"({"service_id":")" + std::to_string(svc.id) + R"(","provider_id":")" +
                                                       std::to_string(ana) + R"(","client_id":")" + std::to_string(mia.id) +
                                                       R"(","start":"2030-03-26T13:00:00Z"})");
  CHECK(backOffice.status == 201);
  CHECK(std::get<0>(seen(5)) == std::to_string(mia.id));
  CHECK(std::get<1>(seen(5)));
  CHECK(std::get<3>(seen(5)) == "zh-TW");
}
