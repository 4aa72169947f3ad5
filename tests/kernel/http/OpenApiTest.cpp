// docs/openapi.yaml must stay true: every route the server registers is documented there,
// and it documents no route the server lacks.
#include "ApiWorld.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>

TEST_CASE("every registered route is in docs/openapi.yaml and nothing else is", "[api][docs]") {
  std::ifstream in(std::string(ATRIUM_SOURCE_DIR) + "/docs/openapi.yaml");
  REQUIRE(in.good());
  std::set<std::string> documented;
  std::string line, path;
  bool inPaths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      inPaths = true;
      continue;
    }
    if (inPaths && !line.empty() && line[0] != ' ') inPaths = false;
    if (!inPaths) continue;
    if (line.size() > 3 && line.rfind("  /", 0) == 0 && line.back() == ':') path = line.substr(2, line.size() - 3);
    for (const char* m : {"get", "post", "put", "patch", "delete"})
      if (line == std::string("    ") + m + ":") {
        std::string method = m;
        for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        documented.insert(method + " " + path);
      }
  }
  atrium::test::ApiWorld w;
  std::set<std::string> registered;
  for (const auto& route : w.router.routes()) { // {name*} (rest of the path) is written {name} in OpenAPI
    std::string pattern = route.pattern;
    if (auto star = pattern.find("*}"); star != std::string::npos) pattern.erase(star, 1);
    registered.insert(route.method + " " + pattern);
  }
  for (const auto& r : registered) {
    INFO("registered but not documented: " << r);
    CHECK(documented.count(r) == 1);
  }
  for (const auto& d : documented) {
    INFO("documented but not registered: " << d);
    CHECK(registered.count(d) == 1);
  }
}
