#pragma once
#include "base/ServerSecrets.h"
#include "core/RateLimiter.h"
#include "auth/Sessions.h"
#include "auth/UserAccounts.h"
#include "booking/Availability.h"
#include "booking/Bookings.h"
#include "base/Business.h"
#include "booking/Clients.h"
#include "booking/Services.h"
#include "booking/Staff.h"
#include "notify/Notifier.h"
#include "notify/Templates.h"
#include "notify/Webhooks.h"
#include "plugin_services/PluginSystem.h"
#include "privacy/ClientErasure.h"
#include "privacy/DataExport.h"
#include "privacy/SupportAccess.h"

namespace atrium::http {

/// The domain services the REST routes call into; built by the composition root
/// (app::Kernel), outliving the server.
struct ApiServices {
  store::Database& database;
  const core::Clock& clock;
  base::BusinessDirectory& businesses;
  booking::ServiceCatalog& services;
  booking::StaffDirectory& staff;
  booking::ClientDirectory& clients;
  booking::Availability& availability;
  booking::Bookings& bookings;
  auth::Sessions& sessions;
  auth::UserAccounts& users;
  base::ServerSecrets& secrets;
  plugin_services::PluginSystem& plugins;
  notify::Webhooks& webhooks;
  notify::Templates& templates;
  notify::Notifier& notifier;
  privacy::DataExport& exports;
  privacy::ClientErasure& erasure;
  privacy::SupportAccess& support;
};

/// What every route handler is given: the domain services, the bounds on anonymous callers
/// and the API's settings; owned by http::Api.
struct ApiContext : ApiServices {
  /// Anonymous callers are bounded (per node): requests to a business's public routes per
  /// client address, public bookings per address and per business, pending bookings per email.
  core::RateLimiter& publicRequests;
  core::RateLimiter& publicBookingsByAddress;
  core::RateLimiter& publicBookingsByBusiness;
  int maxPendingPerEmail = 5;
  bool secureCookies = false; ///< add Secure to cookies (behind TLS)
  std::string processorNoticeUrl; ///< the installation operator's privacy notice, shown on booking pages
};

} // namespace atrium::http
