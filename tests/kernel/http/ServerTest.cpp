// The HTTP layer over real loopback sockets: health, JSON errors, limits, keep-alive
// capacity and graceful shutdown.
#include "http/HttpError.h"
#include "http/JsonBody.h"
#include "http/Server.h"
#include "http/SystemRoutes.h"
#include "store/DatabaseError.h"
#include "HttpClient.h"
#include "TestDatabase.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/SocketImpl.h>
#include <Poco/StreamCopier.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <future>
#include <sstream>
#include <thread>
#include <vector>

using namespace atrium;
using test::httpRequest;

namespace {

/// A server on a free port with the system routes plus a few test routes.
struct TestServer {
  test::TestDatabase database;
  http::Metrics metrics;
  http::Router router;
  std::unique_ptr<http::Server> server;
  std::atomic<int> slowRequestsStarted{0};

  explicit TestServer(int threads = 64, const std::function<void(http::ServerSettings&)>& tune = {}) {
    http::addSystemRoutes(router, metrics, database.db(), "test");
    router.add("GET", "/test/slow", [this](http::Request& r) {
      ++slowRequestsStarted;
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(r.query.at("ms"))));
      return http::Response::json(200, R"({"slow":true})");
    });
    router.add("POST", "/test/echo", [](http::Request& r) { return http::Response::json(200, r.body); });
    router.add("POST", "/test/json", [](http::Request& r) { // read as every API route reads a body
      http::JsonBody body(r, {"name", "tags"});
      return http::Response::json(200, R"({"name_chars":)" + std::to_string(body.string("name", 50).size()) + "}");
    });
    router.add("GET", "/test/throws", [](http::Request&) -> http::Response { throw std::runtime_error("secret@example.com"); });
    router.add("GET", "/test/refuses", [](http::Request&) -> http::Response {
      throw http::HttpError(422, "invalid", "start must be before end", "start");
    });
    router.add("GET", "/test/dbdown", [](http::Request&) -> http::Response {
      throw store::DatabaseError(store::DatabaseError::Kind::Unavailable, "lost");
    });
    http::ServerSettings settings;
    settings.port = 0;
    settings.threads = threads;
    settings.maxBodyBytes = 4096;
    if (tune) tune(settings);
    server = std::make_unique<http::Server>(settings, router, metrics);
    server->start();
  }
  std::uint16_t port() const { return server->port(); }
};

} // namespace

TEST_CASE("GET /healthz reports status, version and database", "[backend][http]") {
  TestServer s;
  auto r = httpRequest(s.port(), "GET", "/healthz");
  CHECK(r.status == 200);
  CHECK_THAT(r.body, Catch::Contains(R"("status":"ok")"));
  CHECK_THAT(r.body, Catch::Contains(R"("version":"test")"));
  std::string backend = s.database.backend() == store::Backend::Sqlite ? "sqlite" : "mysql";
  CHECK_THAT(r.body, Catch::Contains(R"("database":")" + backend + "\""));
  CHECK(r.headers["Content-Type"] == "application/json; charset=utf-8");
  CHECK(r.headers["X-Content-Type-Options"] == "nosniff");
  CHECK(r.headers["Cache-Control"] == "no-store");
}

TEST_CASE("GET /healthz answers 503 with a JSON error when the database is unreachable", "[http]") {
  store::Database broken(store::Backend::Mysql, []() -> std::unique_ptr<store::Connection> {
    throw store::DatabaseError(store::DatabaseError::Kind::Unavailable, "cannot connect");
  }, 2, std::chrono::milliseconds(100));
  http::Metrics metrics;
  http::Router router;
  http::addSystemRoutes(router, metrics, broken, "test");
  http::ServerSettings settings;
  settings.port = 0;
  http::Server server(settings, router, metrics);
  server.start();
  auto r = httpRequest(server.port(), "GET", "/healthz");
  CHECK(r.status == 503);
  CHECK_THAT(r.body, Catch::Contains(R"("status":"unavailable")"));
  CHECK_THAT(r.body, Catch::Contains(R"("error":{"code":"database_unavailable")"));
  CHECK(r.headers["Retry-After"] == "5");
}

