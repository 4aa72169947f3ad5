#pragma once
#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atrium::booking {

/// The longest a service may last and the longest buffer after it: a booking never blocks
/// its provider for more than their sum, which bounds the overlap queries from below.
inline constexpr int kMaxDurationMin = 720;
inline constexpr int kMaxBufferMin = 240;

/// Something a business offers for booking.
struct Service {
  std::int64_t id = 0;
  std::int64_t businessId = 0;
  std::string name;
  std::string description;
  int durationMin = 30;
  int bufferMin = 0;    ///< time blocked after each booking (cleaning, notes)
  std::int64_t priceCents = 0;
  std::string currency = "EUR";
  int capacity = 1;     ///< clients per slot (a class); 1 = one-to-one
  bool active = true;
};

/// The services of each business. Every query is scoped by business: another business's
/// id is "not found". Validation errors name the field (core::ValidationError). A write
/// `by` a user is audited ("service.created", "service.updated": ids and the names of the
/// fields that changed) in its own transaction when an audit log is given.
class ServiceCatalog {
public:
  ServiceCatalog(store::Database& database, const core::Clock& clock, base::AuditLog* audit = nullptr)
      : database_(database), clock_(clock), audit_(audit) {}

  std::vector<Service> list(std::int64_t businessId, bool includeInactive);
  /// Throws core::NotFoundError.
  Service get(std::int64_t businessId, std::int64_t id);
  Service create(Service service, const base::AuditBy& by = std::nullopt);
  /// Replaces the editable fields of an existing service.
  Service update(const Service& service, const base::AuditBy& by = std::nullopt);

  static void validate(const Service& service);

private:
  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog* audit_;
};

} // namespace atrium::booking
