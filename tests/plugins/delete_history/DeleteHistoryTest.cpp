// delete_history as a business meets it: the preview before anything happens, the day
// before and the day after the cut-off on an injected clock, legal holds, the canary scan
// of every table after a run, statistics unchanged, the run history and the audit trail,
// and a run cut short that the next run finishes without touching anything twice.
#include "ApiWorld.h"
#include "DataScan.h"
#include "privacy/HistoryPurge.h"

#include <catch2/catch.hpp>

using namespace atrium;
using test::ApiWorld;

namespace {

constexpr std::int64_t kDayUs = 86400LL * 1000 * 1000;

std::int64_t bookWithNote(ApiWorld& w, const base::Business& b, const booking::Service& s, std::int64_t provider, std::int64_t client,
                          std::int64_t start, const std::string& note) {
  booking::NewBooking req;
  req.serviceId = s.id;
  req.providerId = provider;
  req.clientId = client;
  req.startAt = start;
  req.note = note;
  return w.bookings.create(b, req, {"staff", "1"}).id;
}

booking::Client clientNamed(ApiWorld& w, const base::Business& b, const std::string& name) {
  booking::Client c;
  c.businessId = b.id;
  c.name = name;
  c.email = name + "@example.org";
  c.notes = name + " notes";
  return w.clients.create(c);
}

std::string configBody(int days, bool paused) {
  return R"({"config":{"days":)" + std::to_string(days) + R"(,"paused":)" + (paused ? "true" : "false") + "}}";
}

} // namespace

