// visit_limit (a fixture plugin written from docs/sdk.md alone) end to end on a real kernel:
// enabled with max_future 2, a client who typed the same email twice on the booking page is
// refused the third booking with the message that reveals nothing, another email still books,
// the staff route counts the refusal, and a business without the plugin is not affected.
#include "ApiWorld.h"

#include <catch2/catch.hpp>

using namespace atrium;
using test::ApiWorld;

namespace {

std::string bookingBody(const booking::Service& svc, const std::string& start, const std::string& email) {
  return R"({"service_id":")" + std::to_string(svc.id) + R"(","start":"2030-03-26T)" + start +
         R"(:00Z","client":{"name":"Zoë Park","email":")" + email + R"("}})";
}

} // namespace

TEST_CASE("visit_limit refuses a third upcoming booking by the same email and tells nothing", "[backend][plugins][api]") {
  ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
  auto a = w.business("alpha");
  auto z = w.business("zulu");
  w.provider(a, "ana");
  w.provider(z, "zed");
  auto svcA = w.service(a, 30);
  auto svcZ = w.service(z, 30);
  w.user(a, "owner@alpha.example", auth::Role::Owner);
  auto owner = w.signedIn(a, "owner@alpha.example");
  auto enabled = owner.post("/api/v1/features/visit_limit/enable", R"({"config":{"max_future":2}})");
  INFO(enabled.body);
  REQUIRE(enabled.status == 200);

  auto anon = w.browser();
  CHECK(anon.post("/api/v1/public/alpha/bookings", bookingBody(svcA, "09:00", "zoe@example.com")).status == 201);
  CHECK(anon.post("/api/v1/public/alpha/bookings", bookingBody(svcA, "10:00", "Zoe@Example.com")).status == 201);
  auto third = anon.post("/api/v1/public/alpha/bookings", bookingBody(svcA, "11:00", "zoe@example.com"));
  INFO(third.body);
  CHECK(third.status == 422);
  CHECK_THAT(third.body, Catch::Contains("You can't book more appointments online right now; please contact us."));
  CHECK_THAT(third.body, !Catch::Contains("2 upcoming"));

  // another person is not held to Zoë's bookings
  CHECK(anon.post("/api/v1/public/alpha/bookings", bookingBody(svcA, "11:00", "max@example.com")).status == 201);

  auto stats = owner.get("/api/v1/plugins/visit_limit/stats");
  CHECK(stats.status == 200);
  CHECK(stats.body == R"({"refusals":1})");
  CHECK(anon.get("/api/v1/plugins/visit_limit/stats").status == 401); // staff only

  // zulu did not enable it: the same email books three times
  for (const char* start : {"09:00", "10:00", "11:00"})
    CHECK(anon.post("/api/v1/public/zulu/bookings", bookingBody(svcZ, start, "zoe@example.com")).status == 201);
}
