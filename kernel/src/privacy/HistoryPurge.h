#pragma once
#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace atrium::privacy {

/// What one purge batch (or a dry run) covers.
struct PurgeRequest {
  std::int64_t endedBefore = 0;                    ///< bookings that ended before this (UTC µs)
  std::optional<std::int64_t> cancelledEndedBefore; ///< a separate cut-off for cancelled bookings
  int batchSize = 500;
  bool anonymiseClients = true; ///< erase clients left with no booking that is not purged
  bool dryRun = false;
  std::set<std::int64_t> heldClients, heldBookings; ///< legal holds: never touched
  std::string actor = "kernel"; ///< the plugin that asked: the erasure log's actor (kind "plugin")
};

struct PurgeResult {
  std::int64_t bookings = 0;    ///< purged now (or, dry run: that the next run would purge)
  std::int64_t clients = 0;     ///< anonymised now (dry run: that would be)
  std::int64_t oldestEnd = 0;   ///< dry run: the oldest booking concerned (0 = none)
  bool more = false;            ///< more remain beyond this batch
};

/// The kernel side of the retention feature (domain call history.purge@1): the personal
/// data of bookings past a cut-off goes — note removed, date coarsened to the month, as
/// client erasure does — in small batches, each its own short transaction, so bookings
/// keep being written meanwhile; purged bookings are marked, so a run that stopped half
/// way simply continues (idempotent). A client left with no unpurged booking is erased
/// (statistics kept), unless held.
class HistoryPurge {
public:
  HistoryPurge(store::Database& database, const core::Clock& clock) : database_(database), clock_(clock) {}

  PurgeResult run(std::int64_t businessId, const PurgeRequest& request);

private:
  store::Database& database_;
  const core::Clock& clock_;
};

} // namespace atrium::privacy
