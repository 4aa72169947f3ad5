#include "core/RateLimiter.h"

#include <algorithm>
#include <vector>

namespace atrium::core {

std::int64_t RateLimiter::hit(const std::string& key, std::int64_t now) {
  if (limit_ <= 0) return 0;
  std::lock_guard lock(mutex_);
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= maxKeys_) makeRoom(now);
    it = windows_.emplace(key, Window{now, 0}).first;
  } else if (now - it->second.start >= window_) {
    it->second = Window{now, 0};
  }
  constexpr std::int64_t kSecond = 1000000;
  if (it->second.count >= limit_) return std::max<std::int64_t>(1, (it->second.start + window_ - now + kSecond - 1) / kSecond);
  ++it->second.count;
  return 0;
}

void RateLimiter::makeRoom(std::int64_t now) {
  for (auto it = windows_.begin(); it != windows_.end();)
    it = now - it->second.start >= window_ ? windows_.erase(it) : std::next(it);
  if (windows_.size() < maxKeys_) return;
  // All live (many addresses at once): forget the oldest tenth in one pass, not one per call.
  std::vector<std::pair<std::int64_t, const std::string*>> byAge;
  byAge.reserve(windows_.size());
  for (const auto& [key, w] : windows_) byAge.emplace_back(w.start, &key);
  auto cut = byAge.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(1, byAge.size() / 10));
  std::nth_element(byAge.begin(), cut, byAge.end());
  std::vector<std::string> drop;
  for (auto it = byAge.begin(); it != cut; ++it) drop.push_back(*it->second);
  for (const auto& key : drop) windows_.erase(key);
}

} // namespace atrium::core
