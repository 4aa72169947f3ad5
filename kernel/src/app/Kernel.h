#pragma once
#include "auth/PasswordHasher.h"
#include "auth/Sessions.h"
#include "auth/UserAccounts.h"
#include "base/Business.h"
#include "base/ServerSecrets.h"
#include "booking/Availability.h"
#include "booking/Bookings.h"
#include "booking/Clients.h"
#include "booking/Services.h"
#include "booking/Staff.h"
#include "core/Clock.h"
#include "core/Config.h"
#include "http/ApiContext.h"
#include "notify/Notifier.h"
#include "notify/Templates.h"
#include "notify/Webhooks.h"
#include "plugin_services/DomainCalls.h"
#include "plugin_services/PluginSystem.h"
#include "privacy/ClientErasure.h"
#include "privacy/DataExport.h"
#include "privacy/HistoryPurge.h"
#include "privacy/SupportAccess.h"
#include "store/Database.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace atrium::app {

/// Settings of the domain services (from auth.*, webhooks.*, notify.*).
struct KernelSettings {
  plugin_host::PluginRegistry::Settings plugins;
  auth::SessionSettings sessions;
  int hashConcurrency = 4;
  notify::WebhookSettings webhooks;
  notify::NotifySettings notify;
  static KernelSettings from(const core::Config& config);
};

/// The database as atriumd and the CLI open it: connected, migrated, the server secrets
/// unlocked (a master key that does not unwrap them stops here: fail closed) and the audit
/// chains re-anchored after an upgrade that needs it.
struct OpenedDatabase {
  std::unique_ptr<store::Database> database;
  std::vector<int> applied; ///< migrations applied now
  int secretsWrappedNow = 0;
  std::int64_t auditEntriesReanchored = 0;
};
OpenedDatabase openDatabase(const core::Config& config, const core::Clock& clock);

/// The composition root of the kernel: the plugin runtime with its host services, the
/// domain services over the store, and the plugins' domain calls, handed to each other in
/// dependency order. atriumd adds the HTTP API and the tickers on top (app/Daemon); the CLI
/// uses the same object, so plugins loaded by `atrium` have their domain calls too.
/// Plugins are not loaded until loadPlugins(). Destroying it detaches the domain calls,
/// then shuts the plugins down before their libraries are unmapped.
class Kernel {
public:
  Kernel(store::Database& database, const core::Clock& clock, const KernelSettings& settings);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  /// Loads the installation's plugins (a broken one is logged and listed, never fatal).
  void loadPlugins() { plugins_.loadAll(); }

  store::Database& database() { return database_; }
  const core::Clock& clock() { return clock_; }
  plugin_services::PluginSystem& plugins() { return plugins_; }
  auth::PasswordHasher& hasher() { return hasher_; }
  base::BusinessDirectory& businesses() { return businesses_; }
  booking::Bookings& bookings() { return bookings_; }
  notify::Notifier& notifier() { return notifier_; }
  notify::Webhooks& webhooks() { return webhooks_; }
  /// The services the REST API calls into (http::Api adds its own bounds and settings).
  http::ApiServices apiServices();

private:
  store::Database& database_;
  const core::Clock& clock_;
  plugin_services::PluginSystem plugins_;
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
  plugin_services::DomainCalls domainCalls_;
};

} // namespace atrium::app
