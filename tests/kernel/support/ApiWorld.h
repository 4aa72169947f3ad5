#pragma once
#include "ApiClient.h"
#include "BookingWorld.h"
#include "http/Api.h"
#include "http/Server.h"
#include "http/SystemRoutes.h"
#include "plugin_host/PluginSystem.h"

#include <functional>
#include <memory>

namespace atrium::test {

inline constexpr const char* kPassword = "tulip lantern orbit 42";

/// BookingWorld plus the real REST API on a loopback port (no plugins installed unless a
/// plugin directory is given), with the same manual clock.
struct ApiWorld : BookingWorld {
  std::unique_ptr<plugin_host::PluginSystem> plugins;
  std::unique_ptr<http::Api> api;
  http::Metrics metrics;
  http::Router router;
  std::unique_ptr<http::Server> server;

  explicit ApiWorld(const std::string& pluginDir = {}, const std::function<void(http::ApiSettings&)>& configure = {}) : BookingWorld(8) {
    plugin_host::PluginRegistry::Settings ps;
    ps.directory = pluginDir.empty() ? database.directory() / "no-plugins" : std::filesystem::path(pluginDir);
    plugins = std::make_unique<plugin_host::PluginSystem>(database.db(), clock, ps);
    plugins->loadAll();
    http::ApiSettings settings;
    settings.hashConcurrency = 2;
    if (configure) configure(settings);
    api = std::make_unique<http::Api>(database.db(), clock, *plugins, settings);
    http::addSystemRoutes(router, metrics, database.db(), "test");
    api->addRoutes(router);
    http::ServerSettings s;
    s.port = 0;
    s.threads = 16;
    s.trustedProxies = {"127.0.0.1"}; // tests speak as other addresses through X-Forwarded-For
    server = std::make_unique<http::Server>(s, router, metrics);
    server->start();
  }
  ~ApiWorld() {
    server.reset();
    api.reset();
    plugins.reset();
  }
  ApiClient browser() { return ApiClient(server->port()); }

  /// A user with the shared test password; owners/admins/staff of b, or installation admin.
  std::int64_t user(const std::optional<base::Business>& b, const std::string& email, auth::Role role) {
    return users.create({b ? std::optional<std::int64_t>(b->id) : std::nullopt, email, "User " + email.substr(0, email.find('@')),
                         role, kPassword, false},
                        b ? b->name : "");
  }
  /// A client signed in as that user.
  /// `address`: the client address it signs in from (X-Forwarded-For through the trusted loopback proxy).
  ApiClient signedIn(const base::Business& b, const std::string& email, const std::string& address = {}) {
    auto c = browser();
    if (!address.empty()) c.headers["X-Forwarded-For"] = address;
    c.login(b.slug, email, kPassword);
    return c;
  }
};

} // namespace atrium::test
