#pragma once
#include "core/Config.h"
#include "http/ApiContext.h"
#include "http/Auth.h"
#include "http/Router.h"

#include <memory>

namespace atrium::http {

/// Settings of the REST API itself (the domain services' own are app::KernelSettings).
struct ApiSettings {
  bool secureCookies = false;     ///< http.secureCookies
  std::string processorNoticeUrl; ///< privacy.processorNoticeUrl
  /// Bounds for anonymous callers (0 switches one off): see ApiContext.
  int publicRequestsPerMinute = 300;
  int publicBookingsPerHourPerAddress = 20;
  int publicBookingsPerMinutePerBusiness = 60;
  int maxPendingPerEmail = 5;
  static ApiSettings from(const core::Config& config);
};

/// The REST API over the domain services the composition root built (app::Kernel); tests
/// run the same wiring over loopback.
class Api {
public:
  Api(const ApiServices& services, const ApiSettings& settings);
  ~Api();

  ApiContext& context() { return *context_; }
  notify::Webhooks& webhooks() { return context_->webhooks; }
  notify::Notifier& notifier() { return context_->notifier; }
  /// Registers every /api/v1 route.
  void addRoutes(Router& router);

private:
  core::RateLimiter publicRequests_;
  core::RateLimiter publicBookingsByAddress_;
  core::RateLimiter publicBookingsByBusiness_;
  std::unique_ptr<ApiContext> context_;
  std::unique_ptr<Authenticator> authenticator_;
};

} // namespace atrium::http
