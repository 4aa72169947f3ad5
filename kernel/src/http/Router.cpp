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
/// {name*}: the rest of the path (one or more segments), only as the last segment.
bool isRest(const std::string& segment) { return isCapture(segment) && segment[segment.size() - 2] == '*'; }

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
    bool rest = !route.segments.empty() && isRest(route.segments.back());
    if (rest ? parts.size() < route.segments.size() : route.segments.size() != parts.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < route.segments.size() && same; ++i)
      same = isCapture(route.segments[i]) || route.segments[i] == parts[i];
    if (!same) continue;
    if (route.method != request.method) {
      result.allowedMethods.push_back(route.method);
      continue;
    }
    for (std::size_t i = 0; i < route.segments.size(); ++i) {
      const std::string& seg = route.segments[i];
      if (isRest(seg)) {
        std::string joined;
        for (std::size_t k = i; k < parts.size(); ++k) joined += (k == i ? "" : "/") + parts[k];
        request.pathParams[seg.substr(1, seg.size() - 3)] = joined;
      } else if (isCapture(seg)) {
        request.pathParams[seg.substr(1, seg.size() - 2)] = parts[i];
      }
    }
    result.route = &route;
    result.allowedMethods.clear();
    return result;
  }
  return result;
}

} // namespace atrium::http
