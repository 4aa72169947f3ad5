// The REST API as clients meet it, over loopback, on both backends.
#include "ApiWorld.h"

#include <catch2/catch.hpp>

using namespace atrium;
using test::ApiWorld;
using test::kPassword;

namespace {

std::string field(const test::ApiResult& r, const char* name) {
  auto d = r.json();
  if (d.HasMember("error")) return d["error"].HasMember(name) ? d["error"][name].GetString() : "";
  return d.HasMember(name) && d[name].IsString() ? d[name].GetString() : "";
}

std::string errorCode(const test::ApiResult& r) { return field(r, "code"); }

} // namespace

TEST_CASE("public booking end to end: services, slots, book, manage link, cancel", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto c = w.browser();
  auto services = c.get("/api/v1/public/demo/services");
  CHECK(services.status == 200);
  CHECK_THAT(services.body, Catch::Contains(R"("name":"Service 30")"));
  auto slots = c.get("/api/v1/public/demo/slots?service=" + std::to_string(svc.id) + "&from=2030-03-26&to=2030-03-26");
  REQUIRE(slots.status == 200);
  auto slotsDoc = slots.json();
  const auto& first = slotsDoc["slots"][0];
  CHECK(std::string(first["start"].GetString()) == "2030-03-26T09:00:00Z");
  CHECK(std::string(first["provider_id"].GetString()) == std::to_string(ana));

  std::string booking = R"({"service_id":")" + std::to_string(svc.id) +
                        R"(","start":"2030-03-26T09:00:00Z","client":{"name":"Zoë Park","email":"Zoe@Example.com"},"note":"first visit"})";
  auto created = c.post("/api/v1/public/demo/bookings", booking);
  REQUIRE(created.status == 201);
  auto doc = created.json();
  std::string id = doc["booking"]["id"].GetString();
  std::string token = doc["manage"]["token"].GetString();
  CHECK(std::string(doc["booking"]["start_local"].GetString()) == "2030-03-26T09:00:00+00:00");
  CHECK(std::string(doc["booking"]["status"].GetString()) == "confirmed");

  auto again = c.post("/api/v1/public/demo/bookings", booking);
  CHECK(again.status == 409);
  CHECK(errorCode(again) == "conflict");

  CHECK(c.get("/api/v1/public/demo/bookings/" + id + "?token=" + token).status == 200);
  CHECK(c.get("/api/v1/public/demo/bookings/" + id + "?token=forged").status == 404);
  CHECK(c.get("/api/v1/public/demo/bookings/" + id).status == 404);
  auto cancelled = c.post("/api/v1/public/demo/bookings/" + id + "/cancel?token=" + token, R"({"reason":"cannot come"})");
  CHECK(cancelled.status == 200);
  CHECK_THAT(cancelled.body, Catch::Contains(R"("status":"cancelled")"));
  CHECK(c.post("/api/v1/public/demo/bookings", booking).status == 201); // the slot is free again
}

