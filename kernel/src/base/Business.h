#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

namespace atrium::base {

/// A tenant: every other row belongs to exactly one business.
struct Business {
  std::int64_t id = 0;
  std::string slug;     ///< public identifier in URLs: 3–64 of a–z, 0–9 and inner hyphens
  std::string name;
  std::string timeZone; ///< IANA zone, e.g. Europe/Berlin
  std::string locale;   ///< en or zh-TW
  std::optional<std::string> contactEmail;
  std::optional<std::string> contactPhone;
  std::int64_t createdAt = 0; ///< microseconds since the epoch
  std::int64_t featuresVersion = 0; ///< bumped by every feature change (plugin dispatch cache key)
  int bookingHorizonDays = 365; ///< the booking page offers and takes starts at most this many days ahead
  std::optional<std::string> address; ///< postal address, up to 4 lines: the foot of every email to clients
};

/// Creates and looks up businesses. Validation failures throw core::ValidationError
/// naming the field; a taken slug throws core::ConflictError. Thread-safe.
class BusinessDirectory {
public:
  BusinessDirectory(store::Database& database, const core::Clock& clock, base::AuditLog* audit = nullptr)
      : database_(database), clock_(clock), audit_(audit) {}

  Business create(Business business);
  std::vector<Business> list();
  std::optional<Business> findBySlug(const std::string& slug);
  std::optional<Business> findById(std::int64_t id);
  std::int64_t count();
  /// Saves what a business sets about itself: contact email and phone, address and how far
  /// ahead the booking page takes bookings (1 to 3650 days). Validates like create(); throws
  /// core::ValidationError naming the field. A change `by` a user is audited
  /// ("business.settings_changed": the names of the fields changed, not their values, and the
  /// horizon's old and new value) in the same transaction.
  void saveSettings(const Business& business, const base::AuditBy& by = std::nullopt);

  static void validate(const Business& business);

private:
  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog* audit_;
};

} // namespace atrium::base
