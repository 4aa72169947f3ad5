#pragma once
#include "base/Business.h"
#include "booking/Services.h"
#include "booking/Staff.h"
#include "base/TimeZones.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace atrium::booking {

/// A bookable start time.
struct Slot {
  std::int64_t startAt = 0; ///< UTC microseconds
  std::int64_t endAt = 0;
  std::int64_t providerId = 0;
  int seatsLeft = 1;
};

/// A booking blocks its provider from start_at to blocked_until, never longer than this:
/// overlap queries bound start_at from below too, so a provider's years of history are
/// not scanned on every booking.
inline constexpr std::int64_t kMaxBlockMicros = (kMaxDurationMin + kMaxBufferMin) * 60'000'000LL;

/// Statuses that hold a provider's time.
inline constexpr const char* kBlockingStatuses = "('confirmed','completed','no_show')";

/// Free slots of a service: the provider's weekly hours in the business's time zone (DST
/// aware: each local time is converted on its own day), minus days off, minus existing
/// bookings with the service's buffer after each, with capacity > 1 filling seats of the
/// same start time. Slots start every 15 minutes and never in the past.
class Availability {
public:
  static constexpr int kStepMinutes = 15;
  static constexpr int kMaxRangeDays = 62;

  Availability(store::Database& database, const core::Clock& clock, StaffDirectory& staff)
      : database_(database), clock_(clock), staff_(staff) {}

  /// Every provider of the service when providerId is empty. `moving`: a booking being moved,
  /// whose own time counts as free (a move by a few minutes overlaps it). Throws
  /// core::ValidationError for a reversed or too long range, core::NotFoundError for an
  /// unknown provider.
  std::vector<Slot> slots(const base::Business& business, const Service& service, std::optional<std::int64_t> providerId,
                          const base::LocalDate& from, const base::LocalDate& to, std::optional<std::int64_t> moving = std::nullopt);
  /// Whether [start, start + duration) lies inside the provider's working hours and not on
  /// a day off (existing bookings are checked under the provider lock by Bookings).
  bool withinWorkingHours(const base::Business& business, const Service& service, std::int64_t providerId, std::int64_t startAt);

private:
  std::vector<Slot> providerSlots(const base::Business& business, const Service& service, std::int64_t providerId,
                                  const base::LocalDate& from, const base::LocalDate& to, std::optional<std::int64_t> moving);

  store::Database& database_;
  const core::Clock& clock_;
  StaffDirectory& staff_;
};

} // namespace atrium::booking
