#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace atrium::plugin_services {

/// A route a plugin registered during on_init, mounted at /api/v1/plugins/<id>/<path>.
struct PluginRoute {
  std::string pluginId;
  std::string method;
  std::string path;
  int audience = 0;
  std::uint32_t flags = 0;
};

/// The routes plugins registered (host route_register, only during on_init). Thread-safe.
class PluginRoutes {
public:
  void add(PluginRoute route) {
    std::lock_guard lock(mutex_);
    routes_.push_back(std::move(route));
  }
  std::vector<PluginRoute> all() const {
    std::lock_guard lock(mutex_);
    return routes_;
  }

private:
  mutable std::mutex mutex_;
  std::vector<PluginRoute> routes_;
};

/// Host calls refused for a capability the plugin did not declare, for the conformance
/// checker and the administrator; bounded (the first 1000). Thread-safe.
class RefusedCalls {
public:
  void note(const std::string& pluginId, std::string_view function) {
    std::lock_guard lock(mutex_);
    if (refused_.size() < 1000) refused_.emplace_back(pluginId, std::string(function));
  }
  std::vector<std::string> of(const std::string& pluginId) const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> functions;
    for (const auto& [plugin, function] : refused_)
      if (plugin == pluginId) functions.push_back(function);
    return functions;
  }

private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> refused_; ///< (plugin, function)
};

} // namespace atrium::plugin_services