TEST_CASE("an anonymous booking body nested 100,000 deep gets 400 and every business stays up", "[backend][api][security]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.provider(b, "ana");
  w.service(b, 30);
  auto c = w.browser();
  for (const char* open : {"[", "{\"a\":", "{\"client\":"}) {
    std::string attack;
    while (attack.size() < 100'000) attack += open;
    auto r = c.post("/api/v1/public/demo/bookings", attack);
    CHECK(r.status == 400);
    CHECK(errorCode(r) == "bad_request");
  }
  CHECK(c.get("/api/v1/public/demo/services").status == 200);
  CHECK(c.get("/healthz").status == 200);
}

TEST_CASE("names and headers refuse control characters, NUL and direction overrides", "[backend][api][security]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.provider(b, "ana");
  auto svc = std::to_string(w.service(b, 30).id);
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto c = w.browser();
  auto book = [&](const std::string& nameJson) {
    return c.post("/api/v1/public/demo/bookings", R"({"service_id":")" + svc + R"(","start":"2030-03-26T09:00:00Z","client":{"name":)" + nameJson +
                                                      R"(,"email":"eve@example.com"}})");
  };
  for (const char* hostile : {R"("Eve\r\nBcc: victim@example.com")", R"("Eve\u0000Admin")", R"("Eve\u001b[31m")", R"("Eve\u202egnp.exe")",
                              R"("Eve\u2028Line")", R"("Eve\u0085")"}) {
    INFO(hostile);
    auto r = book(hostile);
    CHECK(r.status == 422);
    CHECK(field(r, "field") == "client.name");
  }
  CHECK(book(R"("Zoë Ölçer 陳")").status == 201); // any script is fine
  auto owner = w.signedIn(b, "owner@demo.example");
  auto staff = owner.post("/api/v1/staff", R"({"email":"x@demo.example","display_name":"X\nY","role":"staff","password":"amber meadow violin 7"})");
  CHECK(staff.status == 422);
  CHECK(field(staff, "field") == "display_name");
  auto replyTo = owner.call("PUT", "/api/v1/notifications/settings", R"({"reply_to":"desk@demo.example\r\nBcc: all@example.com"})");
  CHECK(replyTo.status == 422);
  CHECK(field(replyTo, "field") == "reply_to");
  // running text keeps its line breaks
  auto note = owner.post("/api/v1/services", R"({"name":"Massage","duration_min":45,"description":"Line one\nLine two"})");
  CHECK(note.status == 201);
}

TEST_CASE("public booking input is validated field by field", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.provider(b, "ana");
  auto svc = std::to_string(w.service(b, 30).id);
  auto c = w.browser();
  auto post = [&](const std::string& body, const std::string& type = "application/json") {
    return c.call("POST", "/api/v1/public/demo/bookings", body, type);
  };
  CHECK(post("{}", "text/plain").status == 415);
  CHECK(post("{not json").status == 400);
  CHECK(post("[1]").status == 400);
  auto unknown = post(R"({"service_id":")" + svc + R"(","start":"2030-03-26T09:00:00Z","client":{"name":"A","email":"a@b.co"},"coupon":"x"})");
  CHECK(unknown.status == 422);
  CHECK(field(unknown, "field") == "coupon");
  auto badStart = post(R"({"service_id":")" + svc + R"(","start":"tomorrow","client":{"name":"A","email":"a@b.co"}})");
  CHECK(field(badStart, "field") == "start");
  auto offGrid = post(R"({"service_id":")" + svc + R"(","start":"2030-03-26T09:07:00Z","client":{"name":"A","email":"a@b.co"}})");
  CHECK(offGrid.status == 422);
  CHECK(field(offGrid, "field") == "start");
  auto noContact = post(R"({"service_id":")" + svc + R"(","start":"2030-03-26T09:00:00Z","client":{"name":"A"}})");
  CHECK(noContact.status == 422);
  CHECK(field(noContact, "field") == "client.email");
  auto badEmail = post(R"({"service_id":")" + svc + R"(","start":"2030-03-26T09:00:00Z","client":{"name":"A","email":"nope"}})");
  CHECK(field(badEmail, "field") == "client.email");
  auto wrongType = post(R"({"service_id":")" + svc + R"(","start":"2030-03-26T09:00:00Z","client":{"name":"A","email":"a@b.co","marketing_email":"yes"}})");
  CHECK(field(wrongType, "field") == "client.marketing_email");
  auto tooLong = post(R"({"service_id":")" + svc + R"(","start":"2030-03-26T09:00:00Z","client":{"name":"A","email":"a@b.co"},"note":")" +
                      std::string(2001, 'x') + "\"}");
  CHECK(field(tooLong, "field") == "note");
  CHECK(c.get("/api/v1/public/nobody/services").status == 404);
  CHECK(c.get("/api/v1/public/demo/slots?service=" + svc + "&from=2030-3-26&to=2030-03-26").status == 400);
  CHECK(c.get("/api/v1/public/demo/slots?service=" + svc + "&from=2030-03-26&to=2030-09-26").status == 422);
}

TEST_CASE("errors answer in the reader's language (Accept-Language), with the same code and field", "[backend][api][i18n]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto en = w.signedIn(b, "owner@demo.example");
  auto zh = w.signedIn(b, "owner@demo.example");
  zh.headers["Accept-Language"] = "zh-TW,zh;q=0.9,en;q=0.8";
  auto both = [&](const std::string& method, const std::string& path, const std::string& body) {
    return std::make_pair(en.call(method, path, body), zh.call(method, path, body));
  };
  // a number out of bounds
  auto [tooLongEn, tooLongZh] = both("POST", "/api/v1/services", R"({"name":"Massage","duration_min":2000})");
  CHECK(tooLongEn.status == 422);
  CHECK(tooLongZh.status == 422);
  CHECK(field(tooLongEn, "message") == "Duration (minutes) must be from 5 to 720"); // labels in English too
  CHECK(field(tooLongZh, "message") == "「時長（分鐘）」須為 5 到 720"); // the input check, with the field's label
  CHECK(field(tooLongZh, "field") == "duration_min");
  CHECK(field(tooLongZh, "code") == "invalid");
  // the generic input checks, with the field's label
  auto [unknownEn, unknownZh] = both("POST", "/api/v1/services", R"({"name":"Massage","duration_min":30,"colour":"red"})");
  CHECK(field(unknownEn, "message") == "unknown field 'colour'");
  CHECK(field(unknownZh, "message") == "不明的欄位「colour」");
  auto [typeEn, typeZh] = both("POST", "/api/v1/services", R"({"name":"Massage","duration_min":30,"description":7})");
  CHECK(field(typeEn, "message") == "Description must be a string");
  CHECK(field(typeZh, "message") == "「說明」必須是文字");
  // not found, and a refusal the router itself gives
  auto [missingEn, missingZh] = both("GET", "/api/v1/clients/999999", "");
  CHECK(field(missingEn, "message") == "no such client");
  CHECK(field(missingZh, "message") == "找不到此客戶");
  auto [routeEn, routeZh] = both("GET", "/api/v1/nothing-here", "");
  CHECK(field(routeZh, "message") == "找不到此項目");
  CHECK(field(routeZh, "code") == "not_found");
  // English says what a person would, not the API's names: an empty name is missing, not
  // "1 to 200 characters"; a name is counted in characters, not bytes
  auto [emptyEn, emptyZh] = both("POST", "/api/v1/services", R"({"name":"","duration_min":30})");
  CHECK(field(emptyEn, "message") == "Name is required");
  CHECK(field(emptyZh, "message") == "請填寫「名稱」");
  CHECK(field(emptyEn, "field") == "name");
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "按"; // 200 characters, 600 bytes
  CHECK(en.post("/api/v1/services", R"({"name":")" + chinese + R"(","duration_min":30})").status == 201);
  auto [longEn, longZh] = both("POST", "/api/v1/services", R"({"name":")" + chinese + R"(按","duration_min":30})");
  CHECK(field(longEn, "message") == "Name must have at most 200 characters");
  std::string ownerId = en.get("/api/v1/me").json()["user"]["id"].GetString();
  auto [daysEn, daysZh] = both("POST", "/api/v1/staff/" + ownerId + "/days-off", R"({"first_day":"2030-03-10","last_day":"2030-03-09"})");
  CHECK(daysEn.status == 422);
  CHECK(field(daysEn, "message") == "The last day must not be before the first day");
  CHECK(field(daysEn, "field") == "last_day");
  // a language the kernel does not speak reads English
  zh.headers["Accept-Language"] = "fr-FR,fr;q=0.9";
  CHECK(field(zh.get("/api/v1/clients/999999"), "message") == "no such client");
}

TEST_CASE("sign-in: one-time password must be changed, sessions, logout", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.users.create({b.id, "owner@demo.example", "Owner", auth::Role::Owner, kPassword, true}, b.name);
  auto c = w.browser();
  CHECK(c.get("/api/v1/me").status == 401);
  auto login = c.login("demo", "owner@demo.example", kPassword);
  REQUIRE(login.status == 200);
  CHECK_THAT(login.headers["Set-Cookie"], Catch::Contains("HttpOnly") && Catch::Contains("SameSite=Strict"));
  CHECK_FALSE(c.cookie.empty());
  auto blocked = c.get("/api/v1/services");
  CHECK(blocked.status == 403);
  CHECK(errorCode(blocked) == "password_change_required");

  auto other = w.browser(); // a second session of the same user
  other.login("demo", "owner@demo.example", kPassword);
  auto weak = c.post("/api/v1/auth/password", R"({"current_password":"tulip lantern orbit 42","new_password":"password1234"})");
  CHECK(weak.status == 422);
  CHECK(field(weak, "field") == "new_password");
  auto changed = c.post("/api/v1/auth/password", R"({"current_password":"tulip lantern orbit 42","new_password":"amber meadow violin 7"})");
  CHECK(changed.status == 200);
  CHECK(c.get("/api/v1/services").status == 200);
  CHECK(other.get("/api/v1/me").status == 401); // signed out elsewhere

  // the session id is stored hashed, never in clear
  auto lease = w.database.db().acquire();
  CHECK_FALSE(lease->queryOne("SELECT 1 FROM sessions WHERE id_hash = ?", {c.cookie}).has_value());
  CHECK(c.post("/api/v1/auth/logout").status == 200);
  CHECK(c.cookie.empty());
}

TEST_CASE("sessions expire by idle and absolute time on the injected clock", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto c = w.signedIn(b, "owner@demo.example");
  w.clock.advanceSeconds(1700);
  CHECK(c.get("/api/v1/me").status == 200); // activity refreshes the idle timer
  w.clock.advanceSeconds(1700);
  CHECK(c.get("/api/v1/me").status == 200);
  w.clock.advanceSeconds(1801);
  CHECK(c.get("/api/v1/me").status == 401); // idle too long

  auto d = w.signedIn(b, "owner@demo.example");
  for (int i = 0; i < 25; ++i) { // active all along, but 12 h is the absolute limit
    w.clock.advanceSeconds(1750);
    if (d.get("/api/v1/me").status != 200) break;
  }
  CHECK(d.get("/api/v1/me").status == 401);
}

TEST_CASE("failed sign-ins lock the account without saying so", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto c = w.browser();
  for (int i = 0; i < 10; ++i) CHECK(c.login("demo", "owner@demo.example", "wrong password " + std::to_string(i)).status == 401);
  auto locked = c.login("demo", "owner@demo.example", kPassword);
  CHECK(locked.status == 401); // the right password, but locked: the same answer
  CHECK(locked.body == R"({"error":{"code":"invalid_credentials","message":"wrong email or password"}})");
  CHECK(c.login("demo", "nobody@demo.example", kPassword).body == locked.body); // unknown accounts look the same
  w.clock.advanceSeconds(901);
  CHECK(c.login("demo", "owner@demo.example", kPassword).status == 200);
}

TEST_CASE("an attacker's failed sign-ins neither keep the owner out nor renew their own delay", "[backend][api][security]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto attacker = w.browser();
  attacker.headers["X-Forwarded-For"] = "203.0.113.66";
  auto owner = w.browser();
  owner.headers["X-Forwarded-For"] = "198.51.100.7";
  for (int i = 0; i < 10; ++i) CHECK(attacker.login("demo", "owner@demo.example", "guess " + std::to_string(i)).status == 401);
  for (int i = 0; i < 50; ++i) CHECK(attacker.login("demo", "owner@demo.example", "guess again " + std::to_string(i)).status == 401);
  CHECK(owner.login("demo", "owner@demo.example", kPassword).status == 200); // from the owner's own address: no delay
  // the 50 tries during the delay neither counted nor extended it: 30 s after the 10th failure it is over
  w.clock.advanceSeconds(31);
  CHECK(attacker.login("demo", "owner@demo.example", kPassword).status == 200);
  // X-Forwarded-For from a peer that is not a trusted proxy would be ignored; here the peer is
  // the trusted 127.0.0.1 and only the right-most untrusted address counts
  auto spoofer = w.browser();
  spoofer.headers["X-Forwarded-For"] = "198.51.100.7, 203.0.113.66"; // claims the owner's address first
  for (int i = 0; i < 10; ++i) CHECK(spoofer.login("demo", "owner@demo.example", "spoof " + std::to_string(i)).status == 401);
  CHECK(owner.login("demo", "owner@demo.example", kPassword).status == 200);
}

TEST_CASE("failed sign-ins are forgiven with time, and delays grow but stay bounded", "[backend][api][security]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto c = w.browser();
  for (int i = 0; i < 9; ++i) CHECK(c.login("demo", "owner@demo.example", "typo " + std::to_string(i)).status == 401);
  w.clock.advanceSeconds(9 * 600); // one failure forgiven per 10 minutes without another
  for (int i = 0; i < 9; ++i) CHECK(c.login("demo", "owner@demo.example", "typo again " + std::to_string(i)).status == 401);
  CHECK(c.login("demo", "owner@demo.example", kPassword).status == 200); // 9 + 9 spread out: never delayed
  // delays double (30 s, 60 s, 120 s, …) but never exceed auth.lockoutSeconds (900)
  for (int i = 0; i < 10; ++i) c.login("demo", "owner@demo.example", "x" + std::to_string(i));
  for (int delay : {30, 60, 120, 240, 480, 900, 900}) {
    w.clock.advanceSeconds(delay - 1);
    CHECK(c.login("demo", "owner@demo.example", kPassword).status == 401); // still delayed (and not counted)
    w.clock.advanceSeconds(1);
    CHECK(c.login("demo", "owner@demo.example", "y" + std::to_string(delay)).status == 401); // counts: the next delay
  }
  w.clock.advanceSeconds(899);
  CHECK(c.login("demo", "owner@demo.example", kPassword).status == 401);
  w.clock.advanceSeconds(2);
  CHECK(c.login("demo", "owner@demo.example", kPassword).status == 200);
}

TEST_CASE("an account guessed at from many addresses is delayed by at most a minute", "[backend][api][security]") {
  ApiWorld w({}, [](test::WorldSettings& s) { s.kernel.sessions.accountWideFailureLimit = 20; });
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  for (int i = 0; i < 20; ++i) {
    auto bot = w.browser();
    bot.headers["X-Forwarded-For"] = "203.0.113." + std::to_string(i + 1);
    CHECK(bot.login("demo", "owner@demo.example", "guess").status == 401);
  }
  auto owner = w.browser();
  owner.headers["X-Forwarded-For"] = "198.51.100.7";
  CHECK(owner.login("demo", "owner@demo.example", kPassword).status == 401); // the account-wide delay
  w.clock.advanceSeconds(61);
  CHECK(owner.login("demo", "owner@demo.example", kPassword).status == 200);
}

TEST_CASE("a wrong current password counts like a failed sign-in and is audited", "[backend][api][security]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto c = w.signedIn(b, "owner@demo.example");
  auto change = [&](const std::string& current) {
    return c.post("/api/v1/auth/password", R"({"current_password":")" + current + R"(","new_password":"a much better phrase 42"})");
  };
  for (int i = 0; i < 10; ++i) {
    auto r = change("guess " + std::to_string(i));
    CHECK(r.status == 422);
    CHECK(field(r, "field") == "current_password");
  }
  auto delayed = change(kPassword); // the right one, but guessing is delayed now
  CHECK(delayed.status == 422);
  CHECK_THAT(delayed.body, Catch::Contains("too many wrong attempts"));
  CHECK(c.login("demo", "owner@demo.example", kPassword).status == 401); // sign-in shares the counters
  auto audit = w.signedIn(b, "owner@demo.example", "198.51.100.9");
  CHECK_THAT(audit.get("/api/v1/audit?limit=50").body, Catch::Contains("auth.password_change_failed"));
  w.clock.advanceSeconds(31);
  CHECK(change(kPassword).status == 200);
}

TEST_CASE("CSRF: state-changing requests need the session's token", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto c = w.signedIn(b, "owner@demo.example");
  auto forged = c.call("POST", "/api/v1/services", R"({"name":"Massage","duration_min":45})", "application/json", false);
  CHECK(forged.status == 403);
  CHECK(errorCode(forged) == "csrf");
  auto wrong = c;
  wrong.csrf = "not-the-token";
  CHECK(wrong.post("/api/v1/services", R"({"name":"Massage","duration_min":45})").status == 403);
  CHECK(c.post("/api/v1/services", R"({"name":"Massage","duration_min":45})").status == 201);
}

TEST_CASE("roles: staff see their own bookings and manage nothing, installation admins see no business data", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto anaId = w.user(b, "ana@demo.example", auth::Role::Staff);
  w.staff.update(b.id, anaId, std::nullopt, true, std::nullopt);
  w.staff.setHours(b.id, anaId, {{1, 540, 1020}});
  auto ben = w.provider(b, "ben");
  auto svc = w.service(b, 30);
  auto mine = w.book(b, svc, anaId, w.at(b, "2030-03-26", 9), w.client(b, "mia").id);
  auto theirs = w.book(b, svc, ben, w.at(b, "2030-03-26", 10), w.client(b, "sam").id);
  w.user(std::nullopt, "root@atrium.example", auth::Role::InstallationAdmin);

  auto ana = w.signedIn(b, "ana@demo.example");
  auto list = ana.get("/api/v1/bookings");
  CHECK(list.json()["total"].GetInt() == 1);
  CHECK(ana.get("/api/v1/bookings/" + std::to_string(mine.id)).status == 200);
  CHECK(ana.get("/api/v1/bookings/" + std::to_string(theirs.id)).status == 404);
  CHECK(ana.get("/api/v1/clients").json()["total"].GetInt() == 1);
  CHECK(ana.post("/api/v1/services", R"({"name":"X","duration_min":30})").status == 403);
  CHECK(ana.get("/api/v1/features").status == 403);
  CHECK(ana.get("/api/v1/admin/plugins").status == 403);

  auto owner = w.signedIn(b, "owner@demo.example");
  CHECK(owner.get("/api/v1/bookings").json()["total"].GetInt() == 2);
  CHECK(owner.get("/api/v1/admin/businesses").status == 403);

  auto root = w.browser();
  REQUIRE(root.login("", "root@atrium.example", kPassword).status == 200);
  auto denied = root.get("/api/v1/bookings");
  CHECK(denied.status == 403);
  CHECK(root.get("/api/v1/clients").status == 403);
  CHECK(root.get("/api/v1/admin/plugins").status == 200);
  CHECK_THAT(root.get("/api/v1/admin/businesses").body, Catch::Contains(R"("slug":"demo")"));
}

TEST_CASE("installation admin: a new business gets its first owner, who signs in with a one-time password", "[backend][api]") {
  ApiWorld w;
  auto demo = w.business("demo");
  w.user(demo, "owner@demo.example", auth::Role::Owner);
  w.user(std::nullopt, "root@atrium.example", auth::Role::InstallationAdmin);
  auto root = w.browser();
  REQUIRE(root.login("", "root@atrium.example", kPassword).status == 200);
  auto created = root.post("/api/v1/admin/businesses", R"({"slug":"north","name":"North Clinic","time_zone":"Europe/Berlin"})");
  REQUIRE(created.status == 201);
  std::string id = created.json()["id"].GetString();
  auto owners = [&](const std::string& slug) {
    auto list = root.get("/api/v1/admin/businesses").json();
    for (auto& b : list["businesses"].GetArray())
      if (std::string(b["slug"].GetString()) == slug) return b["owners"].GetInt();
    return -1;
  };
  CHECK(owners("north") == 0); // nobody can sign in to it yet
  CHECK(owners("demo") == 1);

  auto bad = root.post("/api/v1/admin/businesses/" + id + "/owners", R"({"email":"nope","display_name":"Nora"})");
  CHECK(bad.status == 422);
  CHECK(field(bad, "field") == "email");
  CHECK(root.post("/api/v1/admin/businesses/999999/owners", R"({"email":"nora@north.example","display_name":"Nora"})").status == 404);
  auto owner = w.signedIn(demo, "owner@demo.example");
  CHECK(owner.post("/api/v1/admin/businesses/" + id + "/owners", R"({"email":"x@north.example","display_name":"X"})").status == 403);

  auto made = root.post("/api/v1/admin/businesses/" + id + "/owners", R"({"email":"Nora@North.example","display_name":"Nora Berg"})");
  REQUIRE(made.status == 201);
  auto d = made.json();
  CHECK(std::string(d["owner"]["role"].GetString()) == "owner");
  CHECK(std::string(d["owner"]["email"].GetString()) == "nora@north.example");
  std::string once = d["one_time_password"].GetString();
  CHECK(once.size() >= 16);
  CHECK(owners("north") == 1);
  CHECK(root.post("/api/v1/admin/businesses/" + id + "/owners", R"({"email":"nora@north.example","display_name":"Nora"})").status == 409);
  // a business with an owner gets none from the installation's administrator
  auto takeover = root.post("/api/v1/admin/businesses/" + std::to_string(demo.id) + "/owners", R"({"email":"mallory@demo.example","display_name":"M"})");
  CHECK(takeover.status == 409);
  CHECK_THAT(takeover.body, Catch::Contains("only its owners can add another"));
  CHECK(owners("demo") == 1);

  auto nora = w.browser(); // she signs in, and must choose her own password first
  auto login = nora.login("north", "nora@north.example", once);
  REQUIRE(login.status == 200);
  CHECK(errorCode(nora.get("/api/v1/services")) == "password_change_required");
  auto lease = w.database.db().acquire(); // audited in the new business's own chain
  CHECK(lease->queryOne("SELECT COUNT(*) FROM audit_log WHERE business_id = ? AND action = 'staff.owner_created'", {std::stoll(id)})->getInt(0) == 1);
}

TEST_CASE("an owner can deactivate another owner, but an admin cannot, and the last owner stays", "[backend][api][security]") {
  ApiWorld w;
  auto b = w.business("demo");
  auto first = w.user(b, "owner@demo.example", auth::Role::Owner);
  auto second = w.user(b, "second@demo.example", auth::Role::Owner);
  w.user(b, "adm@demo.example", auth::Role::Admin);
  auto admin = w.signedIn(b, "adm@demo.example");
  CHECK(admin.call("PATCH", "/api/v1/staff/" + std::to_string(second), R"({"active":false})").status == 403);
  auto owner = w.signedIn(b, "owner@demo.example");
  CHECK(owner.call("PATCH", "/api/v1/staff/" + std::to_string(first), R"({"active":false})").status == 422); // not oneself
  auto intruder = w.signedIn(b, "second@demo.example");
  REQUIRE(intruder.get("/api/v1/clients").status == 200);
  CHECK(owner.call("PATCH", "/api/v1/staff/" + std::to_string(second), R"({"active":false})").status == 200);
  CHECK(intruder.get("/api/v1/clients").status == 401); // signed out at once
  CHECK(w.browser().login("demo", "second@demo.example", kPassword).status == 401);
  auto lease = w.database.db().acquire(); // the last active owner cannot go, whoever asks
  CHECK_THROWS(w.staff.update(b.id, first, std::nullopt, std::nullopt, false));
}

TEST_CASE("tenant isolation: another business's ids are 404 on every back-office route", "[backend][api]") {
  ApiWorld w;
  auto a = w.business("alpha");
  auto z = w.business("zulu");
  w.user(a, "owner@alpha.example", auth::Role::Owner);
  auto zp = w.provider(z, "zed");
  auto zs = w.service(z, 30);
  auto zc = w.client(z, "zoe");
  auto zb = w.book(z, zs, zp, w.at(z, "2030-03-26", 9), zc.id);
  auto dayOff = w.staff.addDayOff(z.id, zp, {0, *base::LocalDate::parse("2030-04-01"), *base::LocalDate::parse("2030-04-01"), ""});
  auto c = w.signedIn(a, "owner@alpha.example");
  auto sid = std::to_string(zs.id), pid = std::to_string(zp), cid = std::to_string(zc.id), bid = std::to_string(zb.id);
  struct Probe {
    std::string method, path, body;
  };
  std::vector<Probe> probes{
      {"GET", "/api/v1/services/" + sid, ""},
      {"PATCH", "/api/v1/services/" + sid, R"({"name":"stolen"})"},
      {"PATCH", "/api/v1/staff/" + pid, R"({"bookable":false})"},
      {"GET", "/api/v1/staff/" + pid + "/hours", ""},
      {"PUT", "/api/v1/staff/" + pid + "/hours", R"({"hours":[]})"},
      {"GET", "/api/v1/staff/" + pid + "/days-off", ""},
      {"POST", "/api/v1/staff/" + pid + "/days-off", R"({"first_day":"2030-05-01","last_day":"2030-05-01"})"},
      {"DELETE", "/api/v1/staff/" + pid + "/days-off/" + std::to_string(dayOff.id), ""},
      {"GET", "/api/v1/clients/" + cid, ""},
      {"PATCH", "/api/v1/clients/" + cid, R"({"notes":"x"})"},
      {"GET", "/api/v1/bookings/" + bid, ""},
      {"POST", "/api/v1/bookings/" + bid + "/reschedule", R"({"start":"2030-03-27T09:00:00Z"})"},
      {"POST", "/api/v1/bookings/" + bid + "/cancel", "{}"},
      {"POST", "/api/v1/bookings/" + bid + "/complete", ""},
      {"POST", "/api/v1/bookings/" + bid + "/no-show", ""},
      {"POST", "/api/v1/bookings", R"({"service_id":")" + sid + R"(","client_id":")" + cid + R"(","start":"2030-03-27T09:00:00Z"})"},
  };
  for (const auto& p : probes) {
    INFO(p.method << " " << p.path);
    auto r = c.call(p.method, p.path, p.body);
    CHECK(r.status == 404);
  }
  // and nothing of zulu changed
  CHECK(w.services.get(z.id, zs.id).name == "Service 30");
  CHECK(w.bookings.get(z.id, zb.id).status == "confirmed");
  CHECK(w.staff.hours(z.id, zp).size() == 5);
}

TEST_CASE("back office: services, staff hours, clients and bookings with bad input refused", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto c = w.signedIn(b, "owner@demo.example");
  auto svc = c.post("/api/v1/services", R"({"name":"Massage","duration_min":45,"buffer_min":15,"price_cents":7000,"currency":"EUR"})");
  REQUIRE(svc.status == 201);
  std::string svcId = svc.json()["id"].GetString();
  CHECK(field(c.post("/api/v1/services", R"({"name":"X","duration_min":2})"), "field") == "duration_min");
  CHECK(field(c.post("/api/v1/services", R"({"name":"X","duration_min":30,"currency":"euro"})"), "field") == "currency");
  CHECK(field(c.post("/api/v1/services", R"({"duration_min":30})"), "field") == "name");
  CHECK(c.call("PATCH", "/api/v1/services/" + svcId, R"({"capacity":0})").status == 422);
  CHECK(c.call("PATCH", "/api/v1/services/abc", R"({"capacity":2})").status == 404);

  auto staff = c.post("/api/v1/staff", R"({"email":"ana@demo.example","display_name":"Ana","role":"staff","password":"cobalt harbour quilt 9","bookable":true})");
  REQUIRE(staff.status == 201);
  std::string anaId = staff.json()["id"].GetString();
  CHECK(field(c.post("/api/v1/staff", R"({"email":"x@demo.example","display_name":"X","role":"king","password":"cobalt harbour quilt 9"})"), "field") == "role");
  CHECK(c.call("PUT", "/api/v1/staff/" + anaId + "/hours", R"({"hours":[{"weekday":1,"start_min":540,"end_min":1020}]})").status == 200);
  CHECK(c.call("PUT", "/api/v1/staff/" + anaId + "/hours", R"({"hours":[{"weekday":1,"start_min":540,"end_min":600},{"weekday":1,"start_min":570,"end_min":700}]})").status == 422);
  CHECK(c.call("PUT", "/api/v1/staff/" + anaId + "/hours", R"({"hours":[{"weekday":"tue"}]})").status == 422);

  auto client = c.post("/api/v1/clients", R"({"name":"Mia Rossi","email":"mia@example.com","phone":"+39 06 1234 5678"})");
  REQUIRE(client.status == 201);
  std::string miaId = client.json()["id"].GetString();
  CHECK(field(c.post("/api/v1/clients", R"({"name":"Bo","phone":"call me"})"), "field") == "phone");
  // one client per email: another record for the same address (any case) is refused
  auto twin = c.post("/api/v1/clients", R"({"name":"Lee","email":"MIA@Example.com"})");
  CHECK(twin.status == 409);
  CHECK(field(twin, "field") == "email");
  auto lee = c.post("/api/v1/clients", R"({"name":"Lee","email":"lee@example.com"})");
  REQUIRE(lee.status == 201);
  std::string leeId = lee.json()["id"].GetString();
  CHECK(c.call("PATCH", "/api/v1/clients/" + leeId, R"({"email":"mia@example.com"})").status == 409);
  CHECK(c.call("PATCH", "/api/v1/clients/" + miaId, R"({"email":"mia@example.com","notes":"same address"})").status == 200);
  auto found = c.get("/api/v1/clients?q=ross");
  CHECK(found.json()["total"].GetInt() == 1);
  auto searched = c.post("/api/v1/clients/search", R"({"q":"ROSS","limit":5})"); // the words in the body, not the URL
  CHECK(searched.status == 200);
  CHECK(searched.json()["total"].GetInt() == 1);
  CHECK(searched.json()["limit"].GetInt() == 5);
  CHECK(c.post("/api/v1/clients/search", R"({"q":"x","limit":0})").status == 422);
  // case folds in every script, the same on both backends (SQLite's own LOWER folds ASCII only)
  REQUIRE(c.post("/api/v1/clients", R"({"name":"Jan Łukasiewicz","email":"jan@example.pl"})").status == 201);
  REQUIRE(c.post("/api/v1/clients", R"({"name":"Zoë Ávila","email":"z.avila@example.es"})").status == 201);
  CHECK(c.post("/api/v1/clients/search", R"({"q":"łukasiewicz"})").json()["total"].GetInt() == 1);
  CHECK(c.post("/api/v1/clients/search", R"({"q":"ŁUKASIEWICZ"})").json()["total"].GetInt() == 1);
  CHECK(c.post("/api/v1/clients/search", R"({"q":"ZOË"})").json()["total"].GetInt() == 1);
  CHECK(c.post("/api/v1/clients/search", R"({"q":"ávila"})").json()["total"].GetInt() == 1);
  CHECK(c.post("/api/v1/clients/search", R"({"q":"zoe"})").json()["total"].GetInt() == 0); // accents are kept
  CHECK(c.call("POST", "/api/v1/clients/search", R"({"q":"ross"})", "application/json", false).status == 403); // CSRF, as any POST
  CHECK(c.get("/api/v1/clients?limit=0").status == 400);

  auto booked = c.post("/api/v1/bookings", R"({"service_id":")" + svcId + R"(","client_id":")" + miaId + R"(","start":"2030-03-26T09:00:00Z"})");
  REQUIRE(booked.status == 201);
  std::string bookingId = booked.json()["id"].GetString();
  auto clash = c.post("/api/v1/bookings", R"({"service_id":")" + svcId + R"(","client_id":")" + miaId + R"(","start":"2030-03-26T09:30:00Z"})");
  CHECK(clash.status == 409);
  auto moved = c.post("/api/v1/bookings/" + bookingId + "/reschedule", R"({"start":"2030-03-26T13:00:00Z"})");
  CHECK(moved.status == 200);
  CHECK_THAT(moved.body, Catch::Contains(R"("start":"2030-03-26T13:00:00Z")"));
  auto day = c.get("/api/v1/bookings?from=2030-03-26T00:00:00Z&to=2030-03-27T00:00:00Z&status=confirmed").json();
  CHECK(day["total"].GetInt() == 1);
  CHECK(std::string(day["bookings"][0]["client_name"].GetString()) == "Mia Rossi"); // the list names its clients
  CHECK(c.get("/api/v1/bookings?status=lost").status == 400);
  auto detail = c.get("/api/v1/bookings/" + bookingId);
  CHECK_THAT(detail.body, Catch::Contains(R"("history":[{"from":null,"to":"confirmed")"));
  // a day off over a confirmed booking is taken, and the answer says the booking still stands
  auto offThatDay = c.post("/api/v1/staff/" + anaId + "/days-off", R"({"first_day":"2030-03-26","last_day":"2030-03-26"})");
  REQUIRE(offThatDay.status == 201);
  CHECK(offThatDay.json()["bookings_affected"].GetInt() == 1);
  auto offNextDay = c.post("/api/v1/staff/" + anaId + "/days-off", R"({"first_day":"2030-03-27","last_day":"2030-03-28"})");
  CHECK(offNextDay.json()["bookings_affected"].GetInt() == 0);
  // the history says what moved and why it was cancelled
  CHECK_THAT(detail.body, Catch::Contains(R"("from":"confirmed","to":"confirmed")") &&
                              Catch::Contains(R"("from_start":"2030-03-26T09:00:00Z","to_start":"2030-03-26T13:00:00Z")"));
  REQUIRE(c.post("/api/v1/bookings/" + bookingId + "/cancel", R"({"reason":"Client phoned: flu"})").status == 200);
  auto after = c.get("/api/v1/bookings/" + bookingId).json();
  const auto& history = after["history"];
  REQUIRE(history.Size() == 3);
  CHECK(std::string(history[2]["to"].GetString()) == "cancelled");
  CHECK(std::string(history[2]["reason"].GetString()) == "Client phoned: flu");
  CHECK_FALSE(history[0].HasMember("reason"));
}

TEST_CASE("features and plugins over the API", "[backend][api][plugins]") {
  ApiWorld w(ATRIUM_FIXTURE_PLUGINS_DIR);
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  w.user(std::nullopt, "root@atrium.example", auth::Role::InstallationAdmin);
  auto owner = w.signedIn(b, "owner@demo.example");
  auto features = owner.get("/api/v1/features");
  CHECK(features.status == 200);
  CHECK_THAT(features.body, Catch::Contains(R"("id":"hello")") && Catch::Contains(R"("config_schema":)"));
  auto bad = owner.post("/api/v1/features/hello/enable", R"({"config":{"remember_days":0}})");
  CHECK(bad.status == 422);
  CHECK(field(bad, "field") == "remember_days");
  // the setting as the plugin's form labels it, in the reader's language
  CHECK(field(bad, "message") == "Remember counts for (days) must be at least 1");
  auto zhOwner = owner;
  zhOwner.headers["Accept-Language"] = "zh-TW";
  auto badZh = zhOwner.post("/api/v1/features/hello/enable", R"({"config":{"remember_days":0}})");
  CHECK_THAT(field(badZh, "message"), Catch::StartsWith("「") && Catch::EndsWith("」至少須為 1"));
  CHECK_THAT(field(badZh, "message"), !Catch::Contains("remember_days"));
  CHECK(owner.post("/api/v1/features/hello/enable", R"({"config":{"banned_word":"crypto"}})").status == 200);
  auto conflict = owner.post("/api/v1/features/conflicting/enable", "");
  CHECK(conflict.status == 409);
  CHECK_THAT(conflict.body, Catch::Contains("conflicts with hello"));

  // the hello plugin now vetoes a booking on the public page, with its message for the client
  auto ana = w.provider(b, "ana");
  (void)ana;
  auto svc = std::to_string(w.service(b, 30).id);
  auto vetoed = w.browser().post("/api/v1/public/demo/bookings", R"({"service_id":")" + svc +
                                                                    R"(","start":"2030-03-26T09:00:00Z","client":{"name":"A","email":"a@b.co"},"note":"cheap CRYPTO"})");
  CHECK(vetoed.status == 422);
  CHECK(errorCode(vetoed) == "rejected");
  CHECK_THAT(vetoed.body, Catch::Contains("Your note contains a word this business does not accept"));

  auto root = w.browser();
  root.login("", "root@atrium.example", kPassword);
  auto plugins = root.get("/api/v1/admin/plugins");
  CHECK_THAT(plugins.body, Catch::Contains(R"("id":"abi_major_mismatch")") && Catch::Contains(R"("state":"failed")"));
  CHECK(root.post("/api/v1/admin/plugins/hello/disable").status == 200);
  CHECK(w.browser().post("/api/v1/public/demo/bookings", R"({"service_id":")" + svc +
                                                            R"(","start":"2030-03-26T09:00:00Z","client":{"name":"A","email":"a@b.co"},"note":"cheap CRYPTO"})")
            .status == 201); // switched off installation-wide: next request, no veto
}
