#pragma once
#include "Money.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::cancellation {

/// A fee: a fixed amount, or a percentage of the booking's price (rounded as percentOf says).
struct Fee {
  enum class Kind { Amount, Percent };
  Kind kind = Kind::Amount;
  Money amount;                       ///< Kind::Amount: cents > 0, currency ISO 4217
  std::int64_t percentBasisPoints = 0; ///< Kind::Percent: 1 .. 10000 (0.01 % .. 100 %)
  bool operator==(const Fee& o) const;
  bool operator!=(const Fee& o) const { return !(*this == o); }
};

/// What an action (cancel or reschedule) needs: the notice, and what happens inside it.
struct ActionRule {
  enum class Late { Refuse, Fee };
  /// Minimum notice before the start, in minutes (0: free until the start). The deadline is
  /// start − notice in absolute time: "24 hours" is 24 real hours even across a DST change.
  std::int64_t noticeMinutes = 0;
  Late late = Late::Refuse;
  std::optional<Fee> fee;             ///< set exactly when late == Fee
  bool operator==(const ActionRule& o) const;
  bool operator!=(const ActionRule& o) const { return !(*this == o); }
};

/// After `count` no-shows within `months` calendar months, what the client may still do.
struct NoShowLimit {
  enum class Consequence { ConfirmationRequired, NoOnlineBooking };
  int count = 3;   ///< 1 .. 100
  int months = 6;  ///< 1 .. 120
  Consequence consequence = Consequence::ConfirmationRequired;
  bool operator==(const NoShowLimit& o) const;
};

struct NoShowRule {
  std::optional<Fee> fee;
  std::optional<NoShowLimit> limit;
  bool operator==(const NoShowRule& o) const { return fee == o.fee && limit == o.limit; }
};

/// One set of rules: the business's default, or a service's override (which replaces the
/// default as a whole: nothing is merged, so what a service says is all that applies).
struct Rules {
  ActionRule cancel;
  ActionRule reschedule;
  std::optional<int> maxReschedules;  ///< per booking; none: unlimited; 0: never online
  NoShowRule noShow;
  bool operator==(const Rules& o) const;
  bool operator!=(const Rules& o) const { return !(*this == o); }
};

/// A business's policy: default rules and per-service overrides (by service id).
struct Policy {
  Rules defaults;
  std::map<std::string, Rules> services;
  /// The rules for a booking of `serviceId`: its override, else the default.
  const Rules& rulesFor(std::string_view serviceId) const;
  bool operator==(const Policy& o) const { return defaults == o.defaults && services == o.services; }
  bool operator!=(const Policy& o) const { return !(*this == o); }
};

/// A problem with one field, named by its JSON path ("default.cancel.fee.percent",
/// "services.11.reschedule.notice").
struct FieldError {
  std::string field;
  std::string message;
};

/// A parse: the policy, or every problem found (all of them, not just the first).
struct PolicyParse {
  std::optional<Policy> policy;
  std::vector<FieldError> errors;
  bool ok() const { return policy.has_value(); }
};

/// Parses and validates a policy from JSON text:
///   {"default": RULES, "services": {"<service id>": RULES, ...}}   ("services" optional)
///   RULES = {"cancel": ACTION, "reschedule": ACTION, "max_reschedules": n|null,
///            "no_show": {"fee": FEE|null, "limit": {"count", "months",
///                        "consequence": "confirmation_required"|"no_online_booking"}|null}}
///   ACTION = {"notice": {"hours": n} | {"minutes": n}, "late": "refuse"|"fee", "fee": FEE}
///   FEE = {"amount_cents": n, "currency": "GBP"} | {"percent": 50}   (percent: up to 2 decimals)
/// Unknown fields are errors (a typo must not silently drop a rule). Notices are at most
/// 365 days; a fee in a whole-unit currency (TWD, …) must be whole: 15000, not 15050.
PolicyParse parsePolicy(std::string_view json);

/// The policy as JSON in the shape parsePolicy reads, canonical (fixed member order, notice
/// in hours when whole), so equal policies give equal text.
std::string policyToJson(const Policy& policy);

/// A published policy: bookings keep the version they were made under.
struct PublishedPolicy {
  int version = 0;
  Policy policy;
};

/// Publishing `next` over `current` (none: nothing published yet): a changed policy gets
/// version n+1 (1 for the first), an unchanged one keeps `current` as it is.
struct Publication {
  PublishedPolicy published;
  bool changed = false;
};
Publication publish(const std::optional<PublishedPolicy>& current, const Policy& next);

} // namespace atrium::cancellation
