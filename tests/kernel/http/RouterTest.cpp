#include "http/Router.h"

#include <catch2/catch.hpp>

using atrium::http::Request;
using atrium::http::Response;
using atrium::http::Router;

TEST_CASE("routes match literal segments and capture parameters", "[http]") {
  Router router;
  auto ok = [](Request&) { return Response{}; };
  router.add("GET", "/api/v1/public/{slug}/services", ok);
  router.add("POST", "/api/v1/public/{slug}/bookings", ok);
  router.add("GET", "/api/v1/public/{slug}/bookings", ok);

  Request r;
  r.method = "GET";
  r.path = "/api/v1/public/demo/services";
  auto m = router.match(r);
  REQUIRE(m.route);
  CHECK(m.route->pattern == "/api/v1/public/{slug}/services");
  CHECK(r.param("slug") == "demo");

  Request trailing{"GET", "/api/v1/public/demo/services/", {}, {}, {}, nullptr};
  CHECK(router.match(trailing).route); // a trailing slash is the same resource

  Request wrongMethod{"DELETE", "/api/v1/public/demo/bookings", {}, {}, {}, nullptr};
  auto m2 = router.match(wrongMethod);
  CHECK_FALSE(m2.route);
  CHECK(m2.allowedMethods == std::vector<std::string>{"POST", "GET"});

  Request unknown{"GET", "/api/v1/public/demo", {}, {}, {}, nullptr};
  auto m3 = router.match(unknown);
  CHECK_FALSE(m3.route);
  CHECK(m3.allowedMethods.empty());

  CHECK_THROWS_AS(router.add("GET", "/api/v1/public/{slug}/services", ok), std::invalid_argument);
}
