// Two libraries of the plugins directory declaring the same plugin id: the first (by file
// name) is the plugin, the second is ignored with a note naming both files, and the id is
// listed once wherever plugins are listed.
#include "ApiWorld.h"
#include "PluginTestSupport.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

using namespace atrium;

namespace {

/// conflicting.so and a copy of it, conflicting_copy.so (sorted after it), in `dir`. A file
/// already there stays: it may be mapped by a running node.
void installTwice(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  auto original = std::filesystem::path(ATRIUM_FIXTURE_PLUGINS_DIR) / "conflicting.so";
  std::filesystem::copy_file(original, dir / "conflicting.so", std::filesystem::copy_options::skip_existing);
  std::filesystem::copy_file(original, dir / "conflicting_copy.so", std::filesystem::copy_options::skip_existing);
}

template <typename Rows, typename Id>
std::size_t rowsWithId(const Rows& rows, const std::string& id, Id idOf) {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [&](const auto& r) { return idOf(r) == id; }));
}

} // namespace

TEST_CASE("a second library with the same plugin id is ignored and named beside the first", "[backend][plugins]") {
  test::PluginWorld w({"conflicting"});
  installTwice(w.pluginDir);
  auto node = w.node();
  auto& registry = node->registry();

  auto rows = registry.list();
  CHECK(rowsWithId(rows, "conflicting", [](const auto& r) { return r.id; }) == 1);
  auto info = registry.info("conflicting");
  REQUIRE(info);
  CHECK(info->state == plugin_host::PluginState::Active);
  CHECK(info->file == "conflicting.so");
  CHECK(info->reason.empty());
  REQUIRE(info->ignored.size() == 1);
  CHECK(info->ignored[0] == "duplicate plugin id 'conflicting': conflicting_copy.so ignored, conflicting.so already provides it");

  auto features = node->features().list(w.ref());
  CHECK(rowsWithId(features, "conflicting", [](const auto& f) { return f.pluginId; }) == 1);
}

TEST_CASE("the features and admin plugins APIs list a duplicated plugin id once", "[backend][api][plugins]") {
  test::TestDatabase scratch; // only for a directory of its own
  auto dir = scratch.directory() / "plugins";
  installTwice(dir);
  test::ApiWorld w(dir.string());
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  w.user(std::nullopt, "root@atrium.example", auth::Role::InstallationAdmin);

  auto features = w.signedIn(b, "owner@demo.example").get("/api/v1/features");
  REQUIRE(features.status == 200);
  auto featureList = features.json();
  std::size_t featureRows = 0;
  for (const auto& f : featureList["features"].GetArray()) featureRows += std::string(f["id"].GetString()) == "conflicting";
  CHECK(featureRows == 1);

  auto root = w.browser();
  root.login("", "root@atrium.example", test::kPassword);
  auto plugins = root.get("/api/v1/admin/plugins");
  REQUIRE(plugins.status == 200);
  auto pluginList = plugins.json();
  std::size_t pluginRows = 0;
  for (const auto& p : pluginList["plugins"].GetArray()) {
    if (std::string(p["id"].GetString()) != "conflicting") continue;
    ++pluginRows;
    CHECK(std::string(p["state"].GetString()) == "active");
    REQUIRE(p["ignored"].Size() == 1);
    std::string note = p["ignored"][0].GetString();
    CHECK_THAT(note, Catch::Contains("conflicting_copy.so") && Catch::Contains("conflicting.so already provides it"));
  }
  CHECK(pluginRows == 1);
}
