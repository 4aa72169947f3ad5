#include "http/Router.h"

#include <stdexcept>

namespace atrium::http {
namespace {

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool isCapture(const std::string& segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

} // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  for (const auto& r : routes_)
    if (r.method == method && r.pattern == pattern) throw std::invalid_argument("route registered twice: " + method + " " + pattern);
  auto segments = split(pattern);
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

Router::Match Router::match(Request& request) const {
  Match result;
  auto parts = split(request.path);
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < parts.size() && same; ++i)
      same = isCapture(route.segments[i]) || route.segments[i] == parts[i];
    if (!same) continue;
    if (route.method != request.method) {
      result.allowedMethods.push_back(route.method);
      continue;
    }
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (isCapture(route.segments[i])) request.pathParams[route.segments[i].substr(1, route.segments[i].size() - 2)] = parts[i];
    result.route = &route;
    result.allowedMethods.clear();
    return result;
  }
  return result;
}

} // namespace atrium::http
