#include "store/MigrationGroups.h"

namespace atrium::store {

/// 1-3: businesses and users, plugins and the audit log, the booking core.
std::vector<Migration> foundationMigrations() {
  return {
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
  };
}

} // namespace atrium::store
