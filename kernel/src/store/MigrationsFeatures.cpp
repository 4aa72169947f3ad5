#include "store/MigrationGroups.h"

namespace atrium::store {

/// 4 on: webhooks, plugin jobs, privacy, notifications, history and what came after.
std::vector<Migration> featureMigrations() {
  return {
      Migration{4,
                "webhooks and their delivery log",
                {
                    "CREATE TABLE webhooks ("
                    " id {id},"
                    " business_id BIGINT NOT NULL,"
                    " url VARCHAR(2000) NOT NULL,"
                    " secret VARCHAR(128) NOT NULL,"
                    " events VARCHAR(200) NOT NULL,"  // comma-separated event names
                    " active INTEGER NOT NULL DEFAULT 1,"
                    " created_at BIGINT NOT NULL,"
                    " CONSTRAINT fk_webhooks_business FOREIGN KEY (business_id) REFERENCES businesses (id)"
                    "){options}",
                    "CREATE INDEX ix_webhooks_business ON webhooks (business_id)",
                    "CREATE TABLE webhook_deliveries ("
                    " id {id},"
                    " business_id BIGINT NOT NULL,"
                    " webhook_id BIGINT NOT NULL,"
                    " event VARCHAR(64) NOT NULL,"
                    " payload_json LONGTEXT NOT NULL,"
                    " state VARCHAR(16) NOT NULL,"    // pending | delivered | failed
                    " attempts INTEGER NOT NULL DEFAULT 0,"
                    " next_attempt_at BIGINT NOT NULL,"
                    " lease_until BIGINT NOT NULL DEFAULT 0,"
                    " last_status INTEGER NULL,"
                    " last_error VARCHAR(500) NULL,"
                    " created_at BIGINT NOT NULL,"
                    " delivered_at BIGINT NULL,"
                    " CONSTRAINT fk_deliveries_webhook FOREIGN KEY (webhook_id) REFERENCES webhooks (id)"
                    "){options}",
                    "CREATE INDEX ix_deliveries_due ON webhook_deliveries (state, next_attempt_at)",
                    "CREATE INDEX ix_deliveries_webhook ON webhook_deliveries (webhook_id, id)",
                }},
      Migration{5,
                "plugin jobs",
                {
                    "CREATE TABLE plugin_jobs ("
                    " business_id BIGINT NOT NULL,"
                    " plugin_id VARCHAR(32) NOT NULL,"
                    " name VARCHAR(64) NOT NULL,"
                    " payload_json LONGTEXT NOT NULL,"
                    " run_at BIGINT NOT NULL,"
                    " interval_us BIGINT NOT NULL,"
                    " attempts INTEGER NOT NULL DEFAULT 0,"
                    " lease_until BIGINT NOT NULL DEFAULT 0,"
                    " PRIMARY KEY (business_id, plugin_id, name),"
                    " CONSTRAINT fk_jobs_business FOREIGN KEY (business_id) REFERENCES businesses (id)"
                    "){options}",
                    "CREATE INDEX ix_plugin_jobs_due ON plugin_jobs (run_at)",
                }},
      Migration{6,
                "privacy: re-authentication window, support access, erasure log",
                {
                    "ALTER TABLE sessions ADD COLUMN privacy_until BIGINT NOT NULL DEFAULT 0",
                    "ALTER TABLE sessions ADD COLUMN support_grant_id BIGINT NULL",
                    "ALTER TABLE sessions ADD COLUMN support_scope VARCHAR(8) NULL",
                    "ALTER TABLE login_challenges ADD COLUMN purpose VARCHAR(16) NOT NULL DEFAULT 'login'",
                    "ALTER TABLE login_challenges ADD COLUMN session_hash CHAR(64) NULL",
                    "CREATE TABLE support_grants ("
                    " id {id},"
                    " business_id BIGINT NOT NULL,"
                    " code_hash CHAR(64) NOT NULL,"
                    " scope VARCHAR(8) NOT NULL,"       // read | write
                    " created_by BIGINT NOT NULL,"
                    " created_at BIGINT NOT NULL,"
                    " expires_at BIGINT NOT NULL,"
                    " redeemed_at BIGINT NULL,"
                    " redeemed_by BIGINT NULL,"
                    " revoked_at BIGINT NULL,"
                    " CONSTRAINT uq_support_code UNIQUE (code_hash),"
                    " CONSTRAINT fk_grants_business FOREIGN KEY (business_id) REFERENCES businesses (id)"
                    "){options}",
                    "CREATE INDEX ix_grants_business ON support_grants (business_id)",
                    "CREATE TABLE erasures ("
                    " id {id},"
                    " business_id BIGINT NOT NULL,"
                    " client_id BIGINT NOT NULL,"
                    " erased_at BIGINT NOT NULL,"
                    " actor_kind VARCHAR(32) NOT NULL,"
                    " actor_id VARCHAR(64) NOT NULL"
                    "){options}",
                    "CREATE INDEX ix_erasures_business ON erasures (business_id, client_id)",
                }},
      Migration{7,
                "notifications: outbox, templates, settings, consent ledger",
                {
                    "CREATE TABLE outbox ("
                    " id {id},"
                    " business_id BIGINT NOT NULL,"
                    " client_id BIGINT NULL,"            // recipient: a client …
                    " user_id BIGINT NULL,"              // … or a staff user
                    " booking_id BIGINT NULL,"
                    " channel VARCHAR(8) NOT NULL,"      // email | sms
                    " category VARCHAR(16) NOT NULL,"    // service | promotional
                    " template VARCHAR(96) NOT NULL,"    // booking.confirmation, <plugin>.<key>, campaign …
                    " locale VARCHAR(16) NOT NULL,"
                    " data_json LONGTEXT NOT NULL,"      // values the template is rendered from (campaign text, plugin data)
                    " dedupe_key VARCHAR(128) NULL,"     // reminders: never twice
                    " state VARCHAR(16) NOT NULL,"       // queued | pending | sent | failed | suppressed | cancelled
                    " address VARCHAR(254) NULL,"        // filled when rendered
                    " subject VARCHAR(500) NULL,"
                    " body_text LONGTEXT NULL,"
                    " body_html LONGTEXT NULL,"
                    " message_id VARCHAR(200) NULL,"
                    " attempts INTEGER NOT NULL DEFAULT 0,"
                    " next_attempt_at BIGINT NOT NULL,"
                    " lease_until BIGINT NOT NULL DEFAULT 0,"
                    " last_error VARCHAR(500) NULL,"
                    " created_at BIGINT NOT NULL,"
                    " sent_at BIGINT NULL,"
                    " CONSTRAINT uq_outbox_dedupe UNIQUE (dedupe_key),"
                    " CONSTRAINT fk_outbox_business FOREIGN KEY (business_id) REFERENCES businesses (id)"
                    "){options}",
                    "CREATE INDEX ix_outbox_due ON outbox (state, next_attempt_at)",
                    "CREATE INDEX ix_outbox_business ON outbox (business_id, id)",
                    "CREATE INDEX ix_outbox_client ON outbox (business_id, client_id)",
                    "CREATE INDEX ix_outbox_booking ON outbox (booking_id)",
                    "CREATE TABLE notification_templates ("
                    " business_id BIGINT NOT NULL,"
                    " template VARCHAR(96) NOT NULL,"
                    " locale VARCHAR(16) NOT NULL,"
                    " channel VARCHAR(8) NOT NULL,"
                    " subject VARCHAR(500) NOT NULL,"
                    " body_text LONGTEXT NOT NULL,"
                    " body_html LONGTEXT NULL,"
                    " updated_at BIGINT NOT NULL,"
                    " PRIMARY KEY (business_id, template, locale, channel)"
                    "){options}",
                    "CREATE TABLE notification_settings ("
                    " business_id BIGINT NOT NULL PRIMARY KEY,"
                    " reminder_minutes VARCHAR(100) NOT NULL,"   // lead times, e.g. 1440,120
                    " reply_to VARCHAR(254) NULL,"
                    " sms_enabled INTEGER NOT NULL DEFAULT 0,"
                    " updated_at BIGINT NOT NULL"
                    "){options}",
                    "ALTER TABLE clients ADD COLUMN service_email INTEGER NOT NULL DEFAULT 1",
                    "ALTER TABLE clients ADD COLUMN service_sms INTEGER NOT NULL DEFAULT 1",
                    "CREATE TABLE consent_ledger ("
                    " id {id},"
                    " business_id BIGINT NOT NULL,"
                    " client_id BIGINT NOT NULL,"
                    " channel VARCHAR(8) NOT NULL,"
                    " category VARCHAR(16) NOT NULL,"
                    " granted INTEGER NOT NULL,"          // 1 opt-in, 0 opt-out
                    " source VARCHAR(32) NOT NULL,"       // booking_form | back_office | unsubscribe_link | one_click | api
                    " at BIGINT NOT NULL"
                    "){options}",
                    "CREATE INDEX ix_consent_client ON consent_ledger (business_id, client_id)",
                }},
      Migration{8,
                "history retention: purged bookings",
                {
                    "ALTER TABLE bookings ADD COLUMN purged_at BIGINT NULL",
                    // the unpurged in end order, without stepping over the purged on every batch
                    "CREATE INDEX ix_bookings_unpurged_end ON bookings (business_id, purged_at, end_at)",
                }},
      Migration{9,
                "booking history: moves and cancellation reasons",
                {
                    // a move keeps the status: from and to start say what changed
                    "ALTER TABLE booking_history ADD COLUMN from_start BIGINT NULL",
                    "ALTER TABLE booking_history ADD COLUMN to_start BIGINT NULL",
                    // what the canceller wrote; personal data: erasure and retention clear it
                    "ALTER TABLE booking_history ADD COLUMN reason VARCHAR(500) NULL",
                }},
      Migration{10,
                "clients: who created them; businesses: how far ahead they take bookings; outbox by address; second-factor answers used",
                {
                    // the staff member who created a client sees it (as those they booked); NULL:
                    // the booking page, an owner before this version, an import
                    "ALTER TABLE clients ADD COLUMN created_by BIGINT NULL",
                    "ALTER TABLE businesses ADD COLUMN booking_horizon_days INTEGER NOT NULL DEFAULT 365",
                    // emails per recipient per hour (notify.maxEmailsPerRecipientPerHour)
                    "CREATE INDEX ix_outbox_address ON outbox (address, created_at)",
                    // a second-factor answer is accepted once per account, across nodes, however
                    // many pending sign-ins it is sent to at the same moment (the primary key decides)
                    "CREATE TABLE second_factor_uses ("
                    " user_id BIGINT NOT NULL,"
                    " answer_hash CHAR(64) NOT NULL," // SHA-256 of the answer
                    " used_at BIGINT NOT NULL,"
                    " PRIMARY KEY (user_id, answer_hash)"
                    "){options}",
                }},
      Migration{11,
                "keyed audit chain",
                {
                    // 0: unkeyed SHA-256 (written before this migration), 1: HMAC-SHA256 under
                    // the audit-chain key derived from the master key, which is not in the
                    // database. The start that applies this re-anchors the old rows once
                    // (base::AuditLog::reanchor); afterwards a row of scheme 0 never verifies.
                    "ALTER TABLE audit_log ADD COLUMN scheme INTEGER NOT NULL DEFAULT 0",
                }},
      Migration{12,
                "plugins fail closed per business; versioned plugin records",
                {
                    // a plugin suspended after faults stays enabled where it was and refuses for it
                    // (fail closed); suspended per business, lifted by `atrium plugins enable`
                    "ALTER TABLE business_features ADD COLUMN suspended_at BIGINT NULL",
                    "ALTER TABLE business_features ADD COLUMN suspended_reason VARCHAR(400) NULL",
                    // the last fault of a plugin, for the administrator (capped, no personal data)
                    "ALTER TABLE plugin_installations ADD COLUMN last_fault VARCHAR(400) NULL",
                    "ALTER TABLE plugin_installations ADD COLUMN last_fault_at BIGINT NULL",
                    // compare-and-set and counters of the host API (ABI 1.2)
                    "ALTER TABLE plugin_records ADD COLUMN version BIGINT NOT NULL DEFAULT 1",
                }},
      Migration{13,
                "businesses: a postal address for the foot of their emails",
                {
                    "ALTER TABLE businesses ADD COLUMN address VARCHAR(1200) NULL", // 300 characters, 4 bytes each at most
                }},
  };
}

} // namespace atrium::store
