// Availability and booking rules against both backends, with the injected clock.
#include "core/Errors.h"
#include "BookingWorld.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace atrium;
using base::LocalDate;
using base::TimeZones;
using test::BookingWorld;

namespace {

std::vector<std::string> localStarts(const base::Business& b, const std::vector<booking::Slot>& slots) {
  std::vector<std::string> out;
  for (const auto& s : slots) out.push_back(TimeZones::formatLocal(b.timeZone, s.startAt).substr(11, 5));
  return out;
}

LocalDate day(const char* text) { return *LocalDate::parse(text); }

} // namespace

TEST_CASE("time zones: DST gaps and folds, offsets, parsing", "[booking]") {
  auto gap = TimeZones::toUtc("Europe/Berlin", day("2030-03-31"), 2 * 60 + 30); // 02:30 does not exist
  CHECK_FALSE(gap.has_value());
  auto fold = TimeZones::toUtc("Europe/Berlin", day("2030-10-27"), 2 * 60 + 30); // 02:30 happens twice: the first
  REQUIRE(fold);
  CHECK(TimeZones::formatLocal("Europe/Berlin", *fold) == "2030-10-27T02:30:00+02:00");
  CHECK(TimeZones::formatUtc(*TimeZones::toUtc("Asia/Taipei", day("2030-01-01"), 9 * 60)) == "2030-01-01T01:00:00Z");
  CHECK(TimeZones::parseInstant("2030-01-01T09:00:00+08:00") == TimeZones::parseInstant("2030-01-01T01:00:00Z"));
  CHECK(TimeZones::parseInstant("2030-01-01T01:00Z").has_value());
  CHECK_FALSE(TimeZones::parseInstant("2030-02-30T01:00:00Z").has_value());
  CHECK_FALSE(TimeZones::parseInstant("yesterday").has_value());
  CHECK(day("2030-03-25").weekday() == 0);
  CHECK(day("2030-03-31").weekday() == 6);
}

TEST_CASE("slots honour working hours and are never in the past", "[backend][booking]") {
  BookingWorld w;
  auto b = w.business("clinic");
  auto ana = w.provider(b, "ana", {{0, 9 * 60, 12 * 60}});
  auto svc = w.service(b, 60);
  auto slots = w.availability.slots(b, svc, ana, day("2030-03-25"), day("2030-03-31"));
  // Monday 09:00–12:00, hourly service, 15-minute grid: 09:00 … 11:00; the clock is 08:00 that Monday
  CHECK(localStarts(b, slots) == std::vector<std::string>{"09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00"});
  w.clock.set(w.at(b, "2030-03-25", 10, 5));
  CHECK(localStarts(b, w.availability.slots(b, svc, ana, day("2030-03-25"), day("2030-03-25"))).front() == "10:15");
  CHECK_THROWS_AS(w.availability.slots(b, svc, ana, day("2030-03-25"), day("2030-06-30")), core::ValidationError);
  CHECK_THROWS_AS(w.availability.slots(b, svc, ana, day("2030-03-26"), day("2030-03-25")), core::ValidationError);
}

TEST_CASE("slots on DST change days follow the local clock", "[backend][booking]") {
  BookingWorld w;
  auto b = w.business("berlin", "Europe/Berlin");
  auto p = w.provider(b, "dora", {{6, 60, 240}}); // Sundays 01:00–04:00 local
  auto svc = w.service(b, 30);
  w.clock.set(w.at(b, "2030-03-01", 0));
  auto spring = w.availability.slots(b, svc, p, day("2030-03-31"), day("2030-03-31"));
  CHECK(localStarts(b, spring) == std::vector<std::string>{"01:00", "01:15", "01:30", "01:45", "03:00", "03:15", "03:30"});
  auto normal = w.availability.slots(b, svc, p, day("2030-03-24"), day("2030-03-24"));
  CHECK(normal.size() == 11);
  auto autumn = w.availability.slots(b, svc, p, day("2030-10-27"), day("2030-10-27"));
  CHECK(autumn.size() == 11);
  for (std::size_t i = 1; i < autumn.size(); ++i) CHECK(autumn[i].startAt > autumn[i - 1].startAt);
}

