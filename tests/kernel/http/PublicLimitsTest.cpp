// What anonymous callers of the booking pages can do is bounded: requests and bookings per
// client address, bookings per business, upcoming bookings per email, how far ahead, and
// emails per recipient. And staff book only the clients they may see.
#include "ApiWorld.h"
#include "SmtpSink.h"

#include <catch2/catch.hpp>

using namespace atrium;
using test::ApiWorld;
using test::kPassword;

namespace {

struct Shop {
  ApiWorld& w;
  base::Business b;
  std::string svc;
  int minute = 0;
  explicit Shop(ApiWorld& world) : w(world), b(w.business("demo")) {
    w.provider(b, "ana");
    svc = std::to_string(w.service(b, 30).id);
  }
  /// A public booking from `address` for `email`, each at a new time on 2030-03-26 or later.
  test::ApiResult book(const std::string& address, const std::string& email, const std::string& start = {}) {
    auto c = w.browser();
    c.headers["X-Forwarded-For"] = address;
    std::string when = start;
    if (when.empty()) {
      int slot = minute++;
      char buf[32];
      std::snprintf(buf, sizeof buf, "2030-03-%02dT%02d:%02d:00Z", 26 + slot / 16, 9 + (slot % 16) / 2, (slot % 2) * 30);
      when = buf;
    }
    return c.post("/api/v1/public/demo/bookings", R"({"service_id":")" + svc + R"(","start":")" + when +
                                                      R"(","client":{"name":"Someone","email":")" + email + R"("}})");
  }
};

std::string code(const test::ApiResult& r) {
  auto d = r.json();
  return d.IsObject() && d.HasMember("error") ? d["error"]["code"].GetString() : "";
}

} // namespace

TEST_CASE("one address books at most public.bookingsPerHourPerAddress times an hour, with Retry-After", "[backend][api][security]") {
  ApiWorld w({}, [](test::WorldSettings& s) { s.api.publicBookingsPerHourPerAddress = 3; });
  Shop shop(w);
  for (int i = 0; i < 3; ++i) CHECK(shop.book("203.0.113.5", "a" + std::to_string(i) + "@example.com").status == 201);
  auto refused = shop.book("203.0.113.5", "a9@example.com");
  CHECK(refused.status == 429);
  CHECK(code(refused) == "too_many_requests");
  CHECK(std::stoi(refused.headers["Retry-After"]) > 3000); // the rest of the hour
  CHECK(shop.book("198.51.100.1", "b@example.com").status == 201); // another address is not held back
  w.clock.advanceSeconds(3601);
  CHECK(shop.book("203.0.113.5", "a10@example.com").status == 201);
}

TEST_CASE("a business takes at most public.bookingsPerMinutePerBusiness public bookings a minute", "[backend][api][security]") {
  ApiWorld w({}, [](test::WorldSettings& s) { s.api.publicBookingsPerMinutePerBusiness = 2; });
  Shop shop(w);
  CHECK(shop.book("203.0.113.1", "a@example.com").status == 201);
  CHECK(shop.book("203.0.113.2", "b@example.com").status == 201);
  auto refused = shop.book("203.0.113.3", "c@example.com");
  CHECK(refused.status == 429);
  CHECK_FALSE(refused.headers["Retry-After"].empty());
  w.clock.advanceSeconds(61);
  CHECK(shop.book("203.0.113.3", "c@example.com").status == 201);
}

TEST_CASE("one address reads a business's public pages at most public.requestsPerMinute times a minute", "[backend][api][security]") {
  ApiWorld w({}, [](test::WorldSettings& s) { s.api.publicRequestsPerMinute = 5; });
  Shop shop(w);
  auto c = w.browser();
  c.headers["X-Forwarded-For"] = "203.0.113.9";
  for (int i = 0; i < 5; ++i) CHECK(c.get("/api/v1/public/demo/services").status == 200);
  auto refused = c.get("/api/v1/public/demo/services");
  CHECK(refused.status == 429);
  CHECK(refused.headers["Retry-After"] == "60");
  auto other = w.browser();
  other.headers["X-Forwarded-For"] = "203.0.113.10";
  CHECK(other.get("/api/v1/public/demo/services").status == 200);
}

TEST_CASE("one email holds at most booking.maxPendingPerEmail upcoming bookings at a business", "[backend][api][security]") {
  ApiWorld w({}, [](test::WorldSettings& s) { s.api.maxPendingPerEmail = 2; });
  Shop shop(w);
  CHECK(shop.book("203.0.113.1", "victim@example.com").status == 201);
  CHECK(shop.book("203.0.113.2", "Victim@Example.com").status == 201); // the same address, however written
  auto refused = shop.book("203.0.113.3", "victim@example.com");
  CHECK(refused.status == 429);
  CHECK(code(refused) == "too_many_bookings");
  CHECK(shop.book("203.0.113.3", "someone.else@example.com").status == 201);
}

