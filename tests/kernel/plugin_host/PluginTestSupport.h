#pragma once
#include "auth/UserAccounts.h"
#include "base/Business.h"
#include "plugin_services/PluginSystem.h"
#include "store/Migrator.h"
#include "TestDatabase.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace atrium::test {

/// A migrated test database, a business, and a plugin system ("node") loading the given
/// fixture libraries (copied into a directory of their own), or all of them.
struct PluginWorld {
  TestDatabase database;
  core::ManualClock clock{1'900'000'000'000'000};
  std::filesystem::path pluginDir;
  base::Business business;
  std::unique_ptr<plugin_services::PluginSystem> plugins;

  explicit PluginWorld(const std::vector<std::string>& libraries = {}, int safeModeFaults = 5) {
    store::Migrator(database.db()).migrate();
    pluginDir = database.directory() / "plugins";
    std::filesystem::create_directories(pluginDir);
    for (const auto& entry : std::filesystem::directory_iterator(ATRIUM_FIXTURE_PLUGINS_DIR)) {
      auto stem = entry.path().stem().string();
      bool wanted = libraries.empty() || std::find(libraries.begin(), libraries.end(), stem) != libraries.end();
      if (wanted && entry.path().extension() == ".so") std::filesystem::copy_file(entry.path(), pluginDir / entry.path().filename());
    }
    base::BusinessDirectory directory(database.db(), clock);
    business = directory.create({0, "plugin-world", "Plugin World", "Europe/Berlin", "en", {}, {}, 0, 0});
    plugins = node(safeModeFaults);
  }

  /// Another kernel on the same database (a second node).
  std::unique_ptr<plugin_services::PluginSystem> node(int safeModeFaults = 5) {
    plugin_host::PluginRegistry::Settings s;
    s.directory = pluginDir;
    s.safeModeFaults = safeModeFaults;
    auto system = std::make_unique<plugin_services::PluginSystem>(database.db(), clock, s);
    system->loadAll();
    return system;
  }

  /// The business as a request would load it now (fresh features_version).
  plugin_host::BusinessRef ref() {
    business = *base::BusinessDirectory(database.db(), clock).findBySlug(business.slug);
    return {business.id, business.featuresVersion, business.name, business.timeZone, business.locale};
  }
};

/// A booking.validate / booking.created payload for client `clientId` with a note.
inline plugin_host::PayloadBuilder bookingPayload(const std::string& clientId, const std::string& note,
                                                  const std::string& bookingId = "501") {
  return [=](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    rapidjson::Value b(rapidjson::kObjectType);
    b.AddMember("id", rapidjson::Value(bookingId.c_str(), a), a);
    b.AddMember("service_id", "11", a);
    b.AddMember("staff_id", "12", a);
    b.AddMember("client_id", rapidjson::Value(clientId.c_str(), a), a);
    b.AddMember("start_us", INT64_C(1900000000000000), a);
    b.AddMember("end_us", INT64_C(1900001800000000), a);
    b.AddMember("note", rapidjson::Value(note.c_str(), a), a);
    b.AddMember("source", "public_page", a);
    d.AddMember("operation", "create", a);
    d.AddMember("booking", b, a);
  };
}

} // namespace atrium::test
