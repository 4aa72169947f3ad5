#include "booking/DemoData.h"

#include "core/Random.h"

namespace atrium::booking {
namespace {

constexpr std::int64_t kMinute = 60'000'000;

std::int64_t ensureProvider(const DemoServices& s, const base::Business& b, const std::string& email, const std::string& name) {
  auto id = s.users.findByEmail(b.id, email);
  if (!id) id = s.users.create({b.id, email, name, auth::Role::Staff, core::randomReadable(20), true}, b.name);
  s.staff.update(b.id, *id, std::nullopt, true, std::nullopt);
  return *id;
}

} // namespace

DemoLogin ensureDemo(const DemoServices& s) {
  DemoLogin login;
  login.slug = "demo";
  login.ownerEmail = "owner@demo-clinic.example";
  std::optional<base::Business> business = s.businesses.findBySlug(login.slug);
  if (!business) {
    base::Business demo;
    demo.slug = login.slug;
    demo.name = "Demo Clinic";
    demo.timeZone = "Europe/London";
    demo.locale = "en";
    demo.contactEmail = "hello@demo-clinic.example";
    business = s.businesses.create(demo);
  }
  const base::Business& b = *business;
  if (!s.users.findByEmail(b.id, login.ownerEmail)) {
    auth::NewUser owner{b.id, login.ownerEmail, "Demo Owner", auth::Role::Owner, core::randomReadable(16), true};
    s.users.create(owner, b.name);
    login.created = true;
    login.oneTimePassword = owner.password;
  }
  login.adminEmail = "admin@demo-clinic.example";
  if (!s.users.findByEmail(std::nullopt, login.adminEmail)) {
    auth::NewUser admin{std::nullopt, login.adminEmail, "Demo Administrator", auth::Role::InstallationAdmin, core::randomReadable(16), true};
    s.users.create(admin, "");
    login.adminOneTimePassword = admin.password;
  }

  auto catalog = s.services.list(b.id, true);
  if (catalog.empty()) {
    catalog.push_back(s.services.create({0, b.id, "Consultation", "A first appointment: history, examination, plan.", 30, 10, 6000, "GBP", 1, true}));
    catalog.push_back(s.services.create({0, b.id, "Follow-up", "A short check of how things are going.", 15, 5, 3500, "GBP", 1, true}));
    catalog.push_back(s.services.create({0, b.id, "Back-care class", "Gentle exercises in a small group.", 60, 0, 1500, "GBP", 6, true}));
  }
  login.services = static_cast<int>(catalog.size());

  std::int64_t ana = ensureProvider(s, b, "ana.lima@demo-clinic.example", "Dr Ana Lima");
  std::int64_t ben = ensureProvider(s, b, "ben.okafor@demo-clinic.example", "Ben Okafor");
  login.providers = 2;
  if (s.staff.hours(b.id, ana).empty())
    s.staff.setHours(b.id, ana, {{0, 540, 1020}, {1, 540, 1020}, {2, 540, 1020}, {3, 540, 1020}, {4, 540, 780}});
  if (s.staff.hours(b.id, ben).empty())
    s.staff.setHours(b.id, ben, {{0, 600, 1080}, {2, 600, 1080}, {4, 600, 1080}, {5, 600, 840}});

  if (s.bookings.list(b.id, {}, 1, 0).total == 0) {
    std::vector<Client> people;
    for (auto [name, email] : {std::pair{"Mia Rossi", "mia.rossi@example.com"}, std::pair{"Chen Wei", "chen.wei@example.com"},
                               std::pair{"Sam Taylor", "sam.taylor@example.com"}}) {
      Client c;
      c.businessId = b.id;
      c.name = name;
      c.email = email;
      people.push_back(s.clients.create(c));
    }
    // Past visits, stored as they happened (the booking flow only takes future times).
    std::int64_t now = s.clock.nowMicros();
    std::int64_t day = 24 * 60 * kMinute;
    for (int i = 0; i < 4; ++i) {
      const Service& svc = catalog[static_cast<std::size_t>(i % 2)];
      std::int64_t start = (now / day - 7 * (i + 1)) * day + 10 * 60 * kMinute;
      std::int64_t end = start + svc.durationMin * kMinute;
      s.database.inTransaction([&](store::Connection& c) {
        auto id = c.insert("INSERT INTO bookings (business_id, service_id, provider_id, client_id, start_at, end_at, blocked_until, status, "
                           "source, note, price_cents, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'completed', "
                           "'back_office', NULL, ?, ?, ?, ?)",
                           {b.id, svc.id, i % 2 ? ben : ana, people[static_cast<std::size_t>(i % 3)].id, start, end,
                            end + svc.bufferMin * kMinute, svc.priceCents, svc.currency, start - day, end});
        c.execute("INSERT INTO booking_history (business_id, booking_id, from_status, to_status, actor_kind, actor_id, at) "
                  "VALUES (?, ?, NULL, 'confirmed', 'system', 'demo', ?), (?, ?, 'confirmed', 'completed', 'system', 'demo', ?)",
                  {b.id, id, start - day, b.id, id, end});
      });
      ++login.bookings;
    }
    // Upcoming ones, through the real booking flow, at the first free slots.
    Availability availability(s.database, s.clock, s.staff);
    auto today = base::TimeZones::toLocal(b.timeZone, now).first;
    base::LocalDate horizon = today;
    for (int i = 0; i < 13; ++i) horizon = horizon.next();
    for (std::size_t i = 0; i < 3; ++i) {
      auto slots = availability.slots(b, catalog[i % 2], std::nullopt, today.next(), horizon);
      if (slots.size() <= i * 5) continue;
      NewBooking req;
      req.serviceId = catalog[i % 2].id;
      req.providerId = slots[i * 5].providerId;
      req.startAt = slots[i * 5].startAt;
      req.clientId = people[i].id;
      s.bookings.create(b, req, {"system", "demo"});
      ++login.bookings;
    }
  }
  return login;
}

} // namespace atrium::booking
