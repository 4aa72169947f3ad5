#include "store/Migrator.h"

#include <array>

namespace atrium::store {
namespace {

// Append only. Never edit a released migration: add a new one.
const std::array kMigrations{
    Migration{1,
              "businesses and system users",
              {
                  "CREATE TABLE businesses ("
                  " id {id},"
                  " slug VARCHAR(64) NOT NULL,"
                  " name VARCHAR(200) NOT NULL,"
                  " time_zone VARCHAR(64) NOT NULL,"
                  " locale VARCHAR(16) NOT NULL,"
                  " contact_email VARCHAR(254) NULL,"
                  " contact_phone VARCHAR(32) NULL,"
                  " created_at BIGINT NOT NULL,"
                  " updated_at BIGINT NOT NULL,"
                  " CONSTRAINT uq_businesses_slug UNIQUE (slug)"
                  "){options}",
                  "CREATE TABLE users ("
                  " id {id},"
                  " business_id BIGINT NULL,"
                  " email VARCHAR(254) NOT NULL,"
                  " display_name VARCHAR(200) NOT NULL,"
                  " role VARCHAR(32) NOT NULL,"
                  " password_hash VARCHAR(255) NOT NULL,"
                  " must_change_password INTEGER NOT NULL DEFAULT 0,"
                  " created_at BIGINT NOT NULL,"
                  " updated_at BIGINT NOT NULL,"
                  " CONSTRAINT fk_users_business FOREIGN KEY (business_id) REFERENCES businesses (id),"
                  " CONSTRAINT uq_users_business_email UNIQUE (business_id, email)"
                  "){options}",
                  "CREATE INDEX ix_users_email ON users (email)",
              }},
    Migration{2,
              "plugins: installation state, per-business features, records; audit log",
              {
                  // bumped with every feature change of the business: nodes compare it to
                  // their cached plugin set, so a toggle takes effect on the next request
                  "ALTER TABLE businesses ADD COLUMN features_version BIGINT NOT NULL DEFAULT 0",
                  "CREATE TABLE plugin_installations ("
                  " plugin_id VARCHAR(32) NOT NULL PRIMARY KEY,"
                  " available INTEGER NOT NULL DEFAULT 1,"
                  " safe_mode INTEGER NOT NULL DEFAULT 0,"
                  " reason VARCHAR(1000) NULL,"
                  " updated_at BIGINT NOT NULL"
                  "){options}",
                  "CREATE TABLE business_features ("
                  " business_id BIGINT NOT NULL,"
                  " plugin_id VARCHAR(32) NOT NULL,"
                  " enabled INTEGER NOT NULL,"
                  " config_json LONGTEXT NOT NULL,"
                  " updated_at BIGINT NOT NULL,"
                  " updated_by VARCHAR(64) NOT NULL,"
                  " PRIMARY KEY (business_id, plugin_id),"
                  " CONSTRAINT fk_features_business FOREIGN KEY (business_id) REFERENCES businesses (id)"
                  "){options}",
                  "CREATE TABLE plugin_records ("
                  " business_id BIGINT NOT NULL,"
                  " plugin_id VARCHAR(32) NOT NULL,"
                  " collection VARCHAR(64) NOT NULL,"
                  " record_key VARCHAR(256) NOT NULL,"
                  " subject_kind VARCHAR(8) NOT NULL,"
                  " subject_id VARCHAR(64) NOT NULL,"
                  " value_json LONGTEXT NOT NULL,"
                  " flags INTEGER NOT NULL DEFAULT 0,"
                  " expires_at BIGINT NOT NULL DEFAULT 0,"
                  " updated_at BIGINT NOT NULL,"
                  " PRIMARY KEY (business_id, plugin_id, collection, record_key),"
                  " CONSTRAINT fk_records_business FOREIGN KEY (business_id) REFERENCES businesses (id)"
                  "){options}",
                  "CREATE INDEX ix_records_subject ON plugin_records (business_id, subject_kind, subject_id)",
                  "CREATE TABLE audit_heads ("
                  " chain_id BIGINT NOT NULL PRIMARY KEY,"
                  " last_hash CHAR(64) NOT NULL,"
                  " entries BIGINT NOT NULL"
                  "){options}",
                  "CREATE TABLE audit_log ("
                  " id {id},"
                  " chain_id BIGINT NOT NULL,"
                  " business_id BIGINT NULL,"
                  " at BIGINT NOT NULL,"
                  " actor_kind VARCHAR(32) NOT NULL,"
                  " actor_id VARCHAR(64) NOT NULL,"
                  " action VARCHAR(96) NOT NULL,"
                  " subject_kind VARCHAR(32) NOT NULL,"
                  " subject_id VARCHAR(64) NOT NULL,"
                  " details_json LONGTEXT NOT NULL,"
                  " prev_hash CHAR(64) NOT NULL,"
                  " hash CHAR(64) NOT NULL"
                  "){options}",
                  "CREATE INDEX ix_audit_chain ON audit_log (chain_id, id)",
              }},
    Migration{3,
              "booking core: services, providers' hours, clients, bookings; sessions, login throttling, secrets",
              {
                  "ALTER TABLE users ADD COLUMN bookable INTEGER NOT NULL DEFAULT 0",
                  "ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1",
                  // incremented inside every booking transaction of the provider: the row lock
                  // serialises bookings of one provider across nodes (no double booking)
                  "ALTER TABLE users ADD COLUMN booking_seq BIGINT NOT NULL DEFAULT 0",
                  "CREATE TABLE services ("
                  " id {id},"
                  " business_id BIGINT NOT NULL,"
                  " name VARCHAR(200) NOT NULL,"
                  " description VARCHAR(2000) NOT NULL DEFAULT '',"
                  " duration_min INTEGER NOT NULL,"
                  " buffer_min INTEGER NOT NULL DEFAULT 0,"
                  " price_cents BIGINT NOT NULL DEFAULT 0,"
                  " currency CHAR(3) NOT NULL DEFAULT 'EUR',"
                  " capacity INTEGER NOT NULL DEFAULT 1,"
                  " active INTEGER NOT NULL DEFAULT 1,"
                  " created_at BIGINT NOT NULL,"
                  " updated_at BIGINT NOT NULL,"
                  " CONSTRAINT fk_services_business FOREIGN KEY (business_id) REFERENCES businesses (id)"
                  "){options}",
                  "CREATE INDEX ix_services_business ON services (business_id)",
                  "CREATE TABLE working_hours ("
                  " id {id},"
                  " business_id BIGINT NOT NULL,"
                  " provider_id BIGINT NOT NULL,"
                  " weekday INTEGER NOT NULL,"       // 0 = Monday … 6 = Sunday
                  " start_min INTEGER NOT NULL,"     // minutes after local midnight
                  " end_min INTEGER NOT NULL,"
                  " CONSTRAINT fk_hours_provider FOREIGN KEY (provider_id) REFERENCES users (id)"
                  "){options}",
                  "CREATE INDEX ix_hours_provider ON working_hours (business_id, provider_id)",
                  "CREATE TABLE days_off ("
                  " id {id},"
                  " business_id BIGINT NOT NULL,"
                  " provider_id BIGINT NOT NULL,"
                  " first_day CHAR(10) NOT NULL,"    // local dates, YYYY-MM-DD, inclusive
                  " last_day CHAR(10) NOT NULL,"
                  " reason VARCHAR(200) NOT NULL DEFAULT '',"
                  " CONSTRAINT fk_daysoff_provider FOREIGN KEY (provider_id) REFERENCES users (id)"
                  "){options}",
                  "CREATE INDEX ix_daysoff_provider ON days_off (business_id, provider_id)",
                  "CREATE TABLE clients ("
                  " id {id},"
                  " business_id BIGINT NOT NULL,"
                  " name VARCHAR(200) NULL,"
                  " email VARCHAR(254) NULL,"
                  " phone VARCHAR(32) NULL,"
                  " notes VARCHAR(4000) NULL,"
                  " locale VARCHAR(16) NOT NULL DEFAULT 'en',"
                  " marketing_email INTEGER NOT NULL DEFAULT 0,"
                  " marketing_sms INTEGER NOT NULL DEFAULT 0,"
                  " erased_at BIGINT NULL,"
                  " created_at BIGINT NOT NULL,"
                  " updated_at BIGINT NOT NULL,"
                  " CONSTRAINT fk_clients_business FOREIGN KEY (business_id) REFERENCES businesses (id)"
                  "){options}",
                  "CREATE INDEX ix_clients_email ON clients (business_id, email)",
                  "CREATE TABLE bookings ("
                  " id {id},"
                  " business_id BIGINT NOT NULL,"
                  " service_id BIGINT NOT NULL,"
                  " provider_id BIGINT NOT NULL,"
                  " client_id BIGINT NULL,"
                  " start_at BIGINT NOT NULL,"       // UTC microseconds
                  " end_at BIGINT NOT NULL,"
                  " blocked_until BIGINT NOT NULL,"  // end_at + the service's buffer
                  " status VARCHAR(16) NOT NULL,"
                  " source VARCHAR(16) NOT NULL,"
                  " note VARCHAR(2000) NULL,"
                  " price_cents BIGINT NOT NULL,"
                  " currency CHAR(3) NOT NULL,"
                  " created_at BIGINT NOT NULL,"
                  " updated_at BIGINT NOT NULL,"
                  " CONSTRAINT fk_bookings_business FOREIGN KEY (business_id) REFERENCES businesses (id),"
                  " CONSTRAINT fk_bookings_service FOREIGN KEY (service_id) REFERENCES services (id),"
                  " CONSTRAINT fk_bookings_provider FOREIGN KEY (provider_id) REFERENCES users (id),"
                  " CONSTRAINT fk_bookings_client FOREIGN KEY (client_id) REFERENCES clients (id)"
                  "){options}",
                  "CREATE INDEX ix_bookings_provider_time ON bookings (provider_id, start_at)",
                  "CREATE INDEX ix_bookings_business_time ON bookings (business_id, start_at)",
                  "CREATE INDEX ix_bookings_client ON bookings (business_id, client_id)",
                  "CREATE TABLE booking_history ("
                  " id {id},"
                  " business_id BIGINT NOT NULL,"
                  " booking_id BIGINT NOT NULL,"
                  " from_status VARCHAR(16) NULL,"
                  " to_status VARCHAR(16) NOT NULL,"
                  " actor_kind VARCHAR(32) NOT NULL,"
                  " actor_id VARCHAR(64) NOT NULL,"
                  " at BIGINT NOT NULL,"
                  " CONSTRAINT fk_history_booking FOREIGN KEY (booking_id) REFERENCES bookings (id)"
                  "){options}",
                  "CREATE INDEX ix_history_booking ON booking_history (booking_id)",
                  "CREATE TABLE sessions ("
                  " id_hash CHAR(64) NOT NULL PRIMARY KEY," // SHA-256 of the cookie value
                  " user_id BIGINT NOT NULL,"
                  " business_id BIGINT NULL,"
                  " csrf_token CHAR(43) NOT NULL,"
                  " created_at BIGINT NOT NULL,"
                  " last_seen_at BIGINT NOT NULL,"
                  " expires_at BIGINT NOT NULL,"
                  " idle_timeout_s INTEGER NOT NULL,"
                  " CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id)"
                  "){options}",
                  "CREATE INDEX ix_sessions_user ON sessions (user_id)",
                  "CREATE TABLE login_throttle ("
                  " throttle_key CHAR(64) NOT NULL PRIMARY KEY," // SHA-256 of account or address
                  " failures INTEGER NOT NULL,"
                  " locked_until BIGINT NOT NULL,"
                  " updated_at BIGINT NOT NULL"
                  "){options}",
                  "CREATE TABLE login_challenges ("
                  " token_hash CHAR(64) NOT NULL PRIMARY KEY," // SHA-256 of the pending-login token
                  " user_id BIGINT NOT NULL,"
                  " issuer VARCHAR(32) NOT NULL,"             // the plugin that demanded the challenge
                  " challenge_json LONGTEXT NOT NULL,"
                  " attempts INTEGER NOT NULL DEFAULT 0,"
                  " expires_at BIGINT NOT NULL,"
                  " CONSTRAINT fk_challenges_user FOREIGN KEY (user_id) REFERENCES users (id)"
                  "){options}",
                  "CREATE TABLE server_secrets ("
                  " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                  " secret VARCHAR(128) NOT NULL,"
                  " created_at BIGINT NOT NULL"
                  "){options}",
              }},
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

} // namespace

std::span<const Migration> kernelMigrations() { return kMigrations; }

} // namespace atrium::store
