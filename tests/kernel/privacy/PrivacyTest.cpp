// Data & privacy end to end over the API, on both backends: re-authentication, views and
// exports, erasure that keeps statistics (with a canary scan of every table, the log and
// a fresh export), support access by temporary code, the audit trail.
#include "ApiWorld.h"
#include "DataScan.h"
#include "core/Log.h"
#include "privacy/ClientErasure.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace atrium;
using test::ApiWorld;
using test::everything;
using test::kPassword;

namespace {

/// The owner, signed in and re-authenticated (privacy mode).
test::ApiClient privacyOwner(ApiWorld& w, const base::Business& b) {
  auto c = w.signedIn(b, "owner@" + b.slug + ".example");
  REQUIRE(c.post("/api/v1/auth/reauth", std::string(R"({"password":")") + kPassword + "\"}").status == 200);
  return c;
}

} // namespace

TEST_CASE("privacy mode: views and exports need a fresh re-authentication", "[backend][privacy]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  w.user(b, "admin@demo.example", auth::Role::Staff);
  auto mia = w.client(b, "mia");
  auto c = w.signedIn(b, "owner@demo.example");
  auto path = "/api/v1/privacy/clients/" + std::to_string(mia.id);
  auto refused = c.get(path);
  CHECK(refused.status == 403);
  CHECK_THAT(refused.body, Catch::Contains("reauthentication_required"));
  CHECK(c.post("/api/v1/auth/reauth", R"({"password":"not my password"})").status == 401);
  auto ok = c.post("/api/v1/auth/reauth", std::string(R"({"password":")") + kPassword + "\"}");
  CHECK(ok.status == 200);
  CHECK_THAT(ok.body, Catch::Contains(R"("status":"privacy_mode")"));
  auto view = c.get(path);
  CHECK(view.status == 200);
  CHECK(view.headers["Cache-Control"] == "no-store");
  CHECK(view.headers.count("Content-Disposition") == 0);
  auto download = c.get(path + "/export");
  CHECK(download.headers["Content-Disposition"] == "attachment; filename=\"client-" + std::to_string(mia.id) + ".json\"");
  w.clock.advanceSeconds(301); // the window closes
  CHECK(c.get(path).status == 403);
  auto staffer = w.signedIn(b, "admin@demo.example"); // a staff member may not, re-authenticated or not
  staffer.post("/api/v1/auth/reauth", std::string(R"({"password":")") + kPassword + "\"}");
  CHECK(staffer.get(path).status == 403);
}

TEST_CASE("a client's export holds everything about them and nothing about anyone else", "[backend][privacy]") {
  ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto mia = w.client(b, "mia-rossi");
  auto sam = w.client(b, "sam-secret-other");
  auto miaBooking = w.book(b, svc, ana, w.at(b, "2030-03-26", 9), mia.id);
  auto samBooking = w.book(b, svc, ana, w.at(b, "2030-03-26", 10), sam.id);
  w.bookings.cancel(b, miaBooking.id, std::string("mia-cannot-come"), {"staff", "1"}, "en");
  w.bookings.cancel(b, samBooking.id, std::string("sam-reason"), {"staff", "1"}, "en");
  w.plugins->records().put(b.id, {"records_plugin", "visits", "v1", {"client", std::to_string(mia.id)}, R"({"visit":"mia-visit"})", 0, 0, 0});
  w.plugins->records().put(b.id, {"records_plugin", "visits", "v2", {"client", std::to_string(sam.id)}, R"({"visit":"sam-visit"})", 0, 0, 0});
  auto c = privacyOwner(w, b);
  auto r = c.get("/api/v1/privacy/clients/" + std::to_string(mia.id) + "/export");
  REQUIRE(r.status == 200);
  auto doc = r.json();
  CHECK(std::string(doc["schema"].GetString()) == "atrium.privacy.export/1");
  CHECK(std::string(doc["profile"]["email"].GetString()) == "mia-rossi@example.com");
  CHECK(doc["bookings"].Size() == 1);
  CHECK_THAT(r.body, Catch::Contains("mia-visit"));
  CHECK(doc["notification_preferences"]["booking_email"].GetBool()); // booking messages on: nobody switched them off
  REQUIRE(doc["booking_history"].Size() == 2); // booked, cancelled with the reason given
  CHECK(std::string(doc["booking_history"][1]["reason"].GetString()) == "mia-cannot-come");
  CHECK(doc["processing"].Size() >= 3);
  CHECK_THAT(r.body, !Catch::Contains("sam") && !Catch::Contains("sam-visit"));
}

