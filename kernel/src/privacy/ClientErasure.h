#pragma once
#include "base/Business.h"
#include "core/Clock.h"
#include "plugin_host/HookDispatcher.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>

namespace atrium::privacy {

/// Microseconds of the first instant (UTC) of the month that contains `micros`: what an
/// anonymised booking keeps of its date.
std::int64_t monthStart(std::int64_t micros);

/// A booking's history coarsened as the booking: each change's time to the first of its month
/// (UTC), the moves' exact times and the reasons gone. Idempotent.
void coarsenHistory(store::Connection& c, std::int64_t bookingId);

struct ErasureReport {
  std::int64_t clientId = 0;
  std::int64_t bookingsAnonymised = 0;
  std::int64_t bookingsCancelled = 0; ///< future bookings the erased client can no longer keep
  std::int64_t pluginRecords = 0;
  std::int64_t at = 0;
};

/// Erases a client so they can no longer be identified while statistics keep working.
/// In one transaction: future confirmed bookings are cancelled; every booking keeps its
/// service, provider, price and duration but loses its note and has its date coarsened
/// to the first day of its month (UTC); name, email, phone and notes are removed (NULL,
/// not hashed); every plugin record naming the client is deleted; an entry in the
/// erasure log (internal id and time only) allows re-applying erasures after a backup
/// restore; an audit entry records who erased whom. Plugins get privacy.erase@1 first.
class ClientErasure {
public:
  ClientErasure(store::Database& database, const core::Clock& clock, base::AuditLog& audit, plugin_host::HookDispatcher* hooks)
      : database_(database), clock_(clock), audit_(audit), hooks_(hooks) {}

  /// Throws core::NotFoundError (no such client) or core::ConflictError (already erased).
  ErasureReport erase(const base::Business& business, std::int64_t clientId, const base::AuditParty& actor);
  /// Erases again every client in the erasure log whose data has come back (a restored
  /// backup); idempotent. Returns how many clients it erased again.
  int reapplyAll(const base::AuditParty& actor);

  /// The erasure itself, inside the caller's transaction (no log, no audit, no hook): also
  /// what history retention applies to a client left with no booking.
  static ErasureReport anonymise(store::Connection& c, std::int64_t businessId, std::int64_t clientId, std::int64_t now);

private:

  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog& audit_;
  plugin_host::HookDispatcher* hooks_;
};

} // namespace atrium::privacy
