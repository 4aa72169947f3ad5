#include "auth/PasswordHasher.h"
#include "auth/PasswordPolicy.h"
#include "auth/UserAccounts.h"
#include "base/Business.h"
#include "booking/DemoData.h"
#include "core/Errors.h"
#include "store/Migrator.h"
#include "TestDatabase.h"

#include <catch2/catch.hpp>

using namespace atrium;

TEST_CASE("Argon2id hashes verify only the right password", "[auth]") {
  auth::PasswordHasher hasher(2);
  auto hash = hasher.hash("correct horse battery staple");
  CHECK_THAT(hash, Catch::StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
  CHECK(hasher.verify("correct horse battery staple", hash));
  CHECK_FALSE(hasher.verify("correct horse battery stapler", hash));
  CHECK_FALSE(hasher.verify("correct horse battery staple", "$2y$10$not-argon"));
  CHECK_FALSE(hasher.verify("x", "$argon2id$v=19$m=19456,t=2,p=1$garbage"));
  CHECK(hasher.hash("correct horse battery staple") != hash); // salted
  CHECK_FALSE(auth::PasswordHasher::needsRehash(hash));
  CHECK(auth::PasswordHasher::needsRehash("$argon2id$v=19$m=4096,t=1,p=1$c2FsdA$aGFzaA"));
}

TEST_CASE("password policy gives the reason", "[auth]") {
  using auth::PasswordPolicy;
  CHECK(PasswordPolicy::check("short").value().render() == "the password must have at least 12 characters");
  CHECK(PasswordPolicy::check(std::string(257, 'x') + "y").value().render().find("at most 256") != std::string::npos);
  CHECK(PasswordPolicy::check("aaaaaaaaaaaaaaa").value().render().find("single character") != std::string::npos);
  CHECK(PasswordPolicy::check("Password1234").value().render().find("commonly used") != std::string::npos);
  CHECK(PasswordPolicy::check("mia-rossi-rocks-2026", {"mia-rossi@example.com"}).value().render().find("your name") != std::string::npos);
  CHECK_FALSE(PasswordPolicy::check("預約系統很安全的密碼呢真的").has_value()); // 13 characters, 39 bytes
  CHECK_FALSE(PasswordPolicy::check("tulip lantern orbit 42").has_value());
}

TEST_CASE("passwords an attacker tries first are refused, and repeats count characters, not bytes", "[auth][security]") {
  using auth::PasswordPolicy;
  for (const char* weak : {"Password123!", "iloveyou12345", "abcabcabcabc", "qwertyuiop123", "Summer2026!!", "ownerdemo2024!"}) {
    INFO(weak);
    auto reason = PasswordPolicy::check(weak, {"owner@demo.example", "Demo Clinic"});
    REQUIRE(reason.has_value());
    CHECK_THAT(reason->render(), Catch::Contains("too easy to guess") || Catch::Contains("commonly used") || Catch::Contains("your name"));
  }
  CHECK(PasswordPolicy::check("éééééééééééé").value().render().find("single character") != std::string::npos); // 12 characters, 24 bytes
  CHECK(PasswordPolicy::check("密密密密密密密密密密密密").value().render().find("single character") != std::string::npos);
  for (const char* strong : {"correct horse battery 9", "amber meadow violin 7", "a7Kp2mQx9vRt", "Copper-Meadow-Violin-71"}) {
    INFO(strong);
    CHECK_FALSE(PasswordPolicy::check(strong, {"owner@demo.example", "Demo Clinic"}).has_value());
  }
}

TEST_CASE("businesses are validated and slugs are unique", "[backend][booking]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'800'000'000'000'000);
  base::BusinessDirectory directory(t.db(), clock);

  base::Business b;
  b.slug = "mia-salon";
  b.name = "Mia's Salon";
  b.timeZone = "Asia/Taipei";
  b.locale = "zh-TW";
  auto created = directory.create(b);
  CHECK(created.id > 0);
  CHECK(created.createdAt == clock.nowMicros());
  CHECK(directory.findBySlug("mia-salon")->name == "Mia's Salon");
  CHECK(directory.count() == 1);

  CHECK_THROWS_AS(directory.create(b), core::ConflictError);
  auto invalid = [&](auto mutate, const std::string& field) {
    base::Business x = b;
    x.slug = "other-slug";
    mutate(x);
    try {
      directory.create(x);
      FAIL("accepted invalid " << field);
    } catch (const core::ValidationError& e) {
      CHECK(e.field() == field);
    }
  };
  invalid([](auto& x) { x.slug = "Bad Slug"; }, "slug");
  invalid([](auto& x) { x.slug = "ab"; }, "slug");
  invalid([](auto& x) { x.slug = "a--b"; }, "slug");
  invalid([](auto& x) { x.name = ""; }, "name");
  invalid([](auto& x) { x.timeZone = "Mars/Olympus"; }, "time_zone");
  invalid([](auto& x) { x.timeZone = "../../etc/passwd"; }, "time_zone");
  invalid([](auto& x) { x.locale = "fr"; }, "locale");
  CHECK(directory.count() == 1);
}

TEST_CASE("user accounts: hashed passwords, lower-cased unique emails, roles", "[backend][auth]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'800'000'000'000'000);
  auth::PasswordHasher hasher(2);
  base::BusinessDirectory directory(t.db(), clock);
  auth::UserAccounts users(t.db(), clock, hasher);
  base::Business b{0, "clinic", "Clinic", "UTC", "en", {}, {}, 0};
  auto business = directory.create(b);

  auth::NewUser u{business.id, "Mia@Example.COM", "Mia", auth::Role::Staff, "tulip lantern orbit 42", false};
  auto id = users.create(u);
  CHECK(users.findByEmail(business.id, "mia@example.com") == id);
  {
    auto c = t.db().acquire();
    auto row = c->queryOne("SELECT email, password_hash FROM users WHERE id = ?", {id});
    CHECK(row->getText("email") == "mia@example.com");
    CHECK(row->getText("password_hash").find("tulip") == std::string::npos);
    CHECK(hasher.verify("tulip lantern orbit 42", row->getText("password_hash")));
  }
  CHECK_THROWS_AS(users.create(u), core::ConflictError); // same email, same business

  auto fails = [&](auth::NewUser x, const std::string& field) {
    try {
      users.create(x);
      FAIL("accepted invalid " << field);
    } catch (const core::ValidationError& e) {
      CHECK(e.field() == field);
    }
  };
  fails({business.id, "not-an-email", "X", auth::Role::Staff, "tulip lantern orbit 42", false}, "email");
  fails({business.id, "x@example.com", "X", auth::Role::Staff, "short", false}, "password");
  fails({std::nullopt, "x@example.com", "X", auth::Role::Staff, "tulip lantern orbit 42", false}, "business");
  fails({business.id, "x@example.com", "X", auth::Role::InstallationAdmin, "tulip lantern orbit 42", false}, "business");

  auth::NewUser admin{std::nullopt, "root@example.com", "Root", auth::Role::InstallationAdmin, "tulip lantern orbit 42", false};
  users.create(admin);
  CHECK_THROWS_AS(users.create(admin), core::ConflictError);
}

TEST_CASE("the demo business is created once with a one-time password", "[backend][booking]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::SystemClock clock;
  auth::PasswordHasher hasher(2);
  base::BusinessDirectory directory(t.db(), clock);
  auth::UserAccounts users(t.db(), clock, hasher);
  booking::ServiceCatalog services(t.db(), clock);
  booking::StaffDirectory staff(t.db(), clock);
  booking::ClientDirectory clients(t.db(), clock);
  booking::Availability availability(t.db(), clock, staff);
  booking::Bookings bookings(t.db(), clock, services, staff, clients, availability, nullptr);
  booking::DemoServices demo{directory, users, services, staff, clients, bookings, t.db(), clock};

  auto first = booking::ensureDemo(demo);
  CHECK(first.created);
  REQUIRE(first.oneTimePassword);
  CHECK(first.oneTimePassword->size() == 16);
  CHECK(first.services == 3);
  CHECK(first.bookings == 7); // 4 past + 3 upcoming
  auto business = *directory.findBySlug("demo");
  CHECK(staff.providers(business.id).size() == 2);
  CHECK(bookings.list(business.id, {}, 100, 0).total == 7);
  auto second = booking::ensureDemo(demo);
  CHECK_FALSE(second.created);
  CHECK_FALSE(second.oneTimePassword);
  CHECK(directory.list().size() == 1);
  CHECK(bookings.list(business.id, {}, 100, 0).total == 7); // nothing doubled

  auto c = t.db().acquire();
  auto row = c->queryOne("SELECT role, must_change_password, password_hash FROM users WHERE email = ?", {first.ownerEmail});
  CHECK(row->getText("role") == "owner");
  CHECK(row->getBool("must_change_password"));
  CHECK(hasher.verify(*first.oneTimePassword, row->getText("password_hash")));
}
