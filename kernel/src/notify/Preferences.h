#pragma once
#include "base/ServerSecrets.h"
#include "store/Connection.h"

#include <cstdint>
#include <optional>
#include <string>

namespace atrium::notify {

/// What a client accepts, per channel (email, sms) and category (service, promotional):
/// promotional messages only after an opt-in, service messages unless the client opted
/// out. Every change is recorded with time and source in the consent ledger (which the
/// privacy export includes). Unsubscribe links carry a signed token naming the client,
/// channel and category, so no sign-in is needed.
class Preferences {
public:
  static bool validChannel(const std::string& c) { return c == "email" || c == "sms"; }
  static bool validCategory(const std::string& c) { return c == "service" || c == "promotional"; }

  /// Throws core::NotFoundError for an unknown or erased client.
  static bool allowed(store::Connection& c, std::int64_t businessId, std::int64_t clientId, const std::string& channel,
                      const std::string& category);
  /// Sets the preference and writes the ledger entry (only when it changes), on `c`.
  static void set(store::Connection& c, std::int64_t businessId, std::int64_t clientId, const std::string& channel,
                  const std::string& category, bool granted, const std::string& source, std::int64_t now);

  struct Target {
    std::int64_t businessId = 0;
    std::int64_t clientId = 0;
    std::string channel, category;
  };
  static std::string unsubscribeToken(base::ServerSecrets& secrets, const Target& target);
  /// nullopt for a forged or malformed token.
  static std::optional<Target> verify(base::ServerSecrets& secrets, const std::string& token);
};

} // namespace atrium::notify
