#pragma once
#include "base/Business.h"
#include "core/Clock.h"
#include "plugin_host/PluginRuntime.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <iosfwd>

namespace atrium::privacy {

/// The data views and exports of docs/privacy.md (schema "atrium.privacy.export/1"):
/// a client's report (GDPR Art. 15: profile, bookings, preferences, every plugin record
/// naming them, plugin sections, and the purposes, recipients and retention that apply;
/// nothing about other people), a staff member's, the company's, and the whole business
/// streamed in batches so memory stays flat however many clients there are.
/// Writes JSON to `out` as it goes. Throws core::NotFoundError for an unknown person.
class DataExport {
public:
  DataExport(store::Database& database, const core::Clock& clock, plugin_host::PluginRuntime& plugins)
      : database_(database), clock_(clock), plugins_(plugins) {}

  void client(std::ostream& out, const base::Business& business, std::int64_t clientId, const base::AuditParty& requestedBy);
  void staff(std::ostream& out, const base::Business& business, std::int64_t userId);
  void company(std::ostream& out, const base::Business& business);
  /// Company, staff and every client (erased ones as their anonymised remains).
  /// Returns the number of clients written.
  std::int64_t business(std::ostream& out, const base::Business& business, const base::AuditParty& requestedBy);

  static constexpr int kBatch = 500;

private:
  store::Database& database_;
  const core::Clock& clock_;
  plugin_host::PluginRuntime& plugins_;
};

} // namespace atrium::privacy
