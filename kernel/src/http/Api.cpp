#include "http/Api.h"

#include "http/ApiRoutes.h"

namespace atrium::http {

ApiSettings ApiSettings::from(const core::Config& config) {
  ApiSettings s;
  s.secureCookies = config.getBool("http.secureCookies");
  s.processorNoticeUrl = config.getString("privacy.processorNoticeUrl");
  s.publicRequestsPerMinute = static_cast<int>(config.getInt("public.requestsPerMinute", 0, 1'000'000));
  s.publicBookingsPerHourPerAddress = static_cast<int>(config.getInt("public.bookingsPerHourPerAddress", 0, 1'000'000));
  s.publicBookingsPerMinutePerBusiness = static_cast<int>(config.getInt("public.bookingsPerMinutePerBusiness", 0, 1'000'000));
  s.maxPendingPerEmail = static_cast<int>(config.getInt("booking.maxPendingPerEmail", 0, 1000000));
  return s;
}

Api::Api(const ApiServices& services, const ApiSettings& settings)
    : publicRequests_(settings.publicRequestsPerMinute, 60'000'000),
      publicBookingsByAddress_(settings.publicBookingsPerHourPerAddress, 3600'000'000LL),
      publicBookingsByBusiness_(settings.publicBookingsPerMinutePerBusiness, 60'000'000) {
  context_.reset(new ApiContext{services, publicRequests_, publicBookingsByAddress_, publicBookingsByBusiness_,
                                settings.maxPendingPerEmail, settings.secureCookies, settings.processorNoticeUrl});
  authenticator_ = std::make_unique<Authenticator>(*context_);
}

Api::~Api() = default;

void Api::addRoutes(Router& router) { addApiRoutes(router, *context_, *authenticator_); }

} // namespace atrium::http
