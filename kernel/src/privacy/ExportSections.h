#pragma once
#include "core/JsonOut.h"
#include "privacy/DataExport.h" // the plugin system, business and audit party it takes
#include "store/Connection.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

/// The JSON sections of the privacy exports (DataExport): what is written for a client, the
/// header and the records of processing, and the rows they need loaded beforehand.
namespace atrium::privacy::exports {

using Out = core::JsonStreamOut;

constexpr const char* kSchema = "atrium.privacy.export/1";
constexpr const char* kClientColumns =
    "id, name, email, phone, notes, locale, marketing_email, marketing_sms, service_email, service_sms, created_at, erased_at";
constexpr const char* kBookingColumns = "id, client_id, service_id, provider_id, start_at, end_at, status, source, note, price_cents, currency";

/// "k": the UTC time of `micros`.
void time(Out& out, const char* k, std::int64_t micros);
/// `k`: the UTC time in `column` of `row`, or null.
void optionalTime(Out& out, const char* k, const store::Row& row, const char* column);

/// Names of services and providers, loaded once per export.
struct Names {
  std::map<std::int64_t, std::string> services, staff;
  Names(store::Connection& c, std::int64_t businessId);
};

/// What else the kernel holds about one client: the consent ledger and the messages sent.
struct Extras {
  std::vector<store::Row> consents, messages, changes; ///< changes: the booking history of the client's bookings
};

/// Loads Extras for the clients with ids in [first, last], grouped by client.
std::map<std::int64_t, Extras> loadExtras(store::Connection& c, std::int64_t businessId, std::int64_t first, std::int64_t last);

/// "schema", "kind", "generated_at" and "business".
void header(Out& out, const base::Business& b, const char* kind, std::int64_t now);
/// "processing": the records of processing about `subject` ("client", "staff").
void processing(Out& out, plugin_host::PluginRuntime& plugins, const base::Business& b, const char* subject);

/// One client's section; `bookings` are theirs only (nothing about other people). Throws
/// core::DomainError when a plugin fails to contribute.
void writeClient(Out& out, const store::Row& c, const std::vector<store::Row>& bookings, const Names& names,
                 plugin_host::PluginRuntime& plugins, const base::Business& b, const base::AuditParty& requestedBy, bool lookupRecords,
                 const Extras& extras);

} // namespace atrium::privacy::exports
