#include "booking/Services.h"
#include "core/TextInput.h"

#include "core/Errors.h"

#include <atrium/sdk/JsonBuilder.hpp>

#include <regex>

namespace atrium::booking {
namespace {

constexpr const char* kColumns =
    "id, business_id, name, description, duration_min, buffer_min, price_cents, currency, capacity, active";

Service fromRow(const store::Row& r) {
  Service s;
  s.id = r.getInt("id");
  s.businessId = r.getInt("business_id");
  s.name = r.getText("name");
  s.description = r.getText("description");
  s.durationMin = static_cast<int>(r.getInt("duration_min"));
  s.bufferMin = static_cast<int>(r.getInt("buffer_min"));
  s.priceCents = r.getInt("price_cents");
  s.currency = r.getText("currency");
  s.capacity = static_cast<int>(r.getInt("capacity"));
  s.active = r.getBool("active");
  return s;
}

} // namespace

void ServiceCatalog::validate(const Service& s) {
  static const std::regex kCurrency("^[A-Z]{3}$");
  core::requireText("name", s.name, 200);
  core::requireText("description", s.description, 2000, core::TextKind::MultiLine, false);
  if (s.durationMin < 5 || s.durationMin > kMaxDurationMin)
    throw core::ValidationError("duration_min", core::Text("duration_min must be from 5 to {max}", {{"max", std::to_string(kMaxDurationMin)}}));
  if (s.bufferMin < 0 || s.bufferMin > kMaxBufferMin)
    throw core::ValidationError("buffer_min", core::Text("buffer_min must be from 0 to {max}", {{"max", std::to_string(kMaxBufferMin)}}));
  if (s.priceCents < 0 || s.priceCents > 100'000'000) throw core::ValidationError("price_cents", "price_cents must be from 0 to 100000000");
  if (!std::regex_match(s.currency, kCurrency)) throw core::ValidationError("currency", "currency must be an ISO 4217 code such as EUR");
  if (s.capacity < 1 || s.capacity > 100) throw core::ValidationError("capacity", "capacity must be from 1 to 100");
}

std::vector<Service> ServiceCatalog::list(std::int64_t businessId, bool includeInactive) {
  std::vector<Service> out;
  auto lease = database_.acquire();
  lease->forEach(std::string("SELECT ") + kColumns + " FROM services WHERE business_id = ?" +
                     (includeInactive ? "" : " AND active = 1") + " ORDER BY name, id",
                 {businessId}, [&out](const store::Row& r) { out.push_back(fromRow(r)); });
  return out;
}

Service ServiceCatalog::get(std::int64_t businessId, std::int64_t id) {
  auto lease = database_.acquire();
  auto row = lease->queryOne(std::string("SELECT ") + kColumns + " FROM services WHERE business_id = ? AND id = ?", {businessId, id});
  if (!row) throw core::NotFoundError("no such service");
  return fromRow(*row);
}

Service ServiceCatalog::create(Service s, const base::AuditBy& by) {
  validate(s);
  auto now = clock_.nowMicros();
  database_.inTransaction([&](store::Connection& c) {
    s.id = c.insert("INSERT INTO services (business_id, name, description, duration_min, buffer_min, price_cents, currency, "
                    "capacity, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    {s.businessId, s.name, s.description, s.durationMin, s.bufferMin, s.priceCents, s.currency, s.capacity,
                     s.active, now, now});
    if (audit_) audit_->record(c, s.businessId, by, "service.created", {"service", std::to_string(s.id)});
  });
  return s;
}

Service ServiceCatalog::update(const Service& s, const base::AuditBy& by) {
  validate(s);
  database_.inTransaction([&](store::Connection& c) {
    auto row = c.queryOne(std::string("SELECT ") + kColumns + " FROM services WHERE business_id = ? AND id = ?", {s.businessId, s.id});
    if (!row) throw core::NotFoundError("no such service");
    Service old = fromRow(*row);
    c.execute("UPDATE services SET name = ?, description = ?, duration_min = ?, buffer_min = ?, price_cents = ?, "
              "currency = ?, capacity = ?, active = ?, updated_at = ? WHERE business_id = ? AND id = ?",
              {s.name, s.description, s.durationMin, s.bufferMin, s.priceCents, s.currency, s.capacity, s.active, clock_.nowMicros(),
               s.businessId, s.id});
    // the names of the fields that changed; the offer's own values stay in the service
    sdk::JsonArray changed;
    bool any = false;
    auto note = [&](const char* field, bool differs) {
      if (differs) changed.add(field), any = true;
    };
    note("name", old.name != s.name);
    note("description", old.description != s.description);
    note("duration_min", old.durationMin != s.durationMin);
    note("buffer_min", old.bufferMin != s.bufferMin);
    note("price_cents", old.priceCents != s.priceCents);
    note("currency", old.currency != s.currency);
    note("capacity", old.capacity != s.capacity);
    note("active", old.active != s.active);
    if (audit_ && any) audit_->record(c, s.businessId, by, "service.updated", {"service", std::to_string(s.id)}, sdk::JsonObject{{"changed", changed}}.str());
  });
  return s;
}

} // namespace atrium::booking
