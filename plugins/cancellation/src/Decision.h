#pragma once
#include "Money.h"
#include "Policy.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atrium::cancellation {

/// What the rules say about one booking.
struct BookingFacts {
  std::int64_t startUs = 0;   ///< UTC microseconds since the epoch
  Money price;                ///< the booking's price (percentage fees are taken of it)
  int reschedulesSoFar = 0;   ///< moves already made to this booking
};

/// The answer for one action at one instant.
struct Decision {
  enum class Outcome { Free, Fee, Refused };
  /// Why a fee or a refusal: inside the notice window, the booking already started, or (for
  /// reschedules) the cap on moves reached. None when free.
  enum class Reason { None, InsideNotice, Started, RescheduleCap };
  Outcome outcome = Outcome::Free;
  Reason reason = Reason::None;
  /// The last instant the action is free: start − notice, in absolute time (UTC µs).
  /// The action is free while now <= deadline: exactly at the deadline is still free.
  std::int64_t deadlineUs = 0;
  std::optional<Money> fee;   ///< set exactly when outcome == Fee
};

/// The deadline of an action: start − notice (absolute: 24 h of notice is 86,400 s before
/// the start, whatever the wall clocks did in between).
std::int64_t deadlineOf(const ActionRule& rule, std::int64_t startUs);

/// The fee `fee` comes to for a booking priced `price` (a percentage rounded per percentOf).
Money feeAmount(const Fee& fee, const Money& price);

/// Cancelling at `nowUs`: free up to the deadline; after it the late rule (a fee, or
/// refused); once the booking has started, refused (a missed booking is a no-show, which
/// staff record).
Decision decideCancel(const Rules& rules, const BookingFacts& booking, std::int64_t nowUs);

/// Rescheduling at `nowUs`: refused once the cap on moves is reached (whatever the time),
/// else as decideCancel with the reschedule rule.
Decision decideReschedule(const Rules& rules, const BookingFacts& booking, std::int64_t nowUs);

/// What a client may still do after their no-shows.
enum class NoShowStanding { Clear, ConfirmationRequired, NoOnlineBooking };

/// The client's standing given the instants of their no-shows: the limit applies when at
/// least `count` of them fall within the last `months` calendar months before `nowUs`
/// (counted in the business's time zone `zone`: from the same local date-and-time `months`
/// months earlier, a day that does not exist clamped to the month's last: 31 Aug − 6 months
/// = 28/29 Feb). Throws std::invalid_argument for an unknown zone.
NoShowStanding noShowStanding(const Rules& rules, const std::vector<std::int64_t>& noShowsUs, std::int64_t nowUs,
                              const std::string& zone);

} // namespace atrium::cancellation
