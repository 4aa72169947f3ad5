#pragma once
#include "http/Request.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::http {

using Handler = std::function<Response(Request&)>;

/// Maps method + path to a handler. Patterns are literal segments and `{name}` captures,
/// e.g. /api/v1/public/{slug}/services; a last segment `{name*}` captures the rest of the
/// path (one or more segments, joined with '/'). Register everything before the server starts;
/// matching is then read-only and thread-safe.
class Router {
public:
  struct Route {
    std::string method;
    std::string pattern; ///< also the metrics label, so ids never become label values
    std::vector<std::string> segments;
    Handler handler;
  };
  struct Match {
    const Route* route = nullptr;           ///< null when nothing matched
    std::vector<std::string> allowedMethods; ///< when the path exists under other methods (405)
  };

  /// Throws std::invalid_argument for a duplicate method + pattern.
  void add(std::string method, std::string pattern, Handler handler);
  /// Fills request.pathParams on success.
  Match match(Request& request) const;
  const std::vector<Route>& routes() const { return routes_; }

private:
  std::vector<Route> routes_;
};

} // namespace atrium::http
