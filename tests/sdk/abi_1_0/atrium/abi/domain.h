/// Narrow domain calls a plugin may make through atrium_host_api.domain_call.
/// Each id is versioned like a hook and must be listed in the manifest's
/// capabilities.domain. Params and results are JSON objects; the business is
/// always the context's. Unknown ids return ATRIUM_UNIMPLEMENTED.
#ifndef ATRIUM_ABI_DOMAIN_H
#define ATRIUM_ABI_DOMAIN_H

#include "atrium/abi/host.h"

/// booking.get@1 - one booking of the business.
///   params {"booking_id"}
///   result {"booking": {...same fields as in booking.cancel_validate@1}}
///   NOT_FOUND when the business has no such booking.
#define ATRIUM_DOMAIN_BOOKING_GET_V1 "booking.get@1"

/// client.get@1 - one client of the business (no contact details).
///   params {"client_id"}
///   result {"client": {"id", "display_name", "locale", "created_at_us"}}
///   NOT_FOUND when the business has no such client.
#define ATRIUM_DOMAIN_CLIENT_GET_V1 "client.get@1"

/// history.purge@1 - erase booking history that ended before a cut-off:
/// bookings are anonymised (statistics kept: service, staff, times), their
/// notes and the bodies of sent notifications deleted. Audited by the kernel.
///   params {"ended_before_us"}
///   result {"bookings": <count anonymised>, "notifications": <count>}
#define ATRIUM_DOMAIN_HISTORY_PURGE_V1 "history.purge@1"

#endif
