#include "app/Kernel.h"

#include "auth/PluginLoginHooks.h"
#include "core/MasterKey.h"
#include "store/DatabaseConfig.h"
#include "store/Migrator.h"

namespace atrium::app {

KernelSettings KernelSettings::from(const core::Config& config) {
  KernelSettings s;
  s.plugins = plugin_services::PluginSystem::settingsFrom(config);
  s.sessions.idleSeconds = static_cast<int>(config.getInt("auth.sessionIdleSeconds", 60, 86400 * 7));
  s.sessions.absoluteSeconds = static_cast<int>(config.getInt("auth.sessionAbsoluteSeconds", 300, 86400 * 90));
  s.sessions.accountFailureLimit = static_cast<int>(config.getInt("auth.lockoutFailures", 3, 100));
  s.sessions.lockSeconds = static_cast<int>(config.getInt("auth.lockoutSeconds", 60, 86400));
  s.sessions.privacySeconds = static_cast<int>(config.getInt("privacy.windowSeconds", 30, 3600));
  s.hashConcurrency = static_cast<int>(config.getInt("auth.hashConcurrency", 1, 64));
  s.webhooks.allowPrivateTargets = config.getBool("webhooks.allowPrivateTargets");
  auto& n = s.notify;
  n.maxEmailsPerRecipientPerHour = static_cast<int>(config.getInt("notify.maxEmailsPerRecipientPerHour", 1, 1000));
  n.smtp.host = config.getString("notify.smtp.host");
  n.smtp.port = static_cast<int>(config.getInt("notify.smtp.port", 1, 65535));
  n.smtp.user = config.getString("notify.smtp.user");
  n.smtp.password = config.getString("notify.smtp.password");
  n.smtp.starttls = config.getBool("notify.smtp.starttls");
  n.smtp.from = config.getString("notify.smtp.from");
  n.sms.url = config.getString("notify.sms.url");
  n.sms.token = config.getString("notify.sms.token");
  n.sms.bodyTemplate = config.getString("notify.sms.bodyTemplate");
  n.publicUrl = config.getString("notify.publicUrl");
  n.maxAttempts = static_cast<int>(config.getInt("notify.maxAttempts", 1, 100));
  n.leaseSeconds = static_cast<int>(config.getInt("notify.leaseSeconds", 1, 3600));
  return s;
}

OpenedDatabase openDatabase(const core::Config& config, const core::Clock& clock) {
  OpenedDatabase opened;
  auto settings = store::databaseSettingsFrom(config);
  settings.masterKey = std::make_shared<const core::MasterKey>(core::MasterKey::load(config));
  opened.database = store::Database::open(settings);
  opened.applied = store::Migrator(*opened.database).migrate();
  opened.secretsWrappedNow = base::ServerSecrets::unlockAll(*opened.database);
  opened.auditEntriesReanchored = base::AuditLog(clock, *opened.database).reanchorAfterUpgrade(*opened.database, opened.applied);
  return opened;
}

Kernel::Kernel(store::Database& database, const core::Clock& clock, const KernelSettings& settings)
    : database_(database), clock_(clock), plugins_(database, clock, settings.plugins), hasher_(settings.hashConcurrency),
      businesses_(database, clock, &plugins_.audit()), services_(database, clock, &plugins_.audit()),
      staff_(database, clock, &plugins_.audit()), clients_(database, clock, &plugins_.audit()), availability_(database, clock, staff_),
      bookings_(database, clock, services_, staff_, clients_, availability_, &plugins_.dispatcher(), &plugins_.audit()),
      users_(database, clock, hasher_, &plugins_.audit()), secrets_(database, clock),
      sessions_(database, clock, hasher_, settings.sessions, &plugins_.audit()),
      webhooks_(database, clock, settings.webhooks, &plugins_.audit()), templates_(database, clock, &plugins_.audit()),
      notifier_(database, clock, templates_, secrets_, plugins_.runtime(), settings.notify),
      exports_(database, clock, plugins_.runtime()), erasure_(database, clock, plugins_.audit(), &plugins_.dispatcher()),
      support_(database, clock, plugins_.audit(), sessions_), purge_(database, clock),
      domainCalls_(clock, bookings_, services_, clients_, purge_) {
  sessions_.setHooks(auth::pluginLoginHooks(plugins_.runtime(), businesses_));
  plugins_.host().setDomainHandler([this](std::int64_t businessId, const std::string& pluginId, const std::string& call,
                                          const std::string& params) { return domainCalls_.answer(businessId, pluginId, call, params); });
}

Kernel::~Kernel() { plugins_.host().setDomainHandler({}); }

http::ApiServices Kernel::apiServices() {
  return http::ApiServices{database_, clock_,   businesses_, services_, staff_,    clients_,  availability_, bookings_, sessions_,
                           users_,    secrets_, plugins_,    webhooks_, templates_, notifier_, exports_,      erasure_,  support_};
}

} // namespace atrium::app