TEST_CASE("every error is JSON with the right status", "[http]") {
  TestServer s;
  auto notFound = httpRequest(s.port(), "GET", "/no/such/thing");
  CHECK(notFound.status == 404);
  CHECK(notFound.body == R"({"error":{"code":"not_found","message":"no such resource"}})");

  auto wrongMethod = httpRequest(s.port(), "DELETE", "/healthz");
  CHECK(wrongMethod.status == 405);
  CHECK(wrongMethod.headers["Allow"] == "GET");
  CHECK_THAT(wrongMethod.body, Catch::Contains(R"("code":"method_not_allowed")"));

  auto refused = httpRequest(s.port(), "GET", "/test/refuses");
  CHECK(refused.status == 422);
  CHECK(refused.body == R"({"error":{"code":"invalid","message":"start must be before end","field":"start"}})");

  auto crashed = httpRequest(s.port(), "GET", "/test/throws");
  CHECK(crashed.status == 500);
  CHECK(crashed.body == R"({"error":{"code":"internal","message":"internal error"}})"); // no exception text leaks

  auto dbDown = httpRequest(s.port(), "GET", "/test/dbdown");
  CHECK(dbDown.status == 503);
  CHECK_THAT(dbDown.body, Catch::Contains("database_unavailable"));

  auto tooBig = httpRequest(s.port(), "POST", "/test/echo", std::string(5000, 'x'));
  CHECK(tooBig.status == 413);
  CHECK_THAT(tooBig.body, Catch::Contains("payload_too_large"));

  auto fits = httpRequest(s.port(), "POST", "/test/echo", R"({"a":1})");
  CHECK(fits.status == 200);
  CHECK(fits.body == R"({"a":1})");
}