TEST_CASE("delete_history: preview, the day before and after the cut-off, holds, canaries, statistics, report", "[backend][delete_history]") {
  ApiWorld w(ATRIUM_PLUGINS_DIR);
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto gone = clientNamed(w, b, "Qx7Gonename");
  auto held = clientNamed(w, b, "Qx7Heldname");
  auto back = clientNamed(w, b, "Qx7Backname"); // an old visit and one to come
  auto goneBooking = bookWithNote(w, b, svc, ana, gone.id, w.at(b, "2030-03-26", 9), "Qx7GoneNote");
  bookWithNote(w, b, svc, ana, held.id, w.at(b, "2030-03-26", 10), "Qx7HeldNote");
  auto backOld = bookWithNote(w, b, svc, ana, back.id, w.at(b, "2030-03-26", 11), "Qx7BackOldNote");
  bookWithNote(w, b, svc, ana, back.id, w.at(b, "2030-06-04", 11), "Qx7BackNextNote");
  std::int64_t firstEnd = w.at(b, "2030-03-26", 9, 30);

  auto owner = w.signedIn(b, "owner@demo.example");
  REQUIRE(owner.post("/api/v1/features/delete_history/enable", configBody(30, true)).status == 200);
  auto hold = owner.post("/api/v1/plugins/delete_history/holds", R"({"client_id":")" + std::to_string(held.id) + R"(","reason":"dispute 2030-17"})");
  REQUIRE(hold.status == 201);
  auto unknown = owner.post("/api/v1/plugins/delete_history/holds", R"({"client_id":"999999","reason":"x"})");
  CHECK(unknown.status == 404);
  CHECK_THAT(unknown.body, Catch::Contains(R"("field":"client_id")")); // the page shows it beside the field
  auto noReason = owner.post("/api/v1/plugins/delete_history/holds", R"({"client_id":")" + std::to_string(gone.id) + "\"}");
  CHECK(noReason.status == 422);
  CHECK_THAT(noReason.body, Catch::Contains(R"("field":"reason")"));
  CHECK_THAT(owner.get("/api/v1/plugins/delete_history/holds").body, Catch::Contains("dispute 2030-17"));
  w.user(b, "ben@demo.example", auth::Role::Staff);
  CHECK(w.signedIn(b, "ben@demo.example").get("/api/v1/plugins/delete_history/preview").status == 403);

  // the day before the cut-off: nothing is due, a run removes nothing
  w.clock.set(firstEnd + 29 * kDayUs);
  owner = w.signedIn(b, "owner@demo.example"); // a month later: a new session
  auto previewed = owner.get("/api/v1/plugins/delete_history/preview");
  INFO(previewed.body);
  REQUIRE(previewed.status == 200);
  auto preview = previewed.json();
  CHECK(preview["bookings"].GetInt64() == 0);
  CHECK(preview["paused"].GetBool());
  owner.call("PUT", "/api/v1/features/delete_history/config", configBody(30, false));
  w.plugins->runDueJobs();
  auto all = test::everything(w.database.db());
  CHECK(all.find("Qx7GoneNote") != std::string::npos);
  CHECK(all.find("Qx7Gonename") != std::string::npos);

  // the day after, paused: the preview says what the run would remove; nothing goes yet
  owner.call("PUT", "/api/v1/features/delete_history/config", configBody(30, true));
  w.clock.set(firstEnd + 31 * kDayUs);
  owner = w.signedIn(b, "owner@demo.example");
  preview = owner.get("/api/v1/plugins/delete_history/preview").json();
  CHECK(preview["bookings"].GetInt64() == 2);  // gone's and back's old visit; not the held client's
  CHECK(preview["clients"].GetInt64() == 1);   // gone; back still has a visit to come
  CHECK(preview["oldest_end_us"].GetInt64() == firstEnd);
  w.plugins->runDueJobs();
  CHECK(test::everything(w.database.db()).find("Qx7GoneNote") != std::string::npos);

  // resumed: the run removes exactly what the preview said
  auto before = test::statistics(w.database.db(), b.id);
  REQUIRE(owner.call("PUT", "/api/v1/features/delete_history/config", configBody(30, false)).status == 200);
  w.clock.advanceSeconds(3601);
  CHECK(w.plugins->runDueJobs() == 1);
  owner = w.signedIn(b, "owner@demo.example");
  CHECK(test::statistics(w.database.db(), b.id) == before);
  all = test::everything(w.database.db());
  for (const char* canary : {"Qx7Gonename", "Qx7GoneNote", "Qx7BackOldNote"}) {
    INFO(canary);
    CHECK(all.find(canary) == std::string::npos);
  }
  for (const char* kept : {"Qx7Heldname", "Qx7HeldNote", "Qx7Backname", "Qx7BackNextNote"}) {
    INFO(kept);
    CHECK(all.find(kept) != std::string::npos);
  }
  {
    auto lease = w.database.db().acquire();
    CHECK(lease->queryOne("SELECT COUNT(*) FROM bookings WHERE id IN (?, ?) AND purged_at IS NOT NULL", {goneBooking, backOld})->getInt(0) == 2);
    CHECK(lease->queryOne("SELECT COUNT(*) FROM erasures WHERE client_id = ? AND actor_id = 'delete_history'", {gone.id})->getInt(0) == 1);
    CHECK(lease->queryOne("SELECT erased_at IS NULL FROM clients WHERE id = ?", {back.id})->getInt(0) == 1);
  }
  auto runs = owner.get("/api/v1/plugins/delete_history/runs").json();
  REQUIRE(runs["runs"].Size() == 2); // newest first; the day before's run removed nothing, the paused one did not run
  CHECK(runs["runs"][1]["bookings"].GetInt64() == 0);
  CHECK(runs["runs"][0]["bookings"].GetInt64() == 2);
  CHECK(runs["runs"][0]["clients"].GetInt64() == 1);
  CHECK(runs["runs"][0]["completed"].GetBool());
  auto trail = owner.get("/api/v1/audit?limit=200").body;
  CHECK_THAT(trail, Catch::Contains("delete_history.run") && Catch::Contains("delete_history.hold_placed"));
  CHECK(trail.find("Qx7") == std::string::npos); // counts, no personal data

  // the hold lifted: the next run takes the held client too
  CHECK(owner.call("DELETE", "/api/v1/plugins/delete_history/holds/client/" + std::to_string(held.id)).status == 200);
  CHECK(owner.call("DELETE", "/api/v1/plugins/delete_history/holds/client/" + std::to_string(held.id)).status == 404);
  w.clock.advanceSeconds(3601);
  CHECK(w.plugins->runDueJobs() == 1);
  owner = w.signedIn(b, "owner@demo.example");
  all = test::everything(w.database.db());
  CHECK(all.find("Qx7Heldname") == std::string::npos);
  CHECK(all.find("Qx7HeldNote") == std::string::npos);
  CHECK(test::statistics(w.database.db(), b.id) == before);
  CHECK(owner.get("/api/v1/plugins/delete_history/runs").json()["runs"].Size() == 3);
}

