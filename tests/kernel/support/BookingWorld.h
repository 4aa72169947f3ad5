#pragma once
#include "auth/UserAccounts.h"
#include "booking/Availability.h"
#include "booking/Bookings.h"
#include "store/Migrator.h"
#include "TestDatabase.h"

namespace atrium::test {

/// 2030-03-25 08:00 UTC, a Monday: tests travel from here with the manual clock.
inline constexpr std::int64_t kMonday2030 = 1900656000LL * 1000000;
inline constexpr std::int64_t kMinute = 60'000'000;

/// A migrated database with the booking domain wired, and helpers to make a business
/// with a bookable provider working Monday to Friday 09:00–17:00.
struct BookingWorld {
  TestDatabase database;
  core::ManualClock clock{kMonday2030};
  auth::PasswordHasher hasher{2};
  base::BusinessDirectory businesses{database.db(), clock};
  auth::UserAccounts users{database.db(), clock, hasher};
  booking::ServiceCatalog services{database.db(), clock};
  booking::StaffDirectory staff{database.db(), clock};
  booking::ClientDirectory clients{database.db(), clock};
  booking::Availability availability{database.db(), clock, staff};
  booking::Bookings bookings{database.db(), clock, services, staff, clients, availability, nullptr};

  explicit BookingWorld(int poolSize = 8) : database(poolSize) { store::Migrator(database.db()).migrate(); }

  base::Business business(const std::string& slug, const std::string& zone = "Europe/London") {
    return businesses.create({0, slug, "Business " + slug, zone, "en", {}, {}, 0, 0});
  }
  std::int64_t provider(const base::Business& b, const std::string& name,
                        std::vector<booking::WorkingInterval> week = {{0, 540, 1020}, {1, 540, 1020}, {2, 540, 1020},
                                                                      {3, 540, 1020}, {4, 540, 1020}}) {
    auto id = users.create({b.id, name + "@" + b.slug + ".example", name, auth::Role::Staff, "tulip lantern orbit 42", false}, b.name);
    staff.update(b.id, id, std::nullopt, true, std::nullopt);
    staff.setHours(b.id, id, week);
    return id;
  }
  booking::Service service(const base::Business& b, int duration = 30, int buffer = 0, int capacity = 1) {
    return services.create({0, b.id, "Service " + std::to_string(duration), "", duration, buffer, 5000, "EUR", capacity, true});
  }
  booking::Client client(const base::Business& b, const std::string& name) {
    booking::Client c;
    c.businessId = b.id;
    c.name = name;
    c.email = name + "@example.com";
    return clients.create(c);
  }
  /// The UTC instant of a local time in the business's zone.
  std::int64_t at(const base::Business& b, const std::string& date, int hour, int minute = 0) {
    return *base::TimeZones::toUtc(b.timeZone, *base::LocalDate::parse(date), hour * 60 + minute);
  }
  booking::Booking book(const base::Business& b, const booking::Service& s, std::int64_t provider, std::int64_t start,
                        std::int64_t clientId) {
    booking::NewBooking req;
    req.serviceId = s.id;
    req.providerId = provider;
    req.startAt = start;
    req.clientId = clientId;
    return bookings.create(b, req, {"staff", "1"});
  }
};

} // namespace atrium::test