TEST_CASE("erasure: nothing identifying remains anywhere, statistics are unchanged", "[backend][privacy][slow]") {
  std::ostringstream log;
  core::Log::setSink(&log);
  core::Log::setLevel(core::LogLevel::Debug);
  {
    ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
    auto b = w.business("demo");
    w.user(b, "owner@demo.example", auth::Role::Owner);
    auto ana = w.provider(b, "ana");
    auto svc = w.service(b, 30);
    const std::vector<std::string> canaries{"Qx7Canaryname", "qx7canary@example.org", "+44 7700 900777", "Qx7CanaryNotes", "Qx7CanaryNote",
                                            "Qx7CanaryPlugin", "Qx7CanaryReason"};
    booking::Client c;
    c.businessId = b.id;
    c.name = canaries[0];
    c.email = canaries[1];
    c.phone = canaries[2];
    c.notes = canaries[3];
    c.marketingEmail = true;
    auto canary = w.clients.create(c);
    auto other = w.client(b, "other");
    for (int d = 0; d < 3; ++d) { // past, and one future booking with a note
      booking::NewBooking req;
      req.serviceId = svc.id;
      req.providerId = ana;
      req.clientId = canary.id;
      req.startAt = w.at(b, "2030-03-2" + std::to_string(6 + d), 9);
      req.note = canaries[4];
      w.bookings.create(b, req, {"staff", "1"});
    }
    w.book(b, svc, ana, w.at(b, "2030-03-26", 11), other.id);
    { // a fourth, moved (exact times in the history) and cancelled with a reason
      booking::NewBooking req;
      req.serviceId = svc.id;
      req.providerId = ana;
      req.clientId = canary.id;
      req.startAt = w.at(b, "2030-03-29", 9);
      auto extra = w.bookings.create(b, req, {"staff", "1"});
      w.bookings.reschedule(b, extra.id, w.at(b, "2030-03-29", 10), std::nullopt, {"staff", "1"}, "en");
      w.bookings.cancel(b, extra.id, canaries[6], {"staff", "1"}, "en");
    }
    w.plugins->records().put(b.id, {"records_plugin", "notes", "n1", {"client", std::to_string(canary.id)}, "{\"text\":\"" + canaries[5] + "\"}", 0, 0, 0});
    w.api->notifier().deliverDue(); // confirmations rendered: the outbox now holds the address and name too
    w.clock.set(w.at(b, "2030-03-27", 12)); // two bookings now in the past, one in the future
    auto owner = privacyOwner(w, b);
    auto before = test::statistics(w.database.db(), b.id);
    auto all = everything(w.database.db());
    for (const auto& s : canaries) CHECK(all.find(s) != std::string::npos); // the scan does see them before

    auto erased = owner.post("/api/v1/privacy/clients/" + std::to_string(canary.id) + "/erase", "{}");
    REQUIRE(erased.status == 200);
    CHECK_THAT(erased.body, Catch::Contains(R"("bookings_anonymised":4)") && Catch::Contains(R"("bookings_cancelled":1)"));
    auto after = test::statistics(w.database.db(), b.id);
    CHECK(after.count == before.count - 1); // the cancelled future booking no longer counts
    CHECK(after.revenue == before.revenue - 5000);
    // past visits keep service, provider, price: the completed-statistics groups are unchanged but for that one
    auto lease = w.database.db().acquire();
    CHECK(lease->queryOne("SELECT COUNT(*) FROM bookings WHERE client_id = ? AND note IS NULL", {canary.id})->getInt(0) == 4);
    CHECK(lease->queryOne("SELECT COUNT(*) FROM booking_history h JOIN bookings k ON k.id = h.booking_id WHERE k.client_id = ? AND "
                          "(h.from_start IS NOT NULL OR h.to_start IS NOT NULL OR h.reason IS NOT NULL)",
                          {canary.id})->getInt(0) == 0); // the exact times of the move and the reason are gone too
    CHECK(lease->queryOne("SELECT COUNT(*) FROM erasures WHERE client_id = ?", {canary.id})->getInt(0) == 1);

    auto scan = everything(w.database.db());
    std::ostringstream exported;
    w.api->context().exports.business(exported, *w.businesses.findBySlug("demo"), {"staff", "1"});
    for (const auto& s : canaries) {
      INFO(s);
      CHECK(scan.find(s) == std::string::npos);
      CHECK(exported.str().find(s) == std::string::npos);
      CHECK(log.str().find(s) == std::string::npos);
    }
    CHECK(owner.post("/api/v1/privacy/clients/" + std::to_string(canary.id) + "/erase", "{}").status == 409); // once
    auto trail = owner.get("/api/v1/audit");
    CHECK_THAT(trail.body, Catch::Contains(R"("action":"client.erased")") && Catch::Contains(R"("action":"auth.reauthenticated")"));
    CHECK_THAT(trail.body, Catch::Contains(R"("chain_intact":true)"));
  }
  core::Log::setSink(nullptr);
  core::Log::setLevel(core::LogLevel::Info);
}

