#include "http/Api.h"

#include "auth/PluginLoginHooks.h"
#include "http/ApiRoutes.h"

namespace atrium::http {

ApiSettings ApiSettings::from(const core::Config& config) {
  ApiSettings s;
  s.sessions.idleSeconds = static_cast<int>(config.getInt("auth.sessionIdleSeconds", 60, 86400 * 7));
  s.sessions.absoluteSeconds = static_cast<int>(config.getInt("auth.sessionAbsoluteSeconds", 300, 86400 * 90));
  s.sessions.accountFailureLimit = static_cast<int>(config.getInt("auth.lockoutFailures", 3, 100));
  s.sessions.lockSeconds = static_cast<int>(config.getInt("auth.lockoutSeconds", 60, 86400));
  s.secureCookies = config.getBool("http.secureCookies");
  s.hashConcurrency = static_cast<int>(config.getInt("auth.hashConcurrency", 1, 64));
  s.webhooks.allowPrivateTargets = config.getBool("webhooks.allowPrivateTargets");
  return s;
}

Api::Api(store::Database& database, const core::Clock& clock, plugin_host::PluginSystem& plugins, const ApiSettings& settings)
    : hasher_(settings.hashConcurrency), businesses_(database, clock), services_(database, clock), staff_(database, clock),
      clients_(database, clock), availability_(database, clock, staff_),
      bookings_(database, clock, services_, staff_, clients_, availability_, &plugins.dispatcher()),
      users_(database, clock, hasher_), secrets_(database, clock), sessions_(database, clock, hasher_, settings.sessions),
      webhooks_(database, clock, settings.webhooks) {
  sessions_.setHooks(auth::pluginLoginHooks(plugins, businesses_));
  context_.reset(new ApiContext{database, clock, businesses_, services_, staff_, clients_, availability_, bookings_, sessions_, users_,
                                secrets_, plugins, webhooks_, settings.secureCookies});
  authenticator_ = std::make_unique<Authenticator>(*context_);
}

Api::~Api() = default;

void Api::addRoutes(Router& router) { addApiRoutes(router, *context_, *authenticator_); }

} // namespace atrium::http
