#pragma once
#include "core/Config.h"
#include "http/ApiContext.h"
#include "http/Auth.h"
#include "http/Router.h"
#include "privacy/HistoryPurge.h"

#include <memory>

namespace atrium::http {

/// Settings of the REST API (from auth.* and http.secureCookies).
struct ApiSettings {
  auth::SessionSettings sessions;
  bool secureCookies = false;
  std::string processorNoticeUrl; ///< privacy.processorNoticeUrl
  int hashConcurrency = 4;
  notify::WebhookSettings webhooks;
  notify::NotifySettings notify;
  /// Bounds for anonymous callers (0 switches one off): see ApiContext.
  int publicRequestsPerMinute = 300;
  int publicBookingsPerHourPerAddress = 20;
  int publicBookingsPerMinutePerBusiness = 60;
  int maxPendingPerEmail = 5;
  static ApiSettings from(const core::Config& config);
};

/// The REST API with the domain services behind it, wired once for the server (and for
/// tests, which run the same wiring over loopback).
class Api {
public:
  Api(store::Database& database, const core::Clock& clock, plugin_host::PluginSystem& plugins, const ApiSettings& settings);
  ~Api();

  ApiContext& context() { return *context_; }
  notify::Webhooks& webhooks() { return webhooks_; }
  notify::Notifier& notifier() { return notifier_; }
  /// Registers every /api/v1 route.
  void addRoutes(Router& router);

private:
  /// The domain calls plugins may make (abi/domain.h), scoped to the calling business.
  plugin_host::DomainAnswer domainCall(std::int64_t businessId, const std::string& pluginId, const std::string& call, const std::string& paramsJson);

  auth::PasswordHasher hasher_;
  base::BusinessDirectory businesses_;
  booking::ServiceCatalog services_;
  booking::StaffDirectory staff_;
  booking::ClientDirectory clients_;
  booking::Availability availability_;
  booking::Bookings bookings_;
  auth::UserAccounts users_;
  base::ServerSecrets secrets_;
  auth::Sessions sessions_;
  notify::Webhooks webhooks_;
  notify::Templates templates_;
  notify::Notifier notifier_;
  privacy::DataExport exports_;
  privacy::ClientErasure erasure_;
  privacy::SupportAccess support_;
  privacy::HistoryPurge purge_;
  core::RateLimiter publicRequests_;
  core::RateLimiter publicBookingsByAddress_;
  core::RateLimiter publicBookingsByBusiness_;
  std::unique_ptr<ApiContext> context_;
  std::unique_ptr<Authenticator> authenticator_;
};

} // namespace atrium::http
