#include "base/Business.h"
#include "core/TextInput.h"

#include "base/TimeZones.h"

#include "core/Errors.h"
#include "store/DatabaseError.h"

#include <atrium/sdk/JsonBuilder.hpp>

#include <algorithm>
#include <regex>

namespace atrium::base {
namespace {

constexpr const char* kColumns =
    "id, slug, name, time_zone, locale, contact_email, contact_phone, address, created_at, features_version, booking_horizon_days";

Business fromRow(const store::Row& row) {
  Business b;
  b.id = row.getInt("id");
  b.slug = row.getText("slug");
  b.name = row.getText("name");
  b.timeZone = row.getText("time_zone");
  b.locale = row.getText("locale");
  b.contactEmail = row.getOptionalText("contact_email");
  b.contactPhone = row.getOptionalText("contact_phone");
  b.address = row.getOptionalText("address");
  b.createdAt = row.getInt("created_at");
  b.featuresVersion = row.getInt("features_version");
  b.bookingHorizonDays = static_cast<int>(row.getInt("booking_horizon_days"));
  return b;
}

bool isTimeZone(const std::string& zone) {
  static const std::regex kShape("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$");
  return zone.size() <= 64 && std::regex_match(zone, kShape) && TimeZones::isValid(zone);
}

} // namespace

void BusinessDirectory::validate(const Business& b) {
  static const std::regex kSlug("^[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]$");
  if (!std::regex_match(b.slug, kSlug) || b.slug.find("--") != std::string::npos)
    throw core::ValidationError("slug", "slug must be 3 to 64 characters of a-z, 0-9 and single inner hyphens");
  core::requireText("name", b.name, 200);
  if (!isTimeZone(b.timeZone))
    throw core::ValidationError("time_zone", "time_zone must be an IANA time zone such as Europe/Berlin");
  if (b.locale != "en" && b.locale != "zh-TW") throw core::ValidationError("locale", "locale must be en or zh-TW");
  if (b.contactEmail && (b.contactEmail->size() > 254 || b.contactEmail->find('@') == std::string::npos))
    throw core::ValidationError("contact_email", "contact_email must be an email address");
  if (b.contactPhone && b.contactPhone->size() > 32) throw core::ValidationError("contact_phone", "contact_phone is too long");
  if (b.contactEmail) core::requirePlainText("contact_email", *b.contactEmail);
  if (b.contactPhone) core::requirePlainText("contact_phone", *b.contactPhone);
  if (b.address) {
    core::requireText("address", *b.address, 300, core::TextKind::MultiLine, false);
    if (std::count(b.address->begin(), b.address->end(), '\n') > 3) throw core::ValidationError("address", "the address may have at most 4 lines");
  }
  if (b.bookingHorizonDays < 1 || b.bookingHorizonDays > 3650)
    throw core::ValidationError("booking_horizon_days", "booking_horizon_days must be from 1 to 3650");
}

Business BusinessDirectory::create(Business b) {
  validate(b);
  b.createdAt = clock_.nowMicros();
  auto lease = database_.acquire();
  try {
    b.id = lease->insert("INSERT INTO businesses (slug, name, time_zone, locale, contact_email, contact_phone, created_at, "
                         "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         {b.slug, b.name, b.timeZone, b.locale, b.contactEmail, b.contactPhone, b.createdAt, b.createdAt});
  } catch (const store::DatabaseError& e) {
    if (e.kind() == store::DatabaseError::Kind::Constraint)
      throw core::ConflictError("a business with this slug already exists", "slug");
    throw;
  }
  return b;
}

std::vector<Business> BusinessDirectory::list() {
  auto lease = database_.acquire();
  std::vector<Business> out;
  lease->forEach(std::string("SELECT ") + kColumns + " FROM businesses ORDER BY slug", {},
                 [&out](const store::Row& row) { out.push_back(fromRow(row)); });
  return out;
}

std::optional<Business> BusinessDirectory::findBySlug(const std::string& slug) {
  auto lease = database_.acquire();
  auto row = lease->queryOne(std::string("SELECT ") + kColumns + " FROM businesses WHERE slug = ?", {slug});
  if (!row) return std::nullopt;
  return fromRow(*row);
}

std::optional<Business> BusinessDirectory::findById(std::int64_t id) {
  auto lease = database_.acquire();
  auto row = lease->queryOne(std::string("SELECT ") + kColumns + " FROM businesses WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return fromRow(*row);
}

std::int64_t BusinessDirectory::count() {
  auto lease = database_.acquire();
  return lease->queryOne("SELECT COUNT(*) FROM businesses")->getInt(0);
}

void BusinessDirectory::saveSettings(const Business& b, const base::AuditBy& by) {
  validate(b);
  database_.inTransaction([&](store::Connection& c) {
    auto row = c.queryOne(std::string("SELECT ") + kColumns + " FROM businesses WHERE id = ?", {b.id});
    if (!row) throw core::NotFoundError("no such business");
    const Business old = fromRow(*row);
    sdk::JsonArray changed;
    if (old.contactEmail != b.contactEmail) changed.add("contact_email");
    if (old.contactPhone != b.contactPhone) changed.add("contact_phone");
    if (old.address != b.address) changed.add("address");
    if (old.bookingHorizonDays != b.bookingHorizonDays) changed.add("booking_horizon_days");
    if (changed.empty()) return;
    c.execute("UPDATE businesses SET contact_email = ?, contact_phone = ?, address = ?, booking_horizon_days = ?, updated_at = ? WHERE id = ?",
              {b.contactEmail, b.contactPhone, b.address, static_cast<std::int64_t>(b.bookingHorizonDays), clock_.nowMicros(), b.id});
    if (audit_)
      audit_->record(c, b.id, by, "business.settings_changed", {"business", std::to_string(b.id)},
                     sdk::JsonObject{{"changed", changed},
                                     {"booking_horizon_days", sdk::JsonObject{{"old", old.bookingHorizonDays}, {"new", b.bookingHorizonDays}}}}
                         .str());
  });
}

} // namespace atrium::base
