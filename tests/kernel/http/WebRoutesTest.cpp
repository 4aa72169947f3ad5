// The pages and their files as a browser meets them: served from web.root with a CSP that
// forbids inline script, and nothing outside the folder.
#include "ApiClient.h"
#include "TestDatabase.h"

#include "http/Metrics.h"
#include "http/Server.h"
#include "http/WebRoutes.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace atrium;

namespace {

void write(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

struct WebServer {
  std::filesystem::path dir = test::makeTempDirectory("atrium-web");
  http::Router router;
  http::Metrics metrics;
  std::unique_ptr<http::Server> server;
  WebServer() {
    write(dir / "web/app/index.html", "<!doctype html><title>back office</title>");
    write(dir / "web/book/index.html", "<!doctype html><title>booking page</title>");
    write(dir / "web/book/manage.html", "<!doctype html><title>manage</title>");
    write(dir / "web/static/core/atrium.js", "export const x = 1;");
    write(dir / "web/static/i18n/core.en.json", "{}");
    write(dir / "web/static/.secret", "hidden");
    write(dir / "outside.txt", "not a page");
    http::addWebRoutes(router, dir / "web");
    http::ServerSettings s;
    s.port = 0;
    s.threads = 4;
    server = std::make_unique<http::Server>(s, router, metrics);
    server->start();
  }
  ~WebServer() {
    server.reset();
    std::filesystem::remove_all(dir);
  }
  test::ApiClient browser() { return test::ApiClient(server->port()); }
};

} // namespace

TEST_CASE("pages are served with a CSP that allows no inline script and no framing", "[web]") {
  WebServer web;
  auto c = web.browser();
  for (const char* path : {"/app/", "/b/demo", "/b/demo/manage/12"}) {
    auto page = c.get(path);
    INFO(path);
    REQUIRE(page.status == 200);
    CHECK(page.headers["Content-Type"] == "text/html; charset=utf-8");
    const auto& csp = page.headers["Content-Security-Policy"];
    CHECK_THAT(csp, Catch::Contains("script-src 'self'") && Catch::Contains("frame-ancestors 'none'") &&
                        Catch::Contains("object-src 'none'") && Catch::Contains("base-uri 'none'"));
    CHECK_THAT(csp, !Catch::Contains("unsafe-inline") && !Catch::Contains("unsafe-eval"));
    CHECK(page.headers["X-Content-Type-Options"] == "nosniff");
    CHECK(page.headers["Referrer-Policy"] == "no-referrer");
    CHECK(page.headers["Cache-Control"] == "no-store");
  }
  CHECK_THAT(c.get("/b/demo").body, Catch::Contains("booking page"));
  auto root = c.get("/");
  CHECK(root.status == 302);
  CHECK(root.headers["Location"] == "/app/");
}

TEST_CASE("page files: right types, nothing hidden or outside web.root", "[web]") {
  WebServer web;
  auto c = web.browser();
  auto js = c.get("/static/core/atrium.js");
  CHECK(js.status == 200);
  CHECK(js.headers["Content-Type"] == "text/javascript; charset=utf-8");
  CHECK(js.headers["Cache-Control"] == "no-cache");
  CHECK(c.get("/static/i18n/core.en.json").headers["Content-Type"] == "application/json");
  for (const char* path : {"/static/.secret", "/static/../outside.txt", "/static/%2e%2e/outside.txt", "/static/core/../../outside.txt",
                           "/static/missing.js", "/static/core"}) {
    INFO(path);
    auto r = c.get(path);
    CHECK(r.status == 404);
    CHECK_THAT(r.body, !Catch::Contains("not a page") && !Catch::Contains("hidden"));
  }
  CHECK(c.get("/app/missing").status == 404);
}
