#include "booking/Business.h"
#include "core/TextInput.h"

#include "booking/TimeZones.h"

#include "core/Errors.h"
#include "store/DatabaseError.h"

#include <regex>

namespace atrium::booking {
namespace {

constexpr const char* kColumns =
    "id, slug, name, time_zone, locale, contact_email, contact_phone, created_at, features_version, booking_horizon_days";

Business fromRow(const store::Row& row) {
  Business b;
  b.id = row.getInt("id");
  b.slug = row.getText("slug");
  b.name = row.getText("name");
  b.timeZone = row.getText("time_zone");
  b.locale = row.getText("locale");
  b.contactEmail = row.getOptionalText("contact_email");
  b.contactPhone = row.getOptionalText("contact_phone");
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
  if (b.name.empty() || b.name.size() > 200) throw core::ValidationError("name", "name must have 1 to 200 characters");
  core::requirePlainText("name", b.name);
  if (!isTimeZone(b.timeZone))
    throw core::ValidationError("time_zone", "time_zone must be an IANA time zone such as Europe/Berlin");
  if (b.locale != "en" && b.locale != "zh-TW") throw core::ValidationError("locale", "locale must be en or zh-TW");
  if (b.contactEmail && (b.contactEmail->size() > 254 || b.contactEmail->find('@') == std::string::npos))
    throw core::ValidationError("contact_email", "contact_email must be an email address");
  if (b.contactPhone && b.contactPhone->size() > 32) throw core::ValidationError("contact_phone", "contact_phone is too long");
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

void BusinessDirectory::setBookingHorizon(std::int64_t businessId, int days, const privacy::AuditBy& by) {
  if (days < 1 || days > 3650) throw core::ValidationError("booking_horizon_days", "booking_horizon_days must be from 1 to 3650");
  database_.inTransaction([&](store::Connection& c) {
    auto old = c.queryOne("SELECT booking_horizon_days FROM businesses WHERE id = ?", {businessId});
    if (!old) throw core::NotFoundError("no such business");
    c.execute("UPDATE businesses SET booking_horizon_days = ? WHERE id = ?", {static_cast<std::int64_t>(days), businessId});
    if (audit_ && old->getInt(0) != days)
      audit_->record(c, businessId, by, "business.settings_changed", {"business", std::to_string(businessId)},
                     R"({"booking_horizon_days":{"old":)" + std::to_string(old->getInt(0)) + R"(,"new":)" + std::to_string(days) + "}}");
  });
}

} // namespace atrium::booking
