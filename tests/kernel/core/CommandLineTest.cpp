#include "core/CommandLine.h"

#include <catch2/catch.hpp>

using atrium::core::CommandLine;
using atrium::core::CommandOptions;
using atrium::core::ConfigError;

TEST_CASE("global options are parsed in both spellings and kept in order", "[cli]") {
  const char* argv[] = {"atrium", "--config", "a.properties", "--set=http.port=1", "--set", "log.level=debug",
                        "--data-dir=/tmp/x", "--port", "9", "--json", "business", "list"};
  auto cl = CommandLine::parse(12, argv);
  CHECK(cl.sources.file == "a.properties");
  REQUIRE(cl.sources.overrides.size() == 4);
  CHECK(cl.sources.overrides[0] == std::pair<std::string, std::string>{"http.port", "1"});
  CHECK(cl.sources.overrides[1] == std::pair<std::string, std::string>{"log.level", "debug"});
  CHECK(cl.sources.overrides[2] == std::pair<std::string, std::string>{"data.dir", "/tmp/x"});
  CHECK(cl.sources.overrides[3] == std::pair<std::string, std::string>{"http.port", "9"});
  CHECK(cl.json);
  CHECK(cl.arguments == std::vector<std::string>{"business", "list"});
}

TEST_CASE("options after the command belong to the command", "[cli]") {
  const char* argv[] = {"atrium", "--data-dir", "/d", "features", "enable", "x", "--config", "{}", "--json"};
  auto cl = CommandLine::parse(9, argv);
  CHECK(cl.sources.file.empty());
  CHECK(cl.json);
  CHECK(cl.arguments == std::vector<std::string>{"features", "enable", "x", "--config", "{}"});
  const char* unknown[] = {"atrium", "--colour", "status"};
  CHECK_THROWS_WITH(CommandLine::parse(3, unknown), Catch::Contains("unknown option --colour"));
}

TEST_CASE("bad global options name the problem", "[cli]") {
  const char* noValue[] = {"atrium", "--config"};
  CHECK_THROWS_WITH(CommandLine::parse(2, noValue), Catch::Contains("--config needs a value"));
  const char* badSet[] = {"atrium", "--set", "novalue"};
  CHECK_THROWS_WITH(CommandLine::parse(3, badSet), Catch::Contains("key=value"));
}

TEST_CASE("command options accept only what the command knows", "[cli]") {
  std::vector<std::string> args{"business", "create", "--slug", "x", "--name=Y Z"};
  CommandOptions opts(args, 2, {"slug", "name"});
  CHECK(opts.required("slug") == "x");
  CHECK(opts.required("name") == "Y Z");
  CHECK(opts.optional("locale", "en") == "en");
  CHECK_THROWS_WITH(opts.required("locale"), Catch::Contains("--locale is required"));
  std::vector<std::string> bad{"business", "create", "--colour", "red"};
  CHECK_THROWS_WITH(CommandOptions(bad, 2, {"slug"}), Catch::Contains("unknown option --colour"));
}
