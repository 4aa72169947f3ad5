#include "booking/Staff.h"
#include "core/TextInput.h"

#include "core/Errors.h"

#include <atrium/sdk/JsonBuilder.hpp>

#include <algorithm>

namespace atrium::booking {
namespace {

constexpr const char* kColumns = "id, email, display_name, role, bookable, active";

StaffMember fromRow(const store::Row& r) {
  return StaffMember{r.getInt("id"), r.getText("email"), r.getText("display_name"), r.getText("role"), r.getBool("bookable"),
                     r.getBool("active")};
}

} // namespace

std::vector<StaffMember> StaffDirectory::list(std::int64_t businessId) {
  std::vector<StaffMember> out;
  auto lease = database_.acquire();
  lease->forEach(std::string("SELECT ") + kColumns + " FROM users WHERE business_id = ? ORDER BY display_name, id", {businessId},
                 [&out](const store::Row& r) { out.push_back(fromRow(r)); });
  return out;
}

std::vector<StaffMember> StaffDirectory::providers(std::int64_t businessId) {
  std::vector<StaffMember> out;
  auto lease = database_.acquire();
  lease->forEach(std::string("SELECT ") + kColumns +
                     " FROM users WHERE business_id = ? AND bookable = 1 AND active = 1 ORDER BY display_name, id",
                 {businessId}, [&out](const store::Row& r) { out.push_back(fromRow(r)); });
  return out;
}

StaffMember StaffDirectory::get(std::int64_t businessId, std::int64_t userId) {
  auto lease = database_.acquire();
  auto row = lease->queryOne(std::string("SELECT ") + kColumns + " FROM users WHERE business_id = ? AND id = ?", {businessId, userId});
  if (!row) throw core::NotFoundError("no such staff member");
  return fromRow(*row);
}

void StaffDirectory::update(std::int64_t businessId, std::int64_t userId, const std::optional<std::string>& displayName,
                            const std::optional<bool>& bookable, const std::optional<bool>& active, const base::AuditBy& by) {
  const StaffMember before = get(businessId, userId);
  StaffMember m = before;
  if (displayName) {
    core::requireText("display_name", *displayName, 200);
    m.displayName = *displayName;
  }
  if (bookable) m.bookable = *bookable;
  if (active) {
    if (!*active && m.role == "owner" && m.active) {
      auto lease = database_.acquire();
      if (lease->queryOne("SELECT COUNT(*) FROM users WHERE business_id = ? AND role = 'owner' AND active = 1", {businessId})->getInt(0) < 2)
        throw core::ValidationError("active", "the last owner cannot be deactivated");
    }
    m.active = *active;
  }
  database_.inTransaction([&](store::Connection& c) {
    c.execute("UPDATE users SET display_name = ?, bookable = ?, active = ?, updated_at = ? WHERE business_id = ? AND id = ?",
              {m.displayName, m.bookable, m.active, clock_.nowMicros(), businessId, userId});
    if (!m.active) c.execute("DELETE FROM sessions WHERE user_id = ?", {userId});
    // which fields changed, and the switches' old and new state; never the name itself
    sdk::JsonArray changed;
    sdk::JsonObject details;
    if (m.displayName != before.displayName) changed.add("display_name");
    if (m.bookable != before.bookable) changed.add("bookable");
    if (m.active != before.active) changed.add("active");
    if (changed.str() == "[]") return;
    details.add("changed", changed);
    if (m.bookable != before.bookable) details.add("bookable", sdk::JsonObject{{"old", before.bookable}, {"new", m.bookable}});
    if (m.active != before.active) details.add("active", sdk::JsonObject{{"old", before.active}, {"new", m.active}});
    if (audit_) audit_->record(c, businessId, by, "staff.updated", {"staff", std::to_string(userId)}, details.str());
  });
}

std::vector<WorkingInterval> StaffDirectory::hours(std::int64_t businessId, std::int64_t providerId) {
  get(businessId, providerId);
  std::vector<WorkingInterval> out;
  auto lease = database_.acquire();
  lease->forEach("SELECT weekday, start_min, end_min FROM working_hours WHERE business_id = ? AND provider_id = ? "
                 "ORDER BY weekday, start_min",
                 {businessId, providerId}, [&out](const store::Row& r) {
                   out.push_back({static_cast<int>(r.getInt(0)), static_cast<int>(r.getInt(1)), static_cast<int>(r.getInt(2))});
                 });
  return out;
}

void StaffDirectory::setHours(std::int64_t businessId, std::int64_t providerId, std::vector<WorkingInterval> week,
                              const base::AuditBy& by) {
  auto before = hours(businessId, providerId);
  if (week.size() > 70) throw core::ValidationError("hours", "at most 70 intervals per week");
  std::sort(week.begin(), week.end(), [](const auto& a, const auto& b) {
    return a.weekday != b.weekday ? a.weekday < b.weekday : a.startMin < b.startMin;
  });
  for (std::size_t i = 0; i < week.size(); ++i) {
    const auto& w = week[i];
    if (w.weekday < 0 || w.weekday > 6) throw core::ValidationError("hours", "weekday must be 0 (Monday) to 6 (Sunday)");
    if (w.startMin < 0 || w.endMin > 1440 || w.startMin >= w.endMin)
      throw core::ValidationError("hours", "each interval needs 0 <= start < end <= 24:00");
    if (i > 0 && week[i - 1].weekday == w.weekday && week[i - 1].endMin > w.startMin)
      throw core::ValidationError("hours", "intervals of one day must not overlap");
  }
  database_.inTransaction([&](store::Connection& c) {
    c.execute("DELETE FROM working_hours WHERE business_id = ? AND provider_id = ?", {businessId, providerId});
    for (const auto& w : week)
      c.execute("INSERT INTO working_hours (business_id, provider_id, weekday, start_min, end_min) VALUES (?, ?, ?, ?, ?)",
                {businessId, providerId, w.weekday, w.startMin, w.endMin});
    if (audit_ && before != week)
      audit_->record(c, businessId, by, "staff.hours_changed", {"staff", std::to_string(providerId)},
                     sdk::JsonObject{{"intervals", sdk::JsonObject{{"old", before.size()}, {"new", week.size()}}}}.str());
  });
}

std::vector<DayOff> StaffDirectory::daysOff(std::int64_t businessId, std::int64_t providerId) {
  get(businessId, providerId);
  std::vector<DayOff> out;
  auto lease = database_.acquire();
  lease->forEach("SELECT id, first_day, last_day, reason FROM days_off WHERE business_id = ? AND provider_id = ? ORDER BY first_day",
                 {businessId, providerId}, [&out](const store::Row& r) {
                   out.push_back({r.getInt(0), *base::LocalDate::parse(r.getText(1)), *base::LocalDate::parse(r.getText(2)), r.getText(3)});
                 });
  return out;
}

DayOff StaffDirectory::addDayOff(std::int64_t businessId, std::int64_t providerId, DayOff d, const base::AuditBy& by) {
  get(businessId, providerId);
  if (!(d.first <= d.last)) throw core::ValidationError("last_day", "last_day must not be before first_day");
  if (d.first.daysUntil(d.last) > 366) throw core::ValidationError("last_day", "a days-off range may span at most a year");
  core::requireText("reason", d.reason, 200, core::TextKind::Line, false);
  // the entry names the day off by id: when someone is away, and why, is theirs
  database_.inTransaction([&](store::Connection& c) {
    d.id = c.insert("INSERT INTO days_off (business_id, provider_id, first_day, last_day, reason) VALUES (?, ?, ?, ?, ?)",
                    {businessId, providerId, d.first.toString(), d.last.toString(), d.reason});
    if (audit_)
      audit_->record(c, businessId, by, "staff.day_off_added", {"staff", std::to_string(providerId)},
                     sdk::JsonObject{{"day_off_id", std::to_string(d.id)}}.str());
  });
  return d;
}

void StaffDirectory::removeDayOff(std::int64_t businessId, std::int64_t providerId, std::int64_t dayOffId, const base::AuditBy& by) {
  database_.inTransaction([&](store::Connection& c) {
    if (c.execute("DELETE FROM days_off WHERE business_id = ? AND provider_id = ? AND id = ?", {businessId, providerId, dayOffId}) == 0)
      throw core::NotFoundError("no such day off");
    if (audit_)
      audit_->record(c, businessId, by, "staff.day_off_removed", {"staff", std::to_string(providerId)},
                     sdk::JsonObject{{"day_off_id", std::to_string(dayOffId)}}.str());
  });
}

} // namespace atrium::booking
