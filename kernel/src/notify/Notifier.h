#pragma once
#include "base/ServerSecrets.h"
#include "core/Clock.h"
#include "notify/Outbox.h"
#include "notify/Templates.h"
#include "notify/Transport.h"
#include "plugin_host/PluginRuntime.h"
#include "store/Database.h"

#include <string>
#include <vector>

namespace atrium::notify {

struct NotifySettings {
  SmtpSettings smtp;
  SmsSettings sms;
  std::string publicUrl = "http://127.0.0.1:8080"; ///< base of links in messages
  int maxAttempts = 8;
  int leaseSeconds = 120; ///< a node that died mid-delivery leaves the message to others after this
  /// Emails one address may receive per hour, from all businesses together; more are
  /// suppressed (whoever books can choose the address: the server must not become a mailer).
  int maxEmailsPerRecipientPerHour = 10;
  std::vector<int> defaultReminderMinutes{1440, 120};
};

/// Turns queued outbox messages into sent ones. Each message is claimed with a database
/// lease (once across nodes), rendered once — template, then the plugins'
/// notification.render@1, then the unsubscribe footer — and stored before the first
/// attempt, so retries send the very same message (same Message-ID). A failed attempt is
/// retried with exponential backoff up to maxAttempts. Promotional messages to clients
/// who did not opt in, and anything to an opted-out or erased client, are suppressed.
/// Also schedules booking reminders (each lead time once per booking).
class Notifier {
public:
  Notifier(store::Database& database, const core::Clock& clock, Templates& templates, base::ServerSecrets& secrets,
           plugin_host::PluginRuntime& plugins, NotifySettings settings)
      : database_(database), clock_(clock), templates_(templates), secrets_(secrets), plugins_(plugins), settings_(std::move(settings)) {}

  /// Renders and sends up to `max` due messages; returns how many were attempted.
  int deliverDue(int max = 20);
  /// Queues the reminders that are due now; returns how many were queued.
  int queueReminders();
  /// The message as it would be rendered now, without queuing it (template preview).
  Message preview(std::int64_t businessId, const std::string& templateName, const std::string& locale, const std::string& channel,
                  std::optional<std::int64_t> bookingId);
  /// The lead times (minutes) of a business.
  std::vector<int> reminderMinutes(std::int64_t businessId);
  struct BusinessSettings {
    std::vector<int> reminderMinutes;
    std::optional<std::string> replyTo;
    bool smsEnabled = false;
  };
  BusinessSettings businessSettings(std::int64_t businessId);
  /// Throws core::ValidationError naming the field. Audited ("notification.settings_changed":
  /// the names of the settings that changed) when `by` a user.
  void saveBusinessSettings(std::int64_t businessId, const BusinessSettings& settings, const base::AuditBy& by = std::nullopt);

  const NotifySettings& settings() const { return settings_; }

private:
  /// Fills the placeholders' values for a message; false when the recipient is gone.
  bool values(const OutboxMessage& m, std::map<std::string, std::string>& values, std::string& address);
  bool render(OutboxMessage& m, std::string& why);
  /// False (and why) when the message's address had notify.maxEmailsPerRecipientPerHour emails this hour.
  bool withinRecipientLimit(const OutboxMessage& m, std::int64_t now, std::string& why);
  void attempt(OutboxMessage& m);

  store::Database& database_;
  const core::Clock& clock_;
  Templates& templates_;
  base::ServerSecrets& secrets_;
  plugin_host::PluginRuntime& plugins_;
  NotifySettings settings_;
};

} // namespace atrium::notify
