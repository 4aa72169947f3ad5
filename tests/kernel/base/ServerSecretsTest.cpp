// The master key outside the database: a copy of the database alone unlocks nothing.
#include "auth/ManageLinks.h"
#include "base/ServerSecrets.h"
#include "core/Digest.h"
#include "core/MasterKey.h"
#include "core/Random.h"
#include "store/Migrator.h"
#include "TestDatabase.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace atrium;

namespace {

/// The same database opened as someone with a copy of it and a master key of their own would.
std::unique_ptr<store::Database> openWithKey(const test::TestDatabase& t, core::MasterKey key) {
  auto settings = t.settings();
  settings.masterKey = std::make_shared<const core::MasterKey>(std::move(key));
  return store::Database::open(settings);
}

std::string storedSecret(store::Database& db, const std::string& name) {
  return db.acquire()->queryOne("SELECT secret FROM server_secrets WHERE name = ?", {name})->getText(0);
}

} // namespace

TEST_CASE("a copy of the database with another master key neither unwraps the server secrets nor forges manage links",
          "[backend][auth][secrets][security]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'900'000'000'000'000);
  base::ServerSecrets secrets(t.db(), clock);
  std::string token = auth::manageToken(secrets, 42, false);
  REQUIRE(auth::verifyManageToken(secrets, 42, token) == std::optional<bool>(false));

  // the stored value is not the key: signing with it makes no valid link
  std::string stored = storedSecret(t.db(), "manage");
  CHECK(core::MasterKey::isWrapped(stored));
  CHECK(stored.find(secrets.get("manage")) == std::string::npos);
  CHECK(base::base64Url(core::hmacSha256(stored, "booking:42")) != token);
  CHECK_FALSE(core::constantTimeEquals(base::base64Url(core::hmacSha256(stored.substr(3), "booking:42")), token));

  // another master key is refused, and nothing is regenerated behind the refusal
  auto copy = openWithKey(t, core::MasterKey::generate());
  base::ServerSecrets thief(*copy, clock);
  CHECK_THROWS_AS(thief.get("manage"), core::MasterKeyError);
  CHECK_THROWS_AS(auth::verifyManageToken(thief, 42, token), core::MasterKeyError);
  CHECK_THROWS_WITH(base::ServerSecrets::unlockAll(*copy), Catch::Contains("does not unwrap server secret 'manage'"));
  CHECK(storedSecret(t.db(), "manage") == stored);

  // the right key (another node, a restart) signs alike
  auto node = openWithKey(t, core::MasterKey::loadFile(t.masterKeyPath(), false));
  base::ServerSecrets nodeSecrets(*node, clock);
  CHECK(auth::verifyManageToken(nodeSecrets, 42, token) == std::optional<bool>(false));
}

TEST_CASE("server secrets stored before wrapping are wrapped in place and their links keep working", "[backend][auth][secrets]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::ManualClock clock(1'900'000'000'000'000);
  std::string legacy = core::toHex(core::randomBytes(32));
  t.db().acquire()->execute("INSERT INTO server_secrets (name, secret, created_at) VALUES ('manage', ?, 1)", {legacy});
  std::string oldLink = base::base64Url(core::hmacSha256(legacy, "booking:7")); // as emailed before the upgrade

  CHECK(base::ServerSecrets::unlockAll(t.db()) == 1);
  CHECK(base::ServerSecrets::unlockAll(t.db()) == 0); // idempotent
  std::string stored = storedSecret(t.db(), "manage");
  CHECK(core::MasterKey::isWrapped(stored));
  CHECK(stored.find(legacy) == std::string::npos);
  base::ServerSecrets secrets(t.db(), clock);
  CHECK(auth::verifyManageToken(secrets, 7, oldLink) == std::optional<bool>(false));
  CHECK_FALSE(auth::verifyManageToken(secrets, 8, oldLink).has_value());
}

TEST_CASE("the master key file is created owner-only and refused when others may read it or its length is wrong",
          "[auth][secrets][security]") {
  auto dir = test::makeTempDirectory("atrium-key");
  auto config = core::Config::fromOverrides({{"data.dir", dir.string()}});
  auto key = core::MasterKey::load(config);
  auto path = dir / "master.key";
  REQUIRE(std::filesystem::exists(path));
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  CHECK(std::filesystem::file_size(path) == 32);
  CHECK(core::MasterKey::load(config).derive("x") == key.derive("x")); // read back, not replaced

  SECTION("readable by the group") {
    std::filesystem::permissions(path, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
    CHECK_THROWS_WITH(core::MasterKey::load(config), Catch::Contains("may be read by others") && Catch::Contains("chmod 600"));
  }
  SECTION("truncated") {
    std::filesystem::resize_file(path, 31);
    CHECK_THROWS_WITH(core::MasterKey::load(config), Catch::Contains("exactly 32 bytes"));
  }
  SECTION("given as hex instead of a file") {
    std::string hex(64, 'a');
    auto fromHex = core::Config::fromOverrides({{"data.dir", dir.string()}, {"secrets.masterKey", hex}});
    CHECK(core::MasterKey::load(fromHex).derive("x") == core::MasterKey::fromBytes(std::string(32, '\xaa')).derive("x"));
    auto bad = core::Config::fromOverrides({{"data.dir", dir.string()}, {"secrets.masterKey", "abc"}});
    CHECK_THROWS_WITH(core::MasterKey::load(bad), Catch::Contains("64 hex digits"));
  }
  SECTION("wrapped under one name, unwrapped under another") {
    auto wrapped = key.wrap("manage", "secret value");
    CHECK(key.unwrap("manage", wrapped) == std::optional<std::string>("secret value"));
    CHECK_FALSE(key.unwrap("unsubscribe", wrapped).has_value());
    CHECK_FALSE(core::MasterKey::generate().unwrap("manage", wrapped).has_value());
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("a node given another master key is refused even before any secret was used", "[backend][auth][secrets][security]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  CHECK(base::ServerSecrets::unlockAll(t.db()) == 0); // the first start seals the empty database
  CHECK(base::ServerSecrets::unlockAll(t.db()) == 0);
  auto otherNode = openWithKey(t, core::MasterKey::generate());
  CHECK_THROWS_AS(base::ServerSecrets::unlockAll(*otherNode), core::MasterKeyError);
}
