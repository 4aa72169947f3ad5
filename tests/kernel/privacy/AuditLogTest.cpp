#include "privacy/AuditLog.h"
#include "store/Migrator.h"
#include "TestDatabase.h"

#include <catch2/catch.hpp>

using namespace atrium;

TEST_CASE("the audit log is hash-chained and detects edits and deletions", "[backend][privacy]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'900'000'000'000'000);
  privacy::AuditLog audit(clock);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    t.db().inTransaction([&](store::Connection& c) {
      privacy::AuditEntry e;
      e.businessId = 7 + (i % 2); // two chains
      e.actor = {"staff", std::to_string(i)};
      e.action = "feature.enabled";
      e.subject = {"plugin", "hello"};
      e.detailsJson = R"({"n":)" + std::to_string(i) + "}";
      ids.push_back(audit.append(c, e));
    });
    clock.advanceSeconds(1);
  }
  auto c = t.db().acquire();
  CHECK_FALSE(privacy::AuditLog::verify(*c, 7).has_value());
  CHECK_FALSE(privacy::AuditLog::verify(*c, 8).has_value());

  SECTION("an edited row breaks the chain at that row") {
    c->execute("UPDATE audit_log SET actor_id = 'someone-else' WHERE id = ?", {ids[2]});
    CHECK(privacy::AuditLog::verify(*c, 7) == ids[2]);
    CHECK_FALSE(privacy::AuditLog::verify(*c, 8).has_value());
  }
  SECTION("a deleted row in the middle is detected") {
    c->execute("DELETE FROM audit_log WHERE id = ?", {ids[2]});
    CHECK(privacy::AuditLog::verify(*c, 7) == ids[4]);
  }
  SECTION("a deleted last row is detected through the chain head") {
    c->execute("DELETE FROM audit_log WHERE id = ?", {ids[4]});
    CHECK(privacy::AuditLog::verify(*c, 7) == -1);
  }
}
