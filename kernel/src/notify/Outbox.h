#pragma once
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atrium::notify {

/// A message to queue. Rendering (template, plugins' notification.render@1, unsubscribe
/// footer) happens once, by the delivery worker, before the first attempt.
struct NewMessage {
  std::int64_t businessId = 0;
  std::optional<std::int64_t> clientId;
  std::optional<std::int64_t> userId;
  std::optional<std::int64_t> bookingId;
  std::string channel = "email";
  std::string category = "service";
  std::string templateName;
  std::string locale = "en";
  std::string dataJson = "{}";
  std::optional<std::string> dedupeKey;
};

/// One message as the outbox holds it.
struct OutboxMessage {
  std::int64_t id = 0;
  std::int64_t businessId = 0;
  std::optional<std::int64_t> clientId, userId, bookingId;
  std::string channel, category, templateName, locale, dataJson, state;
  std::optional<std::string> address, subject, bodyText, bodyHtml, messageId, lastError;
  int attempts = 0;
  std::int64_t nextAttemptAt = 0, createdAt = 0;
  std::optional<std::int64_t> sentAt;
};

/// The notification outbox: written in the transaction of the change that causes it, so
/// nothing is lost between commit and delivery.
class Outbox {
public:
  /// Inside the caller's transaction. Returns the id, or 0 when the dedupe key was used before.
  static std::int64_t enqueue(store::Connection& c, const NewMessage& m, std::int64_t now);
  /// Queues a service message about a booking to its client: email when the client has an
  /// address, SMS when the client has a phone and the business turned SMS on.
  static void queueForClient(store::Connection& c, std::int64_t businessId, std::int64_t clientId, std::int64_t bookingId,
                             const std::string& templateName, std::int64_t now);
  /// Cancels the booking's queued reminders (the booking was cancelled or moved).
  static std::int64_t cancelReminders(store::Connection& c, std::int64_t bookingId);
  /// Erasure: every message to or about the client goes.
  static std::int64_t purgeClient(store::Connection& c, std::int64_t businessId, std::int64_t clientId);

  static OutboxMessage fromRow(const store::Row& r);
  static constexpr const char* kColumns =
      "id, business_id, client_id, user_id, booking_id, channel, category, template, locale, data_json, state, address, subject, "
      "body_text, body_html, message_id, last_error, attempts, next_attempt_at, created_at, sent_at";
};

} // namespace atrium::notify