TEST_CASE("existing bookings and buffers block slots on both sides", "[backend][booking]") {
  BookingWorld w;
  auto b = w.business("clinic");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30, 10);
  auto mia = w.client(b, "mia");
  w.book(b, svc, ana, w.at(b, "2030-03-26", 10), mia.id); // 10:00–10:30, blocked until 10:40
  auto starts = localStarts(b, w.availability.slots(b, svc, ana, day("2030-03-26"), day("2030-03-26")));
  auto has = [&](const char* t) { return std::find(starts.begin(), starts.end(), t) != starts.end(); };
  CHECK(has("09:15"));       // ends 09:45, its buffer to 09:55
  CHECK_FALSE(has("09:30")); // its buffer would run into 10:00
  CHECK_FALSE(has("10:00"));
  CHECK_FALSE(has("10:30")); // the 10:00 booking's buffer runs to 10:40
  CHECK(has("10:45"));
  CHECK_THROWS_AS(w.book(b, svc, ana, w.at(b, "2030-03-26", 10, 30), mia.id), core::ConflictError);
}

TEST_CASE("capacity above one fills seats of the same start", "[backend][booking]") {
  BookingWorld w;
  auto b = w.business("gym");
  auto coach = w.provider(b, "coach");
  auto yoga = w.service(b, 60, 0, 3);
  auto start = w.at(b, "2030-03-27", 10);
  for (int i = 0; i < 2; ++i) w.book(b, yoga, coach, start, w.client(b, "p" + std::to_string(i)).id);
  auto slots = w.availability.slots(b, yoga, coach, day("2030-03-27"), day("2030-03-27"));
  auto it = std::find_if(slots.begin(), slots.end(), [&](const auto& s) { return s.startAt == start; });
  REQUIRE(it != slots.end());
  CHECK(it->seatsLeft == 1);
  CHECK(std::none_of(slots.begin(), slots.end(), [&](const auto& s) { return s.startAt == start + 30 * test::kMinute; })); // overlaps the class
  w.book(b, yoga, coach, start, w.client(b, "p2").id);
  CHECK_THROWS_AS(w.book(b, yoga, coach, start, w.client(b, "p3").id), core::ConflictError);
  slots = w.availability.slots(b, yoga, coach, day("2030-03-27"), day("2030-03-27"));
  CHECK(std::none_of(slots.begin(), slots.end(), [&](const auto& s) { return s.startAt == start; }));
}

TEST_CASE("hours may not overlap, days off remove a day, any provider merges", "[backend][booking]") {
  BookingWorld w;
  auto b = w.business("clinic");
  auto ana = w.provider(b, "ana", {{1, 9 * 60, 11 * 60}});
  auto ben = w.provider(b, "ben", {{1, 10 * 60, 12 * 60}});
  CHECK_THROWS_AS(w.staff.setHours(b.id, ana, {{1, 540, 660}, {1, 600, 700}}), core::ValidationError);
  CHECK_THROWS_AS(w.staff.setHours(b.id, ana, {{7, 540, 660}}), core::ValidationError);
  CHECK_THROWS_AS(w.staff.setHours(b.id, ana, {{1, 700, 660}}), core::ValidationError);
  auto svc = w.service(b, 60);
  auto both = w.availability.slots(b, svc, std::nullopt, day("2030-03-26"), day("2030-03-26"));
  CHECK(both.size() == 5 + 5);
  w.staff.addDayOff(b.id, ana, {0, day("2030-03-26"), day("2030-03-26"), "training"});
  auto onlyBen = w.availability.slots(b, svc, std::nullopt, day("2030-03-26"), day("2030-03-26"));
  CHECK(onlyBen.size() == 5);
  CHECK(std::all_of(onlyBen.begin(), onlyBen.end(), [&](const auto& s) { return s.providerId == ben; }));
  // "any provider" bookings go to whoever is free
  booking::NewBooking req;
  req.serviceId = svc.id;
  req.startAt = w.at(b, "2030-03-26", 11);
  req.clientId = w.client(b, "x").id;
  CHECK(w.bookings.create(b, req, {}).providerId == ben);
}

