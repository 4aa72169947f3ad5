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
};

} // namespace

std::span<const Migration> kernelMigrations() { return kMigrations; }

} // namespace atrium::store