TEST_CASE("statistics before and after erasing past visits are equal", "[backend][privacy]") {
  ApiWorld w;
  auto b = w.business("demo");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto mia = w.client(b, "mia");
  for (int d = 0; d < 3; ++d) w.book(b, svc, ana, w.at(b, "2030-03-2" + std::to_string(6 + d), 9), mia.id);
  w.clock.set(w.at(b, "2030-04-15", 12)); // all in the past
  auto before = test::statistics(w.database.db(), b.id);
  w.api->context().erasure.erase(b, mia.id, {"staff", "1"});
  CHECK(test::statistics(w.database.db(), b.id) == before);
}

TEST_CASE("erasure coarsens the history's times to the month as it does the booking's", "[backend][privacy]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto mia = w.client(b, "mia");
  w.clock.set(w.at(b, "2030-11-02", 8, 41)); // booked on the 2nd at 08:41
  booking::NewBooking req;
  req.serviceId = svc.id;
  req.providerId = ana;
  req.clientId = mia.id;
  req.startAt = w.at(b, "2030-11-18", 10, 15);
  auto visit = w.bookings.create(b, req, {"staff", "1"});
  w.clock.set(w.at(b, "2030-11-18", 11, 7)); // done at 11:07
  w.bookings.finish(b, visit.id, "completed", {"staff", "1"});
  w.clock.set(w.at(b, "2030-12-05", 12));
  auto owner = privacyOwner(w, b);
  auto before = owner.get("/api/v1/bookings/" + std::to_string(visit.id));
  CHECK_THAT(before.body, Catch::Contains(R"("coarsened":false)"));
  CHECK_THAT(before.body, !Catch::Contains(R"("at":"2030-11-01T00:00:00Z")"));

  REQUIRE(owner.post("/api/v1/privacy/clients/" + std::to_string(mia.id) + "/erase", "{}").status == 200);
  auto lease = w.database.db().acquire();
  const auto first = privacy::monthStart(w.at(b, "2030-11-18", 10, 15));
  CHECK(lease->queryOne("SELECT COUNT(*) FROM booking_history WHERE booking_id = ?", {visit.id})->getInt(0) == 2);
  CHECK(lease->queryOne("SELECT COUNT(*) FROM booking_history WHERE booking_id = ? AND at <> ?", {visit.id, first})->getInt(0) == 0);
  auto after = owner.get("/api/v1/bookings/" + std::to_string(visit.id));
  REQUIRE(after.status == 200);
  CHECK_THAT(after.body, Catch::Contains(R"("coarsened":true)") && Catch::Contains(R"("start":"2030-11-01T00:00:00Z")"));
  CHECK_THAT(after.body, Catch::Contains(R"("at":"2030-11-01T00:00:00Z")") && Catch::Contains(R"("created_at":"2030-11-01T00:00:00Z")"));
  CHECK_THAT(after.body, !Catch::Contains("T08:41") && !Catch::Contains("T11:07") && !Catch::Contains("T10:15"));
  auto list = owner.get("/api/v1/bookings?client=" + std::to_string(mia.id));
  CHECK_THAT(list.body, Catch::Contains(R"("coarsened":true)"));
}

TEST_CASE("erasures are re-applied after a backup restore", "[backend][privacy]") {
  ApiWorld w;
  auto b = w.business("demo");
  auto mia = w.client(b, "mia");
  auto& erasure = w.api->context().erasure;
  erasure.erase(b, mia.id, {"staff", "1"});
  CHECK(erasure.reapplyAll({"cli", "root"}) == 0);
  { // the restored backup brings the old row back
    auto lease = w.database.db().acquire();
    lease->execute("UPDATE clients SET name = 'mia', email = 'mia@example.com', erased_at = NULL WHERE id = ?", {mia.id});
  }
  CHECK(erasure.reapplyAll({"cli", "root"}) == 1);
  auto again = w.clients.get(b.id, mia.id);
  CHECK_FALSE(again.name.has_value());
  CHECK_FALSE(again.email.has_value());
}