TEST_CASE("50 concurrent requests for one slot from two nodes make exactly one booking", "[backend][booking][slow]") {
  BookingWorld w(16);
  auto b = w.business("rush");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto start = w.at(b, "2030-03-26", 9);
  std::vector<std::int64_t> clients;
  for (int i = 0; i < 50; ++i) clients.push_back(w.client(b, "c" + std::to_string(i)).id);
  // a second node: its own connection pool and domain objects on the same database
  auto nodeB = store::Database::open(w.database.settings());
  booking::ServiceCatalog servicesB(*nodeB, w.clock);
  booking::StaffDirectory staffB(*nodeB, w.clock);
  booking::ClientDirectory clientsB(*nodeB, w.clock);
  booking::Availability availabilityB(*nodeB, w.clock, staffB);
  booking::Bookings bookingsB(*nodeB, w.clock, servicesB, staffB, clientsB, availabilityB, nullptr);

  std::atomic<int> ok{0}, taken{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      booking::NewBooking req;
      req.serviceId = svc.id;
      req.providerId = ana;
      req.startAt = start;
      req.clientId = clients[static_cast<std::size_t>(i)];
      try {
        (i % 2 ? bookingsB : w.bookings).create(b, req, {"staff", "1"});
        ++ok;
      } catch (const core::ConflictError&) {
        ++taken;
      } catch (const std::exception&) {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 1);
  CHECK(taken == 49);
  CHECK(other == 0);
  CHECK(w.bookings.list(b.id, {}, 100, 0).total == 1);
}

TEST_CASE("booking lifecycle: reschedule, cancel frees the slot, complete after start, history", "[backend][booking]") {
  BookingWorld w;
  auto b = w.business("clinic");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto mia = w.client(b, "mia");
  auto first = w.book(b, svc, ana, w.at(b, "2030-03-26", 9), mia.id);
  auto moved = w.bookings.reschedule(b, first.id, w.at(b, "2030-03-26", 11), std::nullopt, {"staff", "1"});
  CHECK(moved.startAt == w.at(b, "2030-03-26", 11));
  CHECK_NOTHROW(w.book(b, svc, ana, w.at(b, "2030-03-26", 9), w.client(b, "sam").id)); // the old time is free again
  CHECK_THROWS_AS(w.bookings.finish(b, moved.id, "completed", {"staff", "1"}), core::ConflictError); // not started yet
  w.bookings.cancel(b, moved.id, std::string("ill"), {"client", std::to_string(mia.id)});
  CHECK_NOTHROW(w.book(b, svc, ana, w.at(b, "2030-03-26", 11), w.client(b, "zoe").id));
  CHECK_THROWS_AS(w.bookings.cancel(b, moved.id, std::nullopt, {}), core::ConflictError); // already cancelled
  auto third = w.bookings.list(b.id, {}, 10, 0).bookings.front();
  w.clock.set(w.at(b, "2030-03-26", 9, 40));
  auto done = w.bookings.finish(b, third.id, "completed", {"staff", "1"});
  CHECK(done.status == "completed");
  auto history = w.bookings.history(b.id, moved.id);
  REQUIRE(history.size() == 3); // booked, moved, cancelled
  CHECK(history[0].to == "confirmed");
  CHECK(history[1].to == "confirmed"); // a move keeps the status and says from where to where
  CHECK(history[1].fromStart == w.at(b, "2030-03-26", 9));
  CHECK(history[1].toStart == w.at(b, "2030-03-26", 11));
  CHECK(history[2].to == "cancelled");
  CHECK(history[2].actor.kind == "client");
  CHECK(history[2].reason == std::optional<std::string>("ill"));
  CHECK_THROWS_AS(w.book(b, svc, ana, w.at(b, "2030-03-26", 8), mia.id), core::ValidationError); // in the past now
  CHECK_THROWS_AS(w.book(b, svc, ana, w.at(b, "2030-03-28", 20), mia.id), core::ValidationError); // outside hours
}

TEST_CASE("every booking query is scoped by business", "[backend][booking]") {
  BookingWorld w;
  auto a = w.business("alpha");
  auto z = w.business("zulu");
  auto ana = w.provider(a, "ana");
  auto svc = w.service(a, 30);
  auto mia = w.client(a, "mia");
  auto booked = w.book(a, svc, ana, w.at(a, "2030-03-26", 9), mia.id);
  CHECK_THROWS_AS(w.bookings.get(z.id, booked.id), core::NotFoundError);
  CHECK_THROWS_AS(w.services.get(z.id, svc.id), core::NotFoundError);
  CHECK_THROWS_AS(w.clients.get(z.id, mia.id), core::NotFoundError);
  CHECK_THROWS_AS(w.staff.hours(z.id, ana), core::NotFoundError);
  CHECK_THROWS_AS(w.bookings.cancel(z, booked.id, std::nullopt, {}), core::NotFoundError);
  booking::NewBooking req; // another business's service, provider or client cannot be booked
  req.serviceId = svc.id;
  req.providerId = ana;
  req.startAt = w.at(a, "2030-03-26", 10);
  req.clientId = mia.id;
  CHECK_THROWS_AS(w.bookings.create(z, req, {}), core::NotFoundError);
}
