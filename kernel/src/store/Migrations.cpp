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
};

} // namespace

std::span<const Migration> kernelMigrations() { return kMigrations; }

} // namespace atrium::store
