#include "base/AuditLog.h"
#include "core/Digest.h"
#include "core/Random.h"
#include "store/Migrator.h"
#include "TestDatabase.h"

#include <catch2/catch.hpp>

using namespace atrium;

TEST_CASE("the audit log is hash-chained and detects edits and deletions", "[backend][privacy]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'900'000'000'000'000);
  base::AuditLog audit(clock, t.db());
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    t.db().inTransaction([&](store::Connection& c) {
      base::AuditEntry e;
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
  CHECK_FALSE(audit.verify(*c, 7).has_value());
  CHECK_FALSE(audit.verify(*c, 8).has_value());

  SECTION("an edited row breaks the chain at that row") {
    c->execute("UPDATE audit_log SET actor_id = 'someone-else' WHERE id = ?", {ids[2]});
    CHECK(audit.verify(*c, 7) == ids[2]);
    CHECK_FALSE(audit.verify(*c, 8).has_value());
  }
  SECTION("a deleted row in the middle is detected") {
    c->execute("DELETE FROM audit_log WHERE id = ?", {ids[2]});
    CHECK(audit.verify(*c, 7) == ids[4]);
  }
  SECTION("a deleted last row is detected through the chain head") {
    c->execute("DELETE FROM audit_log WHERE id = ?", {ids[4]});
    CHECK(audit.verify(*c, 7) == -1);
  }
}

namespace {

/// What an entry's hash covers, as AuditLog writes it: what someone who edits a row with
/// only the database in hand would recompute.
std::string canonicalRow(const store::Row& r, const std::string& prev) {
  std::string out;
  for (const std::string& v : {std::to_string(r.getInt("chain_id")), std::to_string(r.getInt("at")), r.getText("actor_kind"),
                               r.getText("actor_id"), r.getText("action"), r.getText("subject_kind"), r.getText("subject_id"),
                               r.getText("details_json"), prev})
    out += std::to_string(v.size()) + ":" + v;
  return out;
}

/// Rehashes the whole chain (rows and head) the way an attacker without the master key
/// would: unkeyed SHA-256 marked as the old scheme, or HMAC under a key of their own.
void rehashChain(store::Connection& c, std::int64_t chain, const std::optional<std::string>& key) {
  std::string prev(64, '0');
  for (const auto& r : c.query("SELECT * FROM audit_log WHERE chain_id = ? ORDER BY id", {chain})) {
    std::string bytes = canonicalRow(r, prev);
    std::string hash = key ? core::toHex(core::hmacSha256(*key, bytes)) : core::sha256Hex(bytes);
    c.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, scheme = ? WHERE id = ?", {prev, hash, key ? 1 : 0, r.getInt("id")});
    prev = hash;
  }
  c.execute("UPDATE audit_heads SET last_hash = ? WHERE chain_id = ?", {prev, chain});
}

std::vector<std::int64_t> appendEntries(store::Database& db, base::AuditLog& audit, core::ManualClock& clock,
                                        std::optional<std::int64_t> chain, int n) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < n; ++i) {
    db.inTransaction([&](store::Connection& c) {
      base::AuditEntry e;
      e.businessId = chain;
      e.actor = {"staff", std::to_string(i)};
      e.action = "client.viewed";
      e.subject = {"client", "12"};
      ids.push_back(audit.append(c, e));
    });
    clock.advanceSeconds(1);
  }
  return ids;
}

} // namespace

TEST_CASE("an audit row edited and rehashed without the master key is detected", "[backend][privacy][audit][security]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'900'000'000'000'000);
  base::AuditLog audit(clock, t.db());
  auto ids = appendEntries(t.db(), audit, clock, 7, 3);
  auto c = t.db().acquire();
  REQUIRE_FALSE(audit.verify(*c, 7).has_value());
  c->execute("UPDATE audit_log SET actor_id = 'someone-else' WHERE id = ?", {ids[1]});

  SECTION("rehashed with unkeyed SHA-256, as before the chain was keyed") {
    rehashChain(*c, 7, std::nullopt);
    CHECK(audit.verify(*c, 7) == ids[0]); // no entry verifies any more
  }
  SECTION("rehashed with HMAC under a key of the attacker's") {
    rehashChain(*c, 7, core::randomBytes(32));
    CHECK(audit.verify(*c, 7) == ids[0]);
  }
  SECTION("rehashed with HMAC under the audit key derived from another master key") {
    rehashChain(*c, 7, core::MasterKey::generate().derive(base::AuditLog::kKeyLabel));
    CHECK(audit.verify(*c, 7) == ids[0]);
  }
  SECTION("the same rehash with the installation's own key passes, so the key is what protects the chain") {
    rehashChain(*c, 7, t.db().masterKey().derive(base::AuditLog::kKeyLabel));
    CHECK_FALSE(audit.verify(*c, 7).has_value());
  }
}

TEST_CASE("audit entries written before the chain was keyed verify after the upgrade and are protected from then on",
          "[backend][privacy][audit][security]") {
  test::TestDatabase t;
  auto all = store::kernelMigrations();
  std::vector<store::Migration> before(all.begin(), all.begin() + (base::AuditLog::kKeyedSchemaVersion - 1));
  store::Migrator(t.db(), before).migrate();
  // entries as the previous release wrote them: unkeyed SHA-256, no scheme column
  core::ManualClock clock(1'900'000'000'000'000);
  std::string prev(64, '0');
  std::vector<std::int64_t> ids;
  {
    auto c = t.db().acquire();
    for (int i = 0; i < 3; ++i) {
      std::string fields;
      for (const std::string& v : {std::string("0"), std::to_string(1000 + i), std::string("cli"), std::string("root"),
                                   std::string("business.created"), std::string("none"), std::string(""), std::string("{}"), prev})
        fields += std::to_string(v.size()) + ":" + v;
      std::string hash = core::sha256Hex(fields);
      ids.push_back(c->insert("INSERT INTO audit_log (chain_id, business_id, at, actor_kind, actor_id, action, subject_kind, subject_id, "
                              "details_json, prev_hash, hash) VALUES (0, NULL, ?, 'cli', 'root', 'business.created', 'none', '', '{}', ?, ?)",
                              {1000 + i, prev, hash}));
      prev = hash;
    }
    c->execute("INSERT INTO audit_heads (chain_id, last_hash, entries) VALUES (0, ?, 3)", {prev});
  }
  bool brokenBefore = GENERATE(false, true);
  if (brokenBefore) t.db().acquire()->execute("UPDATE audit_log SET actor_id = 'edited' WHERE id = ?", {ids[1]});

  auto applied = store::Migrator(t.db()).migrate();
  base::AuditLog audit(clock, t.db());
  auto c = t.db().acquire();
  if (brokenBefore) { // the upgrade re-anchors only the intact part: the edit stays visible
    CHECK(audit.reanchorAfterUpgrade(t.db(), applied) == 1);
    CHECK(audit.verify(*c, 0) == ids[1]);
    return;
  }
  CHECK(audit.reanchorAfterUpgrade(t.db(), applied) == 3);
  CHECK_FALSE(audit.verify(*c, 0).has_value());
  appendEntries(t.db(), audit, clock, std::nullopt, 1);
  CHECK_FALSE(audit.verify(*c, 0).has_value());
  CHECK(audit.reanchorAfterUpgrade(t.db(), {}) == 0); // once, at the upgrade only

  // making the chain look as it did before the upgrade does not launder an edit
  c->execute("UPDATE audit_log SET actor_id = 'someone-else' WHERE id = ?", {ids[1]});
  rehashChain(*c, 0, std::nullopt);
  CHECK(audit.verify(*c, 0) == ids[0]);
}
