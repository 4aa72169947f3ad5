#include "booking/Availability.h"

#include "core/Errors.h"

#include <algorithm>
#include <map>

namespace atrium::booking {
namespace {

constexpr std::int64_t kMinute = 60'000'000;

struct Held {
  std::int64_t serviceId;
  std::int64_t startAt;
  std::int64_t blockedUntil;
};

bool onDayOff(const std::vector<DayOff>& off, const base::LocalDate& d) {
  return std::any_of(off.begin(), off.end(), [&](const DayOff& o) { return o.first <= d && d <= o.last; });
}

/// Seats left for a slot [start, blockEnd) of `service`, given the provider's bookings.
int seatsLeft(const Service& service, std::int64_t start, std::int64_t blockEnd, const std::vector<Held>& held) {
  int same = 0;
  for (const auto& h : held) {
    if (h.startAt >= blockEnd || h.blockedUntil <= start) continue; // no overlap
    if (service.capacity > 1 && h.serviceId == service.id && h.startAt == start) ++same;
    else return 0; // any other overlapping booking blocks the provider
  }
  return service.capacity - same;
}

} // namespace

std::vector<Slot> Availability::slots(const base::Business& business, const Service& service, std::optional<std::int64_t> providerId,
                                      const base::LocalDate& from, const base::LocalDate& to, std::optional<std::int64_t> moving) {
  if (!(from <= to)) throw core::ValidationError("to", "to must not be before from");
  if (from.daysUntil(to) >= kMaxRangeDays) throw core::ValidationError("to", "the range may span at most 62 days");
  std::vector<std::int64_t> providers;
  if (providerId) {
    auto p = staff_.get(business.id, *providerId);
    if (!p.bookable || !p.active) throw core::NotFoundError("no such provider");
    providers.push_back(p.id);
  } else {
    for (const auto& p : staff_.providers(business.id)) providers.push_back(p.id);
  }
  std::vector<Slot> out;
  for (auto id : providers) {
    auto s = providerSlots(business, service, id, from, to, moving);
    out.insert(out.end(), s.begin(), s.end());
  }
  std::sort(out.begin(), out.end(), [](const Slot& a, const Slot& b) {
    return a.startAt != b.startAt ? a.startAt < b.startAt : a.providerId < b.providerId;
  });
  return out;
}

std::vector<Slot> Availability::providerSlots(const base::Business& business, const Service& service, std::int64_t providerId,
                                              const base::LocalDate& from, const base::LocalDate& to, std::optional<std::int64_t> moving) {
  auto week = staff_.hours(business.id, providerId);
  auto off = staff_.daysOff(business.id, providerId);
  std::int64_t windowStart = base::TimeZones::toUtc(business.timeZone, from, 0).value_or(0) - 36 * 60 * kMinute;
  std::int64_t windowEnd = base::TimeZones::toUtc(business.timeZone, to.next(), 0).value_or(0) + 36 * 60 * kMinute;
  std::vector<Held> held;
  {
    auto lease = database_.acquire();
    lease->forEach(std::string("SELECT service_id, start_at, blocked_until FROM bookings WHERE provider_id = ? AND business_id = ? "
                               "AND status IN ") + kBlockingStatuses + " AND start_at < ? AND start_at > ? AND blocked_until > ? AND id <> ?",
                   {providerId, business.id, windowEnd, windowStart - kMaxBlockMicros, windowStart, moving.value_or(0)},
                   [&held](const store::Row& r) { held.push_back({r.getInt(0), r.getInt(1), r.getInt(2)}); });
  }
  std::int64_t now = clock_.nowMicros();
  std::int64_t duration = service.durationMin * kMinute;
  std::int64_t buffer = service.bufferMin * kMinute;
  std::vector<Slot> out;
  for (base::LocalDate d = from; d <= to; d = d.next()) {
    if (onDayOff(off, d)) continue;
    for (const auto& w : week) {
      if (w.weekday != d.weekday()) continue;
      auto intervalEnd = base::TimeZones::toUtc(business.timeZone, d, w.endMin == 1440 ? 1439 : w.endMin);
      if (!intervalEnd) continue;
      if (w.endMin == 1440) *intervalEnd += kMinute;
      for (int m = w.startMin; m + service.durationMin <= w.endMin; m += kStepMinutes) {
        auto start = base::TimeZones::toUtc(business.timeZone, d, m);
        if (!start || *start <= now) continue; // inside a DST gap, or past
        std::int64_t end = *start + duration;
        if (end > *intervalEnd) break;
        int seats = seatsLeft(service, *start, end + buffer, held);
        if (seats > 0) out.push_back({*start, end, providerId, seats});
      }
    }
  }
  return out;
}

bool Availability::withinWorkingHours(const base::Business& business, const Service& service, std::int64_t providerId, std::int64_t startAt) {
  auto [date, minute] = base::TimeZones::toLocal(business.timeZone, startAt);
  auto week = staff_.hours(business.id, providerId);
  if (onDayOff(staff_.daysOff(business.id, providerId), date)) return false;
  std::int64_t end = startAt + service.durationMin * kMinute;
  for (const auto& w : week) {
    if (w.weekday != date.weekday() || minute < w.startMin || (minute - w.startMin) % kStepMinutes != 0) continue;
    auto intervalEnd = base::TimeZones::toUtc(business.timeZone, date, w.endMin == 1440 ? 1439 : w.endMin);
    if (!intervalEnd) continue;
    if (w.endMin == 1440) *intervalEnd += kMinute;
    if (end <= *intervalEnd) return true;
  }
  return false;
}

} // namespace atrium::booking