TEST_CASE("delete_history: a run cut short is finished by the next, nothing twice, cancelled bookings on their own clock", "[backend][delete_history]") {
  ApiWorld w(ATRIUM_PLUGINS_DIR);
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  std::vector<std::int64_t> clients, bookingIds;
  for (int i = 0; i < 7; ++i) {
    clients.push_back(clientNamed(w, b, "Qx7Client" + std::to_string(i)).id);
    bookingIds.push_back(bookWithNote(w, b, svc, ana, clients.back(), w.at(b, "2030-03-26", 9 + i), "Qx7Note" + std::to_string(i)));
  }
  auto cancelledId = bookWithNote(w, b, svc, ana, clients[0], w.at(b, "2030-04-23", 9), "Qx7Cancelled");
  w.bookings.cancel(b, cancelledId, std::nullopt, {"staff", "1"});
  w.clock.set(w.at(b, "2030-05-01", 12));

  // a run that stopped after one small batch (the process died): its batch is complete, the rest untouched
  privacy::HistoryPurge purge(w.database.db(), w.clock);
  privacy::PurgeRequest first;
  first.endedBefore = w.clock.nowMicros() - 30 * kDayUs;
  first.batchSize = 3;
  auto partial = purge.run(b.id, first);
  CHECK(partial.bookings == 3);
  CHECK(partial.more);
  auto lease = w.database.db().acquire();
  CHECK(lease->queryOne("SELECT COUNT(*) FROM bookings WHERE business_id = ? AND purged_at IS NOT NULL", {b.id})->getInt(0) == 3);
  std::int64_t firstPurgedAt = lease->queryOne("SELECT MIN(purged_at) FROM bookings WHERE purged_at IS NOT NULL")->getInt(0);

  // the plugin's next run finishes the job (but for a booking on hold); cancelled bookings go after their own 7 days
  auto owner = w.signedIn(b, "owner@demo.example");
  REQUIRE(owner.post("/api/v1/features/delete_history/enable", R"({"config":{"days":30,"cancelled_days":7,"paused":false}})").status == 200);
  std::string heldBooking = std::to_string(bookingIds[6]);
  REQUIRE(owner.post("/api/v1/plugins/delete_history/holds", R"({"booking_id":")" + heldBooking + R"(","reason":"chargeback"})").status == 201);
  CHECK(owner.post("/api/v1/plugins/delete_history/holds", R"({"booking_id":"999999","reason":"x"})").status == 404);
  auto injected = owner.post("/api/v1/plugins/delete_history/holds", R"({"booking_id":"1\",\"x","reason":"x"})");
  CHECK(injected.status == 422);
  CHECK_THAT(injected.body, Catch::Contains("booking_id must be an id"));
  w.clock.advanceSeconds(60);
  CHECK(w.plugins->runDueJobs() == 1);
  auto runs = owner.get("/api/v1/plugins/delete_history/runs").json();
  REQUIRE(runs["runs"].Size() == 1);
  CHECK(runs["runs"][0]["bookings"].GetInt64() == 4); // three left and the cancelled one; none of the first three again, not the held one
  CHECK(runs["runs"][0]["clients"].GetInt64() == 4);  // two went with the first batch; the first client had kept a cancelled booking
  CHECK(runs["runs"][0]["completed"].GetBool());
  CHECK(lease->queryOne("SELECT MIN(purged_at) FROM bookings WHERE purged_at IS NOT NULL")->getInt(0) == firstPurgedAt);
  CHECK(lease->queryOne("SELECT COUNT(*) FROM bookings WHERE business_id = ? AND purged_at IS NULL", {b.id})->getInt(0) == 1);
  CHECK(lease->queryOne("SELECT COUNT(*) FROM erasures WHERE business_id = ?", {b.id})->getInt(0) == 6);
  auto all = test::everything(w.database.db());
  CHECK(all.find("Qx7Note6") != std::string::npos);
  CHECK(all.find("Qx7Client6") != std::string::npos);
  for (int i = 0; i < 6; ++i) CHECK(all.find("Qx7Client" + std::to_string(i)) == std::string::npos);

  // and again: idempotent, nothing more to do while the hold stays
  w.clock.advanceSeconds(3601);
  CHECK(w.plugins->runDueJobs() == 1);
  owner = w.signedIn(b, "owner@demo.example");
  CHECK(owner.get("/api/v1/plugins/delete_history/runs").json()["runs"][0]["bookings"].GetInt64() == 0);

  // the hold lifted, the last booking and its client go
  CHECK(owner.call("DELETE", "/api/v1/plugins/delete_history/holds/booking/" + heldBooking).status == 200);
  w.clock.advanceSeconds(3601);
  CHECK(w.plugins->runDueJobs() == 1);
  CHECK(test::everything(w.database.db()).find("Qx7") == std::string::npos);
  CHECK(purge.run(b.id, first).bookings == 0);
}

TEST_CASE("delete_history: its settings are validated, and it is refused beside client accounts, saying why", "[backend][delete_history]") {
  ApiWorld w(CONFLICT_PLUGINS_DIR);
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto owner = w.signedIn(b, "owner@demo.example");
  auto bad = owner.post("/api/v1/features/delete_history/enable", R"({"config":{"days":0}})");
  CHECK(bad.status == 422);
  CHECK_THAT(bad.body, Catch::Contains("days"));
  REQUIRE(owner.post("/api/v1/features/client_accounts/enable", "").status == 200);
  auto refused = owner.post("/api/v1/features/delete_history/enable", "");
  CHECK(refused.status == 409);
  CHECK_THAT(refused.body, Catch::Contains("conflicts with client_accounts"));
  auto features = owner.get("/api/v1/features").json();
  for (auto& f : features["features"].GetArray())
    if (std::string(f["id"].GetString()) == "delete_history") {
      CHECK_FALSE(f["enabled"].GetBool());
      CHECK_THAT(f["blocked_by"].GetString(), Catch::Contains("client_accounts"));
    }
  REQUIRE(owner.post("/api/v1/features/client_accounts/disable", "").status == 200);
  CHECK(owner.post("/api/v1/features/delete_history/enable", "").status == 200);
  CHECK(owner.post("/api/v1/features/client_accounts/enable", "").status == 409); // and the other way round
}
