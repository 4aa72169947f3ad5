#pragma once
#include "base/TimeZones.h"
#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atrium::booking {

/// A back-office user as the business's staff list shows them.
struct StaffMember {
  std::int64_t id = 0;
  std::string email;
  std::string displayName;
  std::string role;      ///< owner | admin | staff
  bool bookable = false; ///< clients can book them (a provider)
  bool active = true;
};

/// One weekly working interval of a provider, in the business's local time.
struct WorkingInterval {
  int weekday = 0;  ///< 0 = Monday … 6 = Sunday
  int startMin = 0; ///< minutes after local midnight
  int endMin = 0;
  bool operator==(const WorkingInterval&) const = default;
};

struct DayOff {
  std::int64_t id = 0;
  base::LocalDate first;
  base::LocalDate last;
  std::string reason;
};

/// Staff of a business, which of them clients can book, their weekly hours and days off.
/// Every query is scoped by business; another business's user is "not found". A change `by`
/// a user is audited in its own transaction when an audit log is given ("staff.updated",
/// "staff.hours_changed", "staff.day_off_added", "staff.day_off_removed": ids, field names,
/// counts; never names, dates off or their reasons).
class StaffDirectory {
public:
  StaffDirectory(store::Database& database, const core::Clock& clock, base::AuditLog* audit = nullptr)
      : database_(database), clock_(clock), audit_(audit) {}

  std::vector<StaffMember> list(std::int64_t businessId);
  /// Bookable, active staff, optionally only one of them.
  std::vector<StaffMember> providers(std::int64_t businessId);
  StaffMember get(std::int64_t businessId, std::int64_t userId);
  void update(std::int64_t businessId, std::int64_t userId, const std::optional<std::string>& displayName,
              const std::optional<bool>& bookable, const std::optional<bool>& active, const base::AuditBy& by = std::nullopt);

  std::vector<WorkingInterval> hours(std::int64_t businessId, std::int64_t providerId);
  /// Replaces the provider's whole week. Intervals may not overlap within a day.
  void setHours(std::int64_t businessId, std::int64_t providerId, std::vector<WorkingInterval> week,
                const base::AuditBy& by = std::nullopt);

  std::vector<DayOff> daysOff(std::int64_t businessId, std::int64_t providerId);
  DayOff addDayOff(std::int64_t businessId, std::int64_t providerId, DayOff dayOff, const base::AuditBy& by = std::nullopt);
  void removeDayOff(std::int64_t businessId, std::int64_t providerId, std::int64_t dayOffId, const base::AuditBy& by = std::nullopt);

private:
  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog* audit_;
};

} // namespace atrium::booking
