#include "notify/Outbox.h"

#include "store/DatabaseError.h"

namespace atrium::notify {

std::int64_t Outbox::enqueue(store::Connection& c, const NewMessage& m, std::int64_t now) {
  if (m.dedupeKey && c.queryOne("SELECT 1 FROM outbox WHERE dedupe_key = ?", {*m.dedupeKey})) return 0;
  try {
    return c.insert("INSERT INTO outbox (business_id, client_id, user_id, booking_id, channel, category, template, locale, data_json, "
                    "dedupe_key, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)",
                    {m.businessId, m.clientId, m.userId, m.bookingId, m.channel, m.category, m.templateName, m.locale, m.dataJson,
                     m.dedupeKey, now, now});
  } catch (const store::DatabaseError& e) {
    if (e.kind() == store::DatabaseError::Kind::Constraint && m.dedupeKey) return 0; // another node queued it first
    throw;
  }
}

void Outbox::queueForClient(store::Connection& c, std::int64_t businessId, std::int64_t clientId, std::int64_t bookingId,
                            const std::string& templateName, std::int64_t now) {
  auto client = c.queryOne("SELECT email, phone, locale FROM clients WHERE business_id = ? AND id = ? AND erased_at IS NULL", {businessId, clientId});
  if (!client) return;
  NewMessage m;
  m.businessId = businessId;
  m.clientId = clientId;
  m.bookingId = bookingId;
  m.templateName = templateName;
  m.locale = client->getText(2);
  if (!client->isNull(0)) enqueue(c, m, now);
  auto sms = c.queryOne("SELECT sms_enabled FROM notification_settings WHERE business_id = ?", {businessId});
  if (!client->isNull(1) && sms && sms->getBool(0)) {
    m.channel = "sms";
    enqueue(c, m, now);
  }
}

std::int64_t Outbox::cancelReminders(store::Connection& c, std::int64_t bookingId) {
  return c.execute("UPDATE outbox SET state = 'cancelled' WHERE booking_id = ? AND template = 'booking.reminder' "
                   "AND state IN ('queued', 'pending')",
                   {bookingId});
}

std::int64_t Outbox::purgeClient(store::Connection& c, std::int64_t businessId, std::int64_t clientId) {
  return c.execute("DELETE FROM outbox WHERE business_id = ? AND client_id = ?", {businessId, clientId});
}

OutboxMessage Outbox::fromRow(const store::Row& r) {
  OutboxMessage m;
  m.id = r.getInt("id");
  m.businessId = r.getInt("business_id");
  m.clientId = r.getOptionalInt("client_id");
  m.userId = r.getOptionalInt("user_id");
  m.bookingId = r.getOptionalInt("booking_id");
  m.channel = r.getText("channel");
  m.category = r.getText("category");
  m.templateName = r.getText("template");
  m.locale = r.getText("locale");
  m.dataJson = r.getText("data_json");
  m.state = r.getText("state");
  m.address = r.getOptionalText("address");
  m.subject = r.getOptionalText("subject");
  m.bodyText = r.getOptionalText("body_text");
  m.bodyHtml = r.getOptionalText("body_html");
  m.messageId = r.getOptionalText("message_id");
  m.lastError = r.getOptionalText("last_error");
  m.attempts = static_cast<int>(r.getInt("attempts"));
  m.nextAttemptAt = r.getInt("next_attempt_at");
  m.createdAt = r.getInt("created_at");
  m.sentAt = r.getOptionalInt("sent_at");
  return m;
}

} // namespace atrium::notify
