#pragma once
#include "auth/UserAccounts.h"
#include "booking/Bookings.h"
#include "base/Business.h"

#include <optional>
#include <string>

namespace atrium::booking {

/// What `atrium demo` made or found.
struct DemoLogin {
  bool created = false;
  std::string slug;
  std::string ownerEmail;
  std::optional<std::string> oneTimePassword; ///< only when created now; never stored in clear
  std::string adminEmail;                      ///< the demo installation administrator (/admin/)
  std::optional<std::string> adminOneTimePassword; ///< only when created now
  int services = 0;
  int providers = 0;
  int bookings = 0;
};

/// The services the demo needs, borrowed.
struct DemoServices {
  base::BusinessDirectory& businesses;
  auth::UserAccounts& users;
  ServiceCatalog& services;
  StaffDirectory& staff;
  ClientDirectory& clients;
  Bookings& bookings;
  store::Database& database;
  const core::Clock& clock;
};

/// Creates the demo business ("Demo Clinic", slug demo, Europe/London) and whatever of it
/// is missing: the owner (random one-time password, must be changed at first login),
/// three services, two providers with weekly hours, a few clients, and past and future
/// bookings, so a newcomer sees a living system. Idempotent.
DemoLogin ensureDemo(const DemoServices& s);

} // namespace atrium::booking
