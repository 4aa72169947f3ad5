// The CLI opens the database with the same master key as atriumd: audit verify, refusal
// of a foreign key, rotation.
#include "AtriumCli.h"

#include "auth/ManageLinks.h"
#include "base/ServerSecrets.h"
#include "core/Digest.h"
#include "core/Random.h"
#include "base/AuditLog.h"
#include "store/Migrator.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace atrium;
using atrium::test::runAtrium;
using atrium::test::TestDatabase;

namespace {

void auditThree(TestDatabase& t, core::ManualClock& clock) {
  base::AuditLog audit(clock, t.db());
  for (int i = 0; i < 3; ++i) {
    t.db().inTransaction([&](store::Connection& c) { audit.append(c, {std::nullopt, {"cli", "root"}, "plugin.enabled", {"plugin", "hello"}}); });
    clock.advanceSeconds(1);
  }
}

/// Rehashes installation chain 0 with unkeyed SHA-256 after editing its second entry.
void editAndRehashUnkeyed(TestDatabase& t) {
  auto c = t.db().acquire();
  auto rows = c->query("SELECT * FROM audit_log WHERE chain_id = 0 ORDER BY id", {});
  c->execute("UPDATE audit_log SET actor_id = 'nobody' WHERE id = ?", {rows[1].getInt("id")});
  rows = c->query("SELECT * FROM audit_log WHERE chain_id = 0 ORDER BY id", {});
  std::string prev(64, '0');
  for (const auto& r : rows) {
    std::string bytes;
    for (const std::string& v : {std::string("0"), std::to_string(r.getInt("at")), r.getText("actor_kind"), r.getText("actor_id"),
                                 r.getText("action"), r.getText("subject_kind"), r.getText("subject_id"), r.getText("details_json"), prev})
      bytes += std::to_string(v.size()) + ":" + v;
    std::string hash = core::sha256Hex(bytes);
    c->execute("UPDATE audit_log SET prev_hash = ?, hash = ?, scheme = 0 WHERE id = ?", {prev, hash, r.getInt("id")});
    prev = hash;
  }
  c->execute("UPDATE audit_heads SET last_hash = ? WHERE chain_id = 0", {prev});
}

} // namespace

TEST_CASE("atrium audit verify fails when an audit row was edited and rehashed without the master key", "[backend][cli][audit][security]") {
  TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'900'000'000'000'000);
  auditThree(t, clock);
  auto intact = runAtrium(t, {"audit", "verify"});
  INFO(intact.err);
  CHECK(intact.exit == 0);
  CHECK_THAT(intact.out, Catch::Contains("ok      (installation): 3 entries, chain intact"));

  editAndRehashUnkeyed(t);
  auto edited = runAtrium(t, {"audit", "verify"});
  CHECK(edited.exit == 1);
  CHECK_THAT(edited.out, Catch::Contains("BROKEN  (installation)"));
}

TEST_CASE("atrium refuses a database whose server secrets another master key sealed", "[backend][cli][secrets][security]") {
  TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'900'000'000'000'000);
  base::ServerSecrets secrets(t.db(), clock);
  std::string stored = core::toHex(secrets.hmac("manage", "x"));
  auto other = (t.directory() / "other.key").string();
  auto r = runAtrium(t, {"--set", "secrets.masterKeyFile=" + other, "status"});
  CHECK(r.exit == 1);
  CHECK_THAT(r.err, Catch::Contains("the master key does not unwrap server secret 'manage'"));
  CHECK(core::toHex(secrets.hmac("manage", "x")) == stored);
  auto fresh = base::ServerSecrets(t.db(), clock); // nothing was regenerated behind the refusal
  CHECK(core::toHex(fresh.hmac("manage", "x")) == stored);
}

TEST_CASE("atrium secrets rotate-master-key reseals the secrets and the audit chain under a new key file", "[backend][cli][secrets][audit]") {
  TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'900'000'000'000'000);
  base::ServerSecrets secrets(t.db(), clock);
  std::string link = auth::manageToken(secrets, 5, true);
  auditThree(t, clock);
  auto next = t.directory() / "next.key";

  auto same = runAtrium(t, {"secrets", "rotate-master-key", "--new-key-file", t.masterKeyPath().string()});
  CHECK(same.exit == 2);
  auto rotated = runAtrium(t, {"secrets", "rotate-master-key", "--new-key-file", next.string()});
  INFO(rotated.err);
  REQUIRE(rotated.exit == 0);
  CHECK_THAT(rotated.out, Catch::Contains("rewrapped 1 server secret(s) and re-keyed 3 audit entries"));
  CHECK((std::filesystem::status(next).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));

  auto oldKey = runAtrium(t, {"status"});
  CHECK(oldKey.exit == 1);
  CHECK_THAT(oldKey.err, Catch::Contains("master key"));
  auto verified = runAtrium(t, {"--set", "secrets.masterKeyFile=" + next.string(), "audit", "verify"});
  CHECK(verified.exit == 0);
  CHECK_THAT(verified.out, Catch::Contains("ok      (installation): 3 entries, chain intact"));

  auto settings = t.settings();
  settings.masterKey = std::make_shared<const core::MasterKey>(core::MasterKey::loadFile(next, false));
  auto node = store::Database::open(settings);
  base::ServerSecrets nodeSecrets(*node, clock);
  CHECK(auth::verifyManageToken(nodeSecrets, 5, link) == std::optional<bool>(true)); // links sent before still work
}