TEST_CASE("the booking page takes bookings up to the business's horizon, which its owner sets", "[backend][api][security]") {
  ApiWorld w;
  Shop shop(w);
  w.user(shop.b, "owner@demo.example", auth::Role::Owner);
  w.user(shop.b, "sam@demo.example", auth::Role::Staff);
  // the clock is 2030-03-25: a year and a bit later is beyond the default 365 days
  auto far = shop.book("203.0.113.1", "a@example.com", "2031-05-06T09:00:00Z");
  CHECK(far.status == 422);
  CHECK_THAT(far.body, Catch::Contains("at most 365 days ahead") && Catch::Contains(R"("field":"start")"));
  CHECK(shop.book("203.0.113.1", "a@example.com", "9999-12-31T09:00:00Z").status == 422);
  auto slots = w.browser().get("/api/v1/public/demo/slots?service=" + shop.svc + "&from=2031-05-05&to=2031-05-06");
  CHECK(slots.status == 200);
  CHECK_THAT(slots.body, Catch::Contains(R"("slots":[])"));

  auto owner = w.signedIn(shop.b, "owner@demo.example");
  CHECK(owner.call("PATCH", "/api/v1/business", R"({"booking_horizon_days":0})").status == 422);
  CHECK(owner.call("PATCH", "/api/v1/business", R"({"booking_horizon_days":3651})").status == 422);
  auto staff = w.signedIn(shop.b, "sam@demo.example");
  CHECK(staff.call("PATCH", "/api/v1/business", R"({"booking_horizon_days":800})").status == 403);
  auto changed = owner.call("PATCH", "/api/v1/business", R"({"booking_horizon_days":800})");
  REQUIRE(changed.status == 200);
  CHECK_THAT(changed.body, Catch::Contains(R"("booking_horizon_days":800)"));
  CHECK_THAT(owner.get("/api/v1/me").body, Catch::Contains(R"("booking_horizon_days":800)"));
  CHECK(shop.book("203.0.113.1", "a@example.com", "2031-05-06T09:00:00Z").status == 201);
  CHECK_THAT(owner.get("/api/v1/audit?limit=20").body, Catch::Contains("business.settings_changed"));
}

TEST_CASE("staff book only clients they may see, and see the ones they create", "[backend][api][security]") {
  ApiWorld w;
  auto b = w.business("demo");
  auto svc = std::to_string(w.service(b, 30).id);
  w.provider(b, "ana");
  w.provider(b, "ben");
  auto mia = w.client(b, "mia"); // the business's client, not ana's
  auto c = w.signedIn(b, "ana@demo.example");
  auto booking = [&](const std::string& clientId, const std::string& start) {
    return c.post("/api/v1/bookings", R"({"service_id":")" + svc + R"(","client_id":")" + clientId + R"(","start":")" + start + R"("})");
  };
  auto refused = booking(std::to_string(mia.id), "2030-03-26T09:00:00Z");
  CHECK(refused.status == 404);
  CHECK(c.get("/api/v1/clients/" + std::to_string(mia.id)).status == 404); // still hidden
  auto mine = c.post("/api/v1/clients", R"({"name":"New Walk-in","email":"walkin@example.com"})");
  REQUIRE(mine.status == 201);
  std::string mineId = mine.json()["id"].GetString();
  CHECK(c.get("/api/v1/clients/" + mineId).status == 200); // whoever creates a client sees it
  CHECK_THAT(c.post("/api/v1/clients/search", R"({"q":"walk"})").body, Catch::Contains("New Walk-in"));
  CHECK(booking(mineId, "2030-03-26T09:00:00Z").status == 201);
}

TEST_CASE("one address gets at most notify.maxEmailsPerRecipientPerHour emails an hour", "[backend][notify][security]") {
  test::SmtpSink smtp(test::makeTempDirectory("atrium-smtp"));
  ApiWorld w({}, [&](test::WorldSettings& s) {
    s.kernel.notify.smtp.host = "127.0.0.1";
    s.kernel.notify.smtp.port = smtp.port();
    s.kernel.notify.smtp.from = "Atrium <bookings@atrium.test>";
    s.kernel.notify.maxEmailsPerRecipientPerHour = 2;
  });
  Shop shop(w);
  for (int i = 0; i < 4; ++i) CHECK(shop.book("203.0.113." + std::to_string(i + 1), "target@example.com").status == 201);
  w.api->notifier().deliverDue();
  CHECK(smtp.messages().size() == 2);
  auto lease = w.database.db().acquire();
  CHECK(lease->queryOne("SELECT COUNT(*) FROM outbox WHERE state = 'suppressed' AND last_error LIKE '%in the last hour%'")->getInt(0) == 2);
}