TEST_CASE("support access only through a temporary, single-use, scoped, revocable code", "[backend][privacy]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  w.user(std::nullopt, "help@atrium.example", auth::Role::Support);
  w.client(b, "mia");
  auto owner = w.signedIn(b, "owner@demo.example");
  auto support = w.browser();
  REQUIRE(support.login("", "help@atrium.example", kPassword).status == 200);
  CHECK(support.get("/api/v1/clients").status == 403); // no code, no data

  auto granted = owner.post("/api/v1/support-codes", R"({"scope":"read","minutes":30})");
  REQUIRE(granted.status == 201);
  std::string code = granted.json()["code"].GetString();
  CHECK(support.post("/api/v1/support/redeem", R"({"code":"WRONG-CODE-0000-0000"})").status == 404);
  auto redeemed = support.post("/api/v1/support/redeem", "{\"code\":\"" + code + "\"}");
  REQUIRE(redeemed.status == 200);
  support.csrf = support.get("/api/v1/me").json()["csrf_token"].GetString();
  CHECK(support.get("/api/v1/clients").status == 200);
  CHECK(support.post("/api/v1/clients", R"({"name":"X","email":"x@example.com"})").status == 403); // read-only
  CHECK(support.get("/api/v1/privacy/company").status == 403); // never the privacy views
  auto other = w.browser();
  other.login("", "help@atrium.example", kPassword);
  CHECK(other.post("/api/v1/support/redeem", "{\"code\":\"" + code + "\"}").status == 404); // single use
  CHECK_THAT(owner.get("/api/v1/support-codes").body, Catch::Contains(R"("state":"in_use")"));
  auto trail = owner.get("/api/v1/audit").body;
  CHECK_THAT(trail, Catch::Contains("support.session_started") && Catch::Contains("support.request"));

  std::string grantId = granted.json()["id"].GetString();
  CHECK(owner.call("DELETE", "/api/v1/support-codes/" + grantId).status == 200);
  CHECK(support.get("/api/v1/clients").status == 401); // revoked: the session is gone

  auto write = owner.post("/api/v1/support-codes", R"({"scope":"write","minutes":5})");
  auto s2 = w.browser();
  s2.login("", "help@atrium.example", kPassword);
  s2.post("/api/v1/support/redeem", std::string("{\"code\":\"") + write.json()["code"].GetString() + "\"}");
  s2.csrf = s2.get("/api/v1/me").json()["csrf_token"].GetString();
  CHECK(s2.post("/api/v1/clients", R"({"name":"Y","email":"y@example.com"})").status == 201);
  w.clock.advanceSeconds(301); // the grant's five minutes are over
  CHECK(s2.get("/api/v1/clients").status == 401);
  CHECK(owner.post("/api/v1/support-codes", R"({"scope":"read","minutes":61})").status == 422);
  CHECK(owner.post("/api/v1/support-codes", R"({"scope":"admin"})").status == 422);
}

TEST_CASE("a write-scope support session creates, reactivates and re-passwords no account", "[backend][privacy][security]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto gone = w.user(b, "gone@demo.example", auth::Role::Staff);
  w.user(std::nullopt, "help@atrium.example", auth::Role::Support);
  auto owner = w.signedIn(b, "owner@demo.example");
  REQUIRE(owner.call("PATCH", "/api/v1/staff/" + std::to_string(gone), R"({"active":false})").status == 200);
  auto support = w.browser();
  REQUIRE(support.login("", "help@atrium.example", kPassword).status == 200);
  auto grant = owner.post("/api/v1/support-codes", R"({"scope":"write","minutes":30})");
  REQUIRE(support.post("/api/v1/support/redeem", std::string("{\"code\":\"") + grant.json()["code"].GetString() + "\"}").status == 200);
  support.csrf = support.get("/api/v1/me").json()["csrf_token"].GetString();
  CHECK(support.post("/api/v1/services", R"({"name":"Massage","duration_min":45})").status == 201); // write scope works
  for (const char* role : {"staff", "admin", "owner"}) {
    auto made = support.post("/api/v1/staff", std::string(R"({"email":"x-)") + role + R"(@demo.example","display_name":"X","role":")" + role +
                                                  R"(","password":"a long enough phrase 77"})");
    CHECK(made.status == 403);
    CHECK_THAT(made.body, Catch::Contains("support sessions cannot create or change accounts"));
  }
  CHECK(support.call("PATCH", "/api/v1/staff/" + std::to_string(gone), R"({"active":true})").status == 403);
  CHECK(support.post("/api/v1/auth/password", R"({"current_password":"x","new_password":"another long phrase 88"})").status == 403);
  auto lease = w.database.db().acquire();
  CHECK(lease->queryOne("SELECT COUNT(*) FROM users WHERE business_id = ?", {b.id})->getInt(0) == 2); // owner, gone
  CHECK(lease->queryOne("SELECT active FROM users WHERE id = ?", {gone})->getInt(0) == 0);
}

