#pragma once
#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atrium::notify {

struct Webhook {
  std::int64_t id = 0;
  std::int64_t businessId = 0;
  std::string url;
  std::string secret; ///< HMAC-SHA256 key; returned once, when the webhook is created
  std::vector<std::string> events;
  bool active = true;
  std::int64_t createdAt = 0;
};

struct Delivery {
  std::int64_t id = 0;
  std::int64_t webhookId = 0;
  std::string event;
  std::string state; ///< pending | delivered | failed
  int attempts = 0;
  std::int64_t nextAttemptAt = 0;
  std::optional<std::int64_t> lastStatus;
  std::optional<std::string> lastError;
  std::int64_t createdAt = 0;
  std::optional<std::int64_t> deliveredAt;
};

struct WebhookSettings {
  bool allowPrivateTargets = false; ///< loopback / private / link-local targets (tests, intranets)
  int maxAttempts = 10;
  int timeoutSeconds = 10;
};

/// Business webhooks: events queued in the same transaction as the change that causes
/// them (nothing lost between commit and send), POSTed as JSON with an HMAC-SHA256
/// signature (X-Atrium-Signature: sha256=<hex of HMAC(secret, timestamp + "." + body)>),
/// retried with exponential backoff, each delivery claimed with a database lease so it
/// goes out once however many nodes run the worker. Payloads carry ids, never personal
/// data. Targets on private networks are refused unless allowed (SSRF).
class Webhooks {
public:
  static const std::vector<std::string>& eventNames();

  Webhooks(store::Database& database, const core::Clock& clock, WebhookSettings settings, base::AuditLog* audit = nullptr)
      : database_(database), clock_(clock), settings_(settings), audit_(audit) {}

  /// Throws core::ValidationError naming url or events. Audited ("webhook.created": its id and
  /// events, not its URL, which may carry a token) when made `by` a user.
  Webhook create(std::int64_t businessId, const std::string& url, const std::vector<std::string>& events,
                 const base::AuditBy& by = std::nullopt);
  std::vector<Webhook> list(std::int64_t businessId);
  /// Audited ("webhook.removed") when `by` a user.
  void remove(std::int64_t businessId, std::int64_t id, const base::AuditBy& by = std::nullopt);
  std::vector<Delivery> deliveries(std::int64_t businessId, std::int64_t webhookId, int limit);

  /// Queues `event` for every active webhook of the business subscribed to it, inside the
  /// caller's transaction.
  static void enqueue(store::Connection& connection, std::int64_t businessId, const std::string& event,
                      const std::string& payloadJson, std::int64_t now);
  /// Sends up to `max` due deliveries; returns how many were attempted.
  int deliverDue(int max = 20);

private:
  bool attempt(const Delivery& delivery, const std::string& url, const std::string& secret, const std::string& payload,
               int& status, std::string& error);

  store::Database& database_;
  const core::Clock& clock_;
  WebhookSettings settings_;
  base::AuditLog* audit_;
};

} // namespace atrium::notify
