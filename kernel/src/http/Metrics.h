#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace atrium::http {

/// Request counters and latency histograms in Prometheus text format (version 0.0.4).
/// Labels are route patterns, never raw paths, so cardinality stays bounded.
/// Thread-safe.
class Metrics {
public:
  /// Latency bucket upper bounds, in seconds.
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};

  void observe(std::string_view route, std::string_view method, int status, double seconds);

  /// Other parts of the kernel (database pool, plugins) append their own families when
  /// the page is rendered. The callback appends complete lines, # HELP/# TYPE included.
  void addCollector(std::function<void(std::string&)> collector);

  std::string render() const;

private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t, std::less<>> requests_;
  std::map<std::pair<std::string, std::string>, Histogram, std::less<>> latency_;
  std::vector<std::function<void(std::string&)>> collectors_;
};

} // namespace atrium::http
