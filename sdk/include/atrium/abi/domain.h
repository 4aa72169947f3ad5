/// Narrow domain calls a plugin may make through atrium_host_api.domain_call.
/// Each id is versioned like a hook and must be listed in the manifest's
/// capabilities.domain. Params and results are JSON objects; the business is
/// always the context's. Unknown ids return ATRIUM_UNIMPLEMENTED.
#ifndef ATRIUM_ABI_DOMAIN_H
#define ATRIUM_ABI_DOMAIN_H

#include "atrium/abi/host.h"

/// booking.get@1 - one booking of the business.
///   params {"booking_id"}
///   result {"booking": {"id", "service_id", "staff_id", "client_id"|null,
///     "start_us", "end_us", "status": "confirmed"|"cancelled"|"completed"|
///     "no_show", "source", "created_at_us", "updated_at_us",
///     "price_cents", "currency"}}
///   (ABI 1.2 added "source", "updated_at_us", "price_cents", "currency".)
///   NOT_FOUND when the business has no such booking.
#define ATRIUM_DOMAIN_BOOKING_GET_V1 "booking.get@1"

/// client.bookings@1 - ABI 1.2. A client's bookings, oldest start first, a
/// page at a time.
///   params {"client_id", "status": [<statuses>] (optional, default all),
///     "from_us", "to_us" (optional: start_us >= from_us, start_us < to_us),
///     "limit" (optional, 1-200, default 50), "cursor" (optional: the
///     "next_cursor" of the previous page)}
///   result {"bookings": [{...as in booking.get@1}], "total": <count of all
///     matching>, "next_cursor": "..."|null}
///   NOT_FOUND when the business has no such client; INVALID_ARGUMENT for an
///   unknown status or a bad range.
#define ATRIUM_DOMAIN_CLIENT_BOOKINGS_V1 "client.bookings@1"

/// service.get@1 - ABI 1.2. One service of the business (what a policy needs).
///   params {"service_id"}
///   result {"service": {"id", "name", "duration_min", "price_cents",
///     "currency", "active"}}
///   NOT_FOUND when the business has no such service.
#define ATRIUM_DOMAIN_SERVICE_GET_V1 "service.get@1"

/// client.get@1 - one client of the business (no contact details).
///   params {"client_id"}
///   result {"client": {"id", "display_name", "locale", "created_at_us"}}
///   NOT_FOUND when the business has no such client.
#define ATRIUM_DOMAIN_CLIENT_GET_V1 "client.get@1"

/// history.purge@1 - erase booking history that ended before a cut-off, one
/// batch per call: bookings are anonymised (statistics kept: service, staff,
/// times), their notes, history reasons and the bodies of sent notifications
/// deleted. Recorded in the kernel's erasure log, naming the plugin.
///   params {"ended_before_us" (required, not in the future),
///     "cancelled_ended_before_us" (optional: another cut-off for cancelled
///       bookings), "batch_size" (optional), "anonymise_clients" (optional
///       bool: also anonymise clients left with no booking), "dry_run"
///       (optional bool: count only), "held_clients", "held_bookings"
///       (optional arrays of ids under a legal hold: left alone)}
///   result {"bookings": <count anonymised>, "clients": <count anonymised>,
///     "oldest_end_us": <dry run: end of the oldest booking concerned, 0:
///     none>, "more": bool (another batch is due)}
#define ATRIUM_DOMAIN_HISTORY_PURGE_V1 "history.purge@1"

#endif