TEST_CASE("a malformed request gets 400 and the server keeps serving", "[http]") {
  TestServer s;
  auto unknownMethod = test::rawExchange(s.port(), "THIS IS NOT HTTP\r\n\r\n");
  CHECK_THAT(unknownMethod, Catch::Contains(" 501 ") && Catch::Contains("not_implemented"));
  auto noRequestLine = test::rawExchange(s.port(), std::string(200, 'A') + "\r\n\r\n"); // Poco rejects it
  CHECK_THAT(noRequestLine, Catch::StartsWith("HTTP/1.1 400"));
  // a POST without Content-Length has an empty body; it must not hold the thread until close
  auto noLength = test::rawExchange(s.port(), "POST /test/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK_THAT(noLength, Catch::Contains(" 200 "));
  auto badUri = test::rawExchange(s.port(), "GET /%zz%%/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK_THAT(badUri, Catch::Contains(" 400 ") && Catch::Contains("bad_request"));
  CHECK(httpRequest(s.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("JSON nested 100,000 deep is refused with 400 and the server keeps serving", "[http]") {
  TestServer s;
  s.server.reset();
  http::ServerSettings settings; // a body limit that lets the whole attack in
  settings.port = 0;
  settings.threads = 8;
  settings.maxBodyBytes = 1 << 20;
  s.server = std::make_unique<http::Server>(settings, s.router, s.metrics);
  s.server->start();
  std::string deepObjects;
  for (int i = 0; i < 20'000; ++i) deepObjects += R"({"a":)";
  for (const std::string& attack : {std::string(100'000, '['), deepObjects}) {
    auto r = httpRequest(s.port(), "POST", "/test/json", attack);
    CHECK(r.status == 400);
    CHECK_THAT(r.body, Catch::Contains("nests deeper than 64 levels"));
  }
  std::string deepButWithin = R"({"name":"x","tags":)" + std::string(63, '[') + std::string(63, ']') + "}";
  CHECK(httpRequest(s.port(), "POST", "/test/json", deepButWithin).status == 200);
  std::string oneTooDeep = R"({"name":"x","tags":)" + std::string(64, '[') + std::string(64, ']') + "}";
  CHECK(httpRequest(s.port(), "POST", "/test/json", oneTooDeep).status == 400);
  CHECK(httpRequest(s.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("a JSON body is exactly one UTF-8 JSON value sent as application/json", "[http]") {
  TestServer s;
  CHECK(httpRequest(s.port(), "POST", "/test/json", R"({"name":"Ana"})").status == 200);
  CHECK(httpRequest(s.port(), "POST", "/test/json", R"({"name":"Ana"})", "application/json; charset=UTF-8").status == 200);
  // what a cross-site no-cors form or fetch can send is not JSON to this server
  for (const char* type : {"", "text/plain", "application/jsonx", "application/json-patch", "application/json; charset=latin1",
                           "application/x-www-form-urlencoded"}) {
    auto r = httpRequest(s.port(), "POST", "/test/json", R"({"name":"Ana"})", type);
    CHECK(r.status == 415);
    CHECK_THAT(r.body, Catch::Contains("unsupported_media_type"));
  }
  auto trailing = httpRequest(s.port(), "POST", "/test/json", R"({"name":"Ana"} {"name":"Bo"})");
  CHECK(trailing.status == 400);
  CHECK_THAT(trailing.body, Catch::Contains("data after its JSON value"));
  CHECK(httpRequest(s.port(), "POST", "/test/json", std::string(R"({"name":"Ana"})") + '\0' + "junk").status == 400);
  CHECK(httpRequest(s.port(), "POST", "/test/json", "{\"name\":\"An\xC3\x28" "a\"}").status == 400); // invalid UTF-8
  CHECK(httpRequest(s.port(), "POST", "/test/json", " {\"name\":\"Ana\"}\r\n").status == 200);      // whitespace is fine
}

TEST_CASE("two lengths in one request are refused, not resolved (no request smuggling)", "[http]") {
  TestServer s;
  auto twoLengths = test::rawExchange(s.port(), "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                                "Content-Length: 2\r\nContent-Length: 30\r\n\r\n{}");
  CHECK_THAT(twoLengths, Catch::StartsWith("HTTP/1.1 400") && Catch::Contains("more than one length"));
  CHECK_THAT(twoLengths, Catch::Contains("Connection: close", Catch::CaseSensitive::No));
  auto lengthAndChunked = test::rawExchange(s.port(), "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                                      "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  CHECK_THAT(lengthAndChunked, Catch::StartsWith("HTTP/1.1 400"));
  auto one = test::rawExchange(s.port(), "POST /test/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                         "Content-Length: 2\r\n\r\n{}");
  CHECK_THAT(one, Catch::StartsWith("HTTP/1.1 200"));
}

namespace {

/// A connection from `source` (any 127.x address is this machine) to the test server.
Poco::Net::StreamSocket connectFrom(const std::string& source, std::uint16_t port) {
  Poco::Net::StreamSocket s(Poco::Net::SocketAddress::IPv4);
  s.impl()->bind(Poco::Net::SocketAddress(source, 0), false);
  s.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(3, 0));
  return s;
}

/// GET /healthz on a new connection from `source`; the status line, or what went wrong, within `seconds`.
std::string healthFrom(const std::string& source, std::uint16_t port, int seconds) {
  try {
    auto s = connectFrom(source, port);
    s.setReceiveTimeout(Poco::Timespan(seconds, 0));
    std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    s.sendBytes(req.data(), static_cast<int>(req.size()));
    char buf[64] = {};
    int n = s.receiveBytes(buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)).substr(0, 12) : "closed";
  } catch (const Poco::Exception& e) {
    return e.displayText();
  }
}

/// True when the server closed `s` (a read returns 0 or fails) within `seconds`.
bool closedByServer(Poco::Net::StreamSocket& s, int seconds) {
  s.setReceiveTimeout(Poco::Timespan(seconds, 0));
  try {
    char buf[512];
    while (true) {
      int n = s.receiveBytes(buf, sizeof buf);
      if (n <= 0) return true;
    }
  } catch (const Poco::TimeoutException&) {
    return false;
  } catch (const Poco::Exception&) {
    return true; // reset
  }
}

} // namespace

TEST_CASE("300 idle connections from one address do not keep another client out", "[http][security][slow]") {
  TestServer s(64);
  std::vector<Poco::Net::StreamSocket> idle;
  for (int i = 0; i < 300; ++i) {
    try {
      idle.push_back(connectFrom("127.0.0.1", s.port()));
    } catch (const Poco::Exception&) { // refused at once: fine
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(healthFrom("127.0.0.2", s.port(), 3) == "HTTP/1.1 200");
  // the address's own extra connections were closed at accept: it holds at most 32 threads
  int closed = 0;
  for (auto& c : idle) closed += closedByServer(c, 0 + 1) ? 1 : 0;
  CHECK(closed >= 300 - 32);
}

TEST_CASE("at the per-address cap a new connection takes an idle keep-alive one's place, never a slow client's", "[http][security]") {
  TestServer s(64, [](http::ServerSettings& x) { x.maxConnectionsPerAddress = 4; });
  // a browser's pool (or an office behind one address): 4 connections, each answered once, now idle
  std::vector<Poco::Net::StreamSocket> pool;
  for (int i = 0; i < 4; ++i) {
    pool.push_back(connectFrom("127.0.0.3", s.port()));
    std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    pool.back().sendBytes(req.data(), static_cast<int>(req.size()));
    pool.back().setReceiveTimeout(Poco::Timespan(3, 0));
    char buf[512];
    REQUIRE(pool.back().receiveBytes(buf, sizeof buf) > 0);
  }
  CHECK(healthFrom("127.0.0.3", s.port(), 3) == "HTTP/1.1 200"); // the fifth is served
  int closed = 0;
  for (auto& c : pool) closed += closedByServer(c, 1) ? 1 : 0;
  CHECK(closed == 1); // the longest idle one made room; the others stay open

  // slow clients: connections that have not sent a whole head are never made room for
  std::vector<Poco::Net::StreamSocket> slow;
  for (int i = 0; i < 4; ++i) {
    slow.push_back(connectFrom("127.0.0.4", s.port()));
    slow.back().sendBytes("GET /", 5);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(healthFrom("127.0.0.4", s.port(), 2) != "HTTP/1.1 200");
  for (auto& c : slow) CHECK_FALSE(closedByServer(c, 0 + 1)); // until their head deadline
  CHECK(healthFrom("127.0.0.5", s.port(), 2) == "HTTP/1.1 200"); // everyone else is served
}

TEST_CASE("300 slow and idle connections from many addresses, more than the threads: a new client is answered at once", "[http][security][slow]") {
  TestServer s(64); // the default 10 s head deadline; 300 connections hold far more than the 64 threads
  std::vector<Poco::Net::StreamSocket> held;
  for (int i = 0; i < 300; ++i) { // 10 addresses, 30 each: under the per-address cap
    held.push_back(connectFrom("127.0.1." + std::to_string(1 + i % 10), s.port()));
    if (i % 2 == 0) held.back().sendBytes("GET /healthz HTTP/1.1\r\nX-a: b\r\n", 33); // a slow head (slowloris)
  }                                                                                     // the others idle
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // before: every thread waited for a head until its 10 s deadline, and so did this client
  CHECK(healthFrom("127.0.2.1", s.port(), 2) == "HTTP/1.1 200");
  CHECK(healthFrom("127.0.2.2", s.port(), 2) == "HTTP/1.1 200");
  // the slow and idle ones were closed to free the threads, the threads stay within the pool
  int closed = 0;
  for (auto& c : held) closed += closedByServer(c, 0 + 1) ? 1 : 0;
  CHECK(closed >= 300 - 64);
  CHECK(s.server->activeConnections() <= 64);
}

TEST_CASE("a client sending its head slowly is cut off at the head deadline", "[http][security][slow]") {
  TestServer s(64, [](http::ServerSettings& x) { x.headDeadlineMs = 1000; });
  auto slow = connectFrom("127.0.0.1", s.port());
  std::string start = "GET /healthz HTTP/1.1\r\n";
  slow.sendBytes(start.data(), static_cast<int>(start.size()));
  bool cut = false;
  for (int i = 0; i < 15 && !cut; ++i) { // a header line every 200 ms: never idle for Poco's per-read timeout
    std::string line = "X-Slow-" + std::to_string(i) + ": 1\r\n";
    try {
      slow.sendBytes(line.data(), static_cast<int>(line.size()));
    } catch (const Poco::Exception&) {
      cut = true;
      break;
    }
    slow.setReceiveTimeout(Poco::Timespan(0, 200'000));
    try {
      char b[16];
      if (slow.receiveBytes(b, sizeof b) <= 0) cut = true;
    } catch (const Poco::TimeoutException&) {
    } catch (const Poco::Exception&) {
      cut = true;
    }
  }
  CHECK(cut); // within 15 × 200 ms, the deadline being 1 s
  auto idle = connectFrom("127.0.0.1", s.port()); // an idle connection too
  CHECK(closedByServer(idle, 3));
  CHECK(healthFrom("127.0.0.1", s.port(), 3) == "HTTP/1.1 200");
}

TEST_CASE("a body sent slowly gets 408 at the body deadline", "[http][security][slow]") {
  TestServer s(64, [](http::ServerSettings& x) { x.bodyDeadlineMs = 1000; });
  auto slow = connectFrom("127.0.0.1", s.port());
  std::string head = "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n";
  slow.sendBytes(head.data(), static_cast<int>(head.size()));
  std::string answer;
  slow.setReceiveTimeout(Poco::Timespan(0, 300'000));
  for (int i = 0; i < 30 && answer.empty(); ++i) {
    try {
      slow.sendBytes(" ", 1);
    } catch (const Poco::Exception&) {
    }
    try {
      char b[256];
      int n = slow.receiveBytes(b, sizeof b);
      if (n > 0) answer.assign(b, static_cast<std::size_t>(n));
      else break;
    } catch (const Poco::TimeoutException&) {
    } catch (const Poco::Exception&) {
      break;
    }
  }
  CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 408"));
}

TEST_CASE("/metrics counts requests by route pattern and shows the pool", "[http]") {
  TestServer s;
  httpRequest(s.port(), "GET", "/healthz");
  httpRequest(s.port(), "GET", "/healthz");
  httpRequest(s.port(), "GET", "/no/such/thing");
  auto r = httpRequest(s.port(), "GET", "/metrics");
  CHECK(r.status == 200);
  CHECK_THAT(r.headers["Content-Type"], Catch::StartsWith("text/plain; version=0.0.4"));
  CHECK_THAT(r.body, Catch::Contains(R"(atrium_http_requests_total{route="/healthz",method="GET",status="200"} 2)"));
  CHECK_THAT(r.body, Catch::Contains(R"(atrium_http_requests_total{route="unmatched",method="GET",status="404"} 1)"));
  CHECK_THAT(r.body, Catch::Contains(R"(atrium_http_request_duration_seconds_count{route="/healthz",method="GET"} 2)"));
  CHECK_THAT(r.body, Catch::Contains("atrium_db_pool_max_connections 4"));
}

TEST_CASE("more keep-alive clients than Poco's default 16 threads are all served", "[http]") {
  // 40 clients, all on 127.0.0.1 here: above the per-address cap, which other tests cover
  TestServer s(64, [](http::ServerSettings& x) { x.maxConnectionsPerAddress = 100; });
  std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> sessions;
  auto get = [](Poco::Net::HTTPClientSession& session) {
    Poco::Net::HTTPRequest request("GET", "/healthz", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::ostringstream sink;
    Poco::StreamCopier::copyStream(session.receiveResponse(response), sink);
    return response.getStatus();
  };
  for (int i = 0; i < 40; ++i) { // each connection stays open and holds a worker thread
    sessions.push_back(std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", s.port()));
    sessions.back()->setKeepAlive(true);
    sessions.back()->setTimeout(Poco::Timespan(2, 0)); // a starved connection would time out
    REQUIRE(get(*sessions.back()) == 200);
  }
  for (auto& session : sessions) CHECK(get(*session) == 200); // second round on the same connections
  CHECK(s.server->activeConnections() >= 40);
}

TEST_CASE("graceful stop finishes in-flight requests and refuses new connections", "[http][slow]") {
  TestServer s;
  auto port = s.port();
  auto inFlight = std::async(std::launch::async, [port] { return httpRequest(port, "GET", "/test/slow?ms=700"); });
  for (int i = 0; i < 500 && s.slowRequestsStarted == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(s.slowRequestsStarted == 1); // the slow request is being handled
  auto started = std::chrono::steady_clock::now();
  s.server->stop(std::chrono::seconds(5));
  auto took = std::chrono::steady_clock::now() - started;
  auto result = inFlight.get();
  CHECK(result.status == 200);
  CHECK(result.body == R"({"slow":true})");
  CHECK(took < std::chrono::seconds(4)); // it waited for the request, not for the grace period
  CHECK_THROWS_AS(httpRequest(port, "GET", "/healthz"), Poco::Net::NetException);
}
