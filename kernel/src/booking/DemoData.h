#pragma once
#include "auth/UserAccounts.h"
#include "booking/Business.h"

#include <optional>
#include <string>

namespace atrium::booking {

/// What `atrium demo` made or found.
struct DemoLogin {
  bool created = false;
  std::string slug;
  std::string ownerEmail;
  std::optional<std::string> oneTimePassword; ///< only when created now; never stored in clear
};

/// Creates the demo business ("Demo Clinic", slug demo) and its owner if missing. The
/// owner's password is random (OpenSSL) and must be changed at first login.
DemoLogin ensureDemo(BusinessDirectory& businesses, auth::UserAccounts& users);

} // namespace atrium::booking
