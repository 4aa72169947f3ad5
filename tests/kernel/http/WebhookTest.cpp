// Webhooks against a real HTTP receiver on loopback: signed, retried with backoff, once.
#include "ApiWorld.h"
#include "HttpSink.h"
#include "base/ServerSecrets.h"
#include "core/Errors.h"
#include "notify/Webhooks.h"
#include "core/Random.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <openssl/hmac.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <sstream>
#include <thread>

using namespace atrium;

namespace {

std::string hmacHex(const std::string& key, const std::string& message) {
  unsigned char mac[64];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  return core::toHex(std::string_view(reinterpret_cast<const char*>(mac), length));
}

} // namespace

TEST_CASE("webhooks are signed, delivered once, retried with backoff and logged", "[backend][webhooks]") {
  test::BookingWorld w;
  test::HttpSink sink;
  notify::Webhooks hooks(w.database.db(), w.clock, {true, 3, 5});
  auto b = w.business("demo");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto hook = hooks.create(b.id, sink.url(), {"booking.created", "booking.cancelled"});
  CHECK(hook.secret.size() == 64);

  auto mia = w.client(b, "mia"); // client.created is not subscribed
  auto booked = w.book(b, svc, ana, w.at(b, "2030-03-26", 9), mia.id);
  // two nodes race for the same due delivery: the lease lets one send it
  std::atomic<int> attempted{0};
  std::thread other([&] { attempted += hooks.deliverDue(); });
  attempted += hooks.deliverDue();
  other.join();
  CHECK(attempted == 1);
  auto got = sink.received();
  REQUIRE(got.size() == 1);
  CHECK(got[0].event == "booking.created");
  CHECK(got[0].signature == "sha256=" + hmacHex(hook.secret, got[0].timestamp + "." + got[0].body));
  CHECK_THAT(got[0].body, Catch::Contains(R"("booking":{"id":")" + std::to_string(booked.id) + "\""));
  CHECK_THAT(got[0].body, !Catch::Contains("mia")); // ids, never personal data
  CHECK(hooks.deliverDue() == 0); // nothing twice

  sink.status = 500;
  w.bookings.cancel(b, booked.id, std::nullopt, {"staff", "1"});
  CHECK(hooks.deliverDue() == 1);
  auto log = hooks.deliveries(b.id, hook.id, 10);
  REQUIRE(log.size() == 2);
  CHECK(log[0].state == "pending");
  CHECK(log[0].lastStatus == 500);
  CHECK(hooks.deliverDue() == 0); // backing off: not due yet
  w.clock.advanceSeconds(31);
  sink.status = 200;
  CHECK(hooks.deliverDue() == 1);
  log = hooks.deliveries(b.id, hook.id, 10);
  CHECK(log[0].state == "delivered");
  CHECK(log[0].attempts == 2);
  CHECK(sink.received().size() == 3);

  sink.status = 503; // keeps failing: given up after maxAttempts
  w.bookings.cancel(b, w.book(b, svc, ana, w.at(b, "2030-03-26", 11), mia.id).id, std::nullopt, {"staff", "1"});
  for (int i = 0; i < 6; ++i) {
    hooks.deliverDue();
    w.clock.advanceSeconds(3600);
  }
  log = hooks.deliveries(b.id, hook.id, 10);
  // that booking's created and cancelled events both gave up after 3 attempts
  CHECK(std::count_if(log.begin(), log.end(), [](const auto& d) { return d.state == "failed" && d.attempts == 3; }) == 2);
}

TEST_CASE("webhook targets are validated and private networks refused by default", "[backend][webhooks]") {
  test::BookingWorld w;
  auto b = w.business("demo");
  notify::Webhooks strict(w.database.db(), w.clock, {});
  auto refused = [&](const std::string& url, std::vector<std::string> events, const std::string& field) {
    try {
      strict.create(b.id, url, events);
      FAIL("accepted " << url);
    } catch (const core::ValidationError& e) {
      CHECK(e.field() == field);
    }
  };
  refused("http://127.0.0.1:8080/x", {"booking.created"}, "url");
  refused("http://10.1.2.3/x", {"booking.created"}, "url");
  refused("http://localhost/x", {"booking.created"}, "url");
  refused("ftp://example.com/x", {"booking.created"}, "url");
  refused("not a url", {"booking.created"}, "url");
  notify::Webhooks lenient(w.database.db(), w.clock, {true, 10, 5});
  CHECK_THROWS_AS(lenient.create(b.id, "http://127.0.0.1/x", {"booking.exploded"}), core::ValidationError);
  CHECK_THROWS_AS(lenient.create(b.id, "http://127.0.0.1/x", {}), core::ValidationError);
  CHECK_NOTHROW(lenient.create(b.id, "http://127.0.0.1/x", {"client.created"}));
}
