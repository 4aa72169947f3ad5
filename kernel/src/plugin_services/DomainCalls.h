#pragma once
#include "booking/Bookings.h"
#include "booking/Clients.h"
#include "booking/Services.h"
#include "core/Clock.h"
#include "plugin_services/HostServices.h"
#include "privacy/HistoryPurge.h"

#include <cstdint>
#include <string>

namespace atrium::plugin_services {

/// The domain calls plugins may make (abi/domain.h: booking.get@1, client.bookings@1,
/// service.get@1, client.get@1, history.purge@1), each scoped to the calling business:
/// another business's id answers NOT_FOUND, bad parameters INVALID_ARGUMENT with the
/// parameter named. Installed into HostServices by the composition root (app::Kernel), so
/// atriumd and the CLI answer them alike. Stateless beyond the services it calls.
class DomainCalls {
public:
  DomainCalls(const core::Clock& clock, booking::Bookings& bookings, booking::ServiceCatalog& services,
              booking::ClientDirectory& clients, privacy::HistoryPurge& purge)
      : clock_(clock), bookings_(bookings), services_(services), clients_(clients), purge_(purge) {}

  DomainAnswer answer(std::int64_t businessId, const std::string& pluginId, const std::string& call, const std::string& paramsJson);

private:
  const core::Clock& clock_;
  booking::Bookings& bookings_;
  booking::ServiceCatalog& services_;
  booking::ClientDirectory& clients_;
  privacy::HistoryPurge& purge_;
};

} // namespace atrium::plugin_services