TEST_CASE("whole-business export streams every client as JSON", "[backend][privacy]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  for (int i = 0; i < 1234; ++i) { // more than two batches
    booking::Client c;
    c.businessId = b.id;
    c.name = "client " + std::to_string(i);
    c.email = "c" + std::to_string(i) + "@example.com";
    w.clients.create(c);
  }
  auto owner = privacyOwner(w, b);
  REQUIRE(owner.call("PATCH", "/api/v1/business", R"({"address":"4 Privet Drive"})").status == 200);
  auto r = owner.get("/api/v1/privacy/export");
  REQUIRE(r.status == 200);
  CHECK(r.headers["Transfer-Encoding"] == "chunked");
  CHECK_THAT(r.headers["Content-Disposition"], Catch::Contains("attachment"));
  auto doc = r.json();
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(doc["clients"].Size() == 1234);
  CHECK(std::string(doc["company"]["profile"]["slug"].GetString()) == "demo");
  CHECK(std::string(doc["company"]["profile"]["address"].GetString()) == "4 Privet Drive"); // all the company's data

  CHECK_THAT(owner.get("/api/v1/privacy/records-of-processing").body, Catch::Contains(R"("legal_basis")"));
}

TEST_CASE("records of processing in the reader's language: the kernel's and a plugin's translated, the rest in English", "[backend][privacy]") {
  ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto owner = w.signedIn(b, "owner@demo.example");
  REQUIRE(owner.post("/api/v1/features/records_plugin/enable", R"({"config":{"label":"Visits"}})").status == 200);

  auto activities = [&](const char* language) {
    owner.headers["Accept-Language"] = language;
    auto r = owner.get("/api/v1/privacy/records-of-processing");
    REQUIRE(r.status == 200);
    auto doc = r.json();
    std::vector<std::map<std::string, std::string>> out;
    for (auto& a : doc["activities"].GetArray()) {
      std::map<std::string, std::string> m;
      for (auto& f : a.GetObject()) m[f.name.GetString()] = f.value.GetString();
      out.push_back(m);
    }
    return out;
  };
  auto en = activities("en");
  auto zh = activities("zh-TW");
  REQUIRE(en.size() == zh.size());
  REQUIRE(en.size() == 8); // the kernel's five, the plugin's three
  CHECK(en[0]["data"] == "Name, email address, phone number, language, notes the business keeps");
  CHECK(en[0]["locale"] == "en");
  CHECK(zh[0]["data"] == "姓名、電子郵件地址、電話號碼、語言、商家保存的備註");
  CHECK(zh[0]["legal_basis"] == "契約（GDPR 第 6 條第 1 項 (b) 款）");
  CHECK(zh[0]["locale"] == "zh-TW");
  // the plugin translates its first declaration (ui.zh-TW "personal_data.0.*"), not the others
  CHECK(zh[5]["source"] == "records_plugin");
  CHECK(zh[5]["data"] == "客戶的每筆預約：預約編號、服務、員工與開始時間。");
  CHECK(zh[5]["retention"] == "直到客戶資料被刪除為止。");
  CHECK(zh[5]["legal_basis"] == "依商家就此功能所聲明");
  CHECK(zh[5]["locale"] == "zh-TW");
  CHECK(en[5]["data"] == "Each booking of the client: booking id, service, staff member and start time.");
  CHECK(zh[6]["data"] == en[6]["data"]);
  CHECK(zh[6]["locale"] == "en");
}
