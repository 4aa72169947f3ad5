#include "core/Config.h"
#include "TestDatabase.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using atrium::core::Config;
using atrium::core::ConfigError;

namespace {

/// Sets an environment variable for the scope of one test.
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) { ::setenv(name.c_str(), value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

std::string writeFile(const std::filesystem::path& dir, const std::string& text) {
  auto path = dir / "atrium.properties";
  std::ofstream(path) << text;
  return path.string();
}

} // namespace

TEST_CASE("configuration layers: default < file < environment < command line", "[config]") {
  auto dir = atrium::test::makeTempDirectory("atrium-config");
  Config::Sources sources;
  sources.file = writeFile(dir, "http.port = 9001\nhttp.threads = 64\nlog.level = warn\n");

  SECTION("the file overrides defaults") {
    auto c = Config::load(sources);
    CHECK(c.getInt("http.port", 0, 65535) == 9001);
    CHECK(c.getInt("database.pool.size", 1, 100) == 16); // default kept
    CHECK(c.sourceOf("http.port") == sources.file);
    CHECK(c.sourceOf("database.pool.size") == "default");
  }
  SECTION("the environment overrides the file") {
    ScopedEnv env("ATRIUM_HTTP_PORT", "9002");
    auto c = Config::load(sources);
    CHECK(c.getInt("http.port", 0, 65535) == 9002);
    CHECK(c.sourceOf("http.port") == "environment");
    CHECK(c.getInt("http.threads", 1, 1000) == 64);
  }
  SECTION("--set overrides the environment") {
    ScopedEnv env("ATRIUM_HTTP_PORT", "9002");
    sources.overrides = {{"http.port", "9003"}};
    auto c = Config::load(sources);
    CHECK(c.getInt("http.port", 0, 65535) == 9003);
    CHECK(c.sourceOf("http.port") == "command line");
  }
  SECTION("camelCase keys map to upper-case environment names") {
    CHECK(Config::environmentName("database.pool.timeoutMs") == "ATRIUM_DATABASE_POOL_TIMEOUTMS");
    ScopedEnv env("ATRIUM_DATABASE_POOL_TIMEOUTMS", "1234");
    CHECK(Config::load(sources).getInt("database.pool.timeoutMs", 1, 100000) == 1234);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("configuration mistakes are refused with the key and the source", "[config]") {
  auto dir = atrium::test::makeTempDirectory("atrium-config");
  Config::Sources sources;

  SECTION("unknown key in the file") {
    sources.file = writeFile(dir, "http.prot = 9001\n");
    REQUIRE_THROWS_WITH(Config::load(sources), Catch::Contains("unknown configuration key 'http.prot'") &&
                                                   Catch::Contains(sources.file));
  }
  SECTION("unknown key on the command line") {
    sources.file = "-";
    sources.overrides = {{"databse.backend", "mysql"}};
    REQUIRE_THROWS_WITH(Config::load(sources), Catch::Contains("databse.backend") && Catch::Contains("command line"));
  }
  SECTION("missing explicit file") {
    sources.file = (dir / "nope.properties").string();
    REQUIRE_THROWS_WITH(Config::load(sources), Catch::Contains("configuration file not found"));
  }
  SECTION("a number that is not one, or out of range") {
    auto c = Config::fromOverrides({{"http.port", "80a"}, {"http.threads", "0"}});
    REQUIRE_THROWS_WITH(c.getInt("http.port", 0, 65535), Catch::Contains("http.port must be a whole number"));
    REQUIRE_THROWS_WITH(c.getInt("http.threads", 2, 10000), Catch::Contains("between 2 and 10000"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("every configuration key is documented in docs/admin.md", "[config][docs]") {
  std::ifstream in(std::string(ATRIUM_SOURCE_DIR) + "/docs/admin.md");
  REQUIRE(in.good());
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& key : Config::knownKeys()) {
    INFO(key.name);
    CHECK(doc.find("`" + std::string(key.name) + "`") != std::string::npos);
  }
}

TEST_CASE("the shipped configuration files load", "[config]") {
  for (const char* file : {"/config/atrium.properties", "/config/atrium-mysql.properties.example"}) {
    Config::Sources sources;
    sources.file = std::string(ATRIUM_SOURCE_DIR) + file;
    sources.readEnvironment = false;
    INFO(file);
    CHECK_NOTHROW(Config::load(sources));
  }
}
