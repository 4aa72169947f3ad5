#pragma once
#include "ApiClient.h"
#include "BookingWorld.h"
#include "app/Kernel.h"
#include "http/Api.h"
#include "http/Server.h"
#include "http/SystemRoutes.h"

#include <functional>
#include <memory>

namespace atrium::test {

inline constexpr const char* kPassword = "tulip lantern orbit 42";

/// What a test may change of the wiring: the domain services' settings and the API's.
struct WorldSettings {
  app::KernelSettings kernel;
  http::ApiSettings api;
};

/// BookingWorld plus the kernel as atriumd wires it (app::Kernel) and the real REST API on
/// a loopback port (no plugins installed unless a plugin directory is given), with the same
/// manual clock.
struct ApiWorld : BookingWorld {
  std::unique_ptr<app::Kernel> kernel;
  plugin_services::PluginSystem* plugins = nullptr; ///< kernel->plugins()
  std::unique_ptr<http::Api> api;
  http::Metrics metrics;
  http::Router router;
  std::unique_ptr<http::Server> server;

  explicit ApiWorld(const std::string& pluginDir = {}, const std::function<void(WorldSettings&)>& configure = {}) : BookingWorld(8) {
    WorldSettings settings;
    settings.kernel.plugins.directory = pluginDir.empty() ? database.directory() / "no-plugins" : std::filesystem::path(pluginDir);
    settings.kernel.hashConcurrency = 2;
    if (configure) configure(settings);
    kernel = std::make_unique<app::Kernel>(database.db(), clock, settings.kernel);
    plugins = &kernel->plugins();
    kernel->loadPlugins();
    api = std::make_unique<http::Api>(kernel->apiServices(), settings.api);
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
    kernel.reset();
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
