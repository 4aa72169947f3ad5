#include "http/Metrics.h"

#include <cstdio>

namespace atrium::http {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

} // namespace

void Metrics::observe(std::string_view route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  auto key = std::make_tuple(std::string(route), std::string(method), status);
  ++requests_[key];
  auto& h = latency_[{std::string(route), std::string(method)}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::addCollector(std::function<void(std::string&)> collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::render() const {
  std::string out;
  std::vector<std::function<void(std::string&)>> collectors;
  {
    std::lock_guard lock(mutex_);
    out += "# HELP atrium_http_requests_total HTTP requests by route pattern, method and status.\n";
    out += "# TYPE atrium_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      const auto& [route, method, status] = key;
      out += "atrium_http_requests_total{route=\"" + route + "\",method=\"" + method + "\",status=\"" +
             std::to_string(status) + "\"} " + std::to_string(count) + "\n";
    }
    out += "# HELP atrium_http_request_duration_seconds Time from request read to response sent.\n";
    out += "# TYPE atrium_http_request_duration_seconds histogram\n";
    for (const auto& [key, h] : latency_) {
      std::string labels = "route=\"" + key.first + "\",method=\"" + key.second + "\"";
      for (std::size_t i = 0; i < kBuckets.size(); ++i)
        out += "atrium_http_request_duration_seconds_bucket{" + labels + ",le=\"" + number(kBuckets[i]) + "\"} " +
               std::to_string(h.buckets[i]) + "\n";
      out += "atrium_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
      out += "atrium_http_request_duration_seconds_sum{" + labels + "} " + number(h.sum) + "\n";
      out += "atrium_http_request_duration_seconds_count{" + labels + "} " + std::to_string(h.count) + "\n";
    }
    collectors = collectors_;
  }
  for (const auto& collect : collectors) collect(out);
  return out;
}

} // namespace atrium::http
