// The store contract: every case tagged [backend] runs against SQLite and, under
// `make test`, again against MariaDB (ctest prefix "mysql: "). Both must behave alike.
#include "store/DatabaseError.h"
#include "store/Migrator.h"
#include "store/MysqlConnection.h"
#include "TestDatabase.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using atrium::store::Blob;
using atrium::store::Connection;
using atrium::store::DatabaseError;
using atrium::store::Migrator;
using atrium::store::Transaction;
using atrium::test::TestDatabase;

namespace {

void createScratchTable(Connection& c) {
  c.execute(Migrator::translate("CREATE TABLE scratch (id {id}, label VARCHAR(64) NOT NULL, amount BIGINT NULL, "
                                "ratio DOUBLE NULL, payload LONGBLOB NULL, note LONGTEXT NULL, "
                                "CONSTRAINT uq_scratch_label UNIQUE (label)){options}",
                                c.backend()));
}

} // namespace

TEST_CASE("migrations apply once and are idempotent", "[backend][store]") {
  TestDatabase t;
  Migrator migrator(t.db());
  auto before = migrator.status();
  CHECK(before.current == 0);
  CHECK_FALSE(before.pending.empty());

  auto applied = migrator.migrate();
  CHECK(applied.size() == before.pending.size());
  auto after = migrator.status();
  CHECK(after.current == after.latest);
  CHECK(after.pending.empty());

  CHECK(migrator.migrate().empty()); // second run: nothing to do
  auto lease = t.db().acquire();
  CHECK(lease->queryOne("SELECT COUNT(*) FROM schema_migrations")->getInt(0) == after.latest);
}

TEST_CASE("a database newer than this build is refused", "[backend][store]") {
  TestDatabase t;
  Migrator(t.db()).migrate();
  {
    auto lease = t.db().acquire();
    lease->execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)");
  }
  REQUIRE_THROWS_WITH(Migrator(t.db()).migrate(), Catch::Contains("upgrade Atrium instead of downgrading"));
}

TEST_CASE("values round-trip with the same types on both backends", "[backend][store]") {
  TestDatabase t;
  auto c = t.db().acquire();
  createScratchTable(*c);
  const std::string binary("\x00\x01\xff\x7f zero-safe", 15);
  const std::string text = "Zoë 預約 \xF0\x9F\x93\x85 ' \" ; DROP TABLE scratch; --";
  auto id = c->insert("INSERT INTO scratch (label, amount, ratio, payload, note) VALUES (?, ?, ?, ?, ?)",
                      {"a", INT64_C(9007199254740993), 0.125, Blob{binary}, text});
  CHECK(id > 0);
  c->insert("INSERT INTO scratch (label, amount, ratio, payload, note) VALUES (?, ?, ?, ?, ?)",
            {"b", nullptr, nullptr, nullptr, std::optional<std::string>()});

  auto row = c->queryOne("SELECT id, label, amount, ratio, payload, note FROM scratch WHERE label = ?", {"a"});
  REQUIRE(row);
  CHECK(row->getInt("id") == id);
  CHECK(row->getInt("amount") == INT64_C(9007199254740993));
  CHECK(row->getDouble("ratio") == 0.125);
  CHECK(row->getText("payload") == binary);
  CHECK(row->getText("note") == text);

  auto empty = c->queryOne("SELECT amount, ratio, payload, note FROM scratch WHERE label = 'b'");
  REQUIRE(empty);
  for (std::size_t i = 0; i < 4; ++i) CHECK(empty->isNull(i));
  CHECK_FALSE(empty->getOptionalInt("amount").has_value());

  CHECK(c->queryOne("SELECT COUNT(*) FROM scratch")->getInt(0) == 2); // the injection text stayed a value
  CHECK(c->query("SELECT label FROM scratch ORDER BY label").size() == 2);
  CHECK_FALSE(c->queryOne("SELECT label FROM scratch WHERE label = ?", {"zzz"}).has_value());
}

TEST_CASE("text compares byte-wise on both backends", "[backend][store]") {
  TestDatabase t;
  auto c = t.db().acquire();
  createScratchTable(*c);
  c->execute("INSERT INTO scratch (label) VALUES (?)", {"Alice"});
  CHECK_NOTHROW(c->execute("INSERT INTO scratch (label) VALUES (?)", {"alice"})); // distinct under binary collation
  CHECK(c->queryOne("SELECT COUNT(*) FROM scratch WHERE label = ?", {"ALICE"})->getInt(0) == 0);
}

TEST_CASE("UPDATE reports matched rows, even when nothing changed", "[backend][store]") {
  TestDatabase t;
  auto c = t.db().acquire();
  createScratchTable(*c);
  c->execute("INSERT INTO scratch (label, amount) VALUES ('x', 5)");
  CHECK(c->execute("UPDATE scratch SET amount = 5 WHERE label = 'x'") == 1);
  CHECK(c->execute("UPDATE scratch SET amount = 6 WHERE label = 'nobody'") == 0);
}

TEST_CASE("constraint violations are reported as such, without echoing values", "[backend][store]") {
  TestDatabase t;
  Migrator(t.db()).migrate();
  auto c = t.db().acquire();
  createScratchTable(*c);
  c->execute("INSERT INTO scratch (label) VALUES (?)", {"secret@example.com"});
  try {
    c->execute("INSERT INTO scratch (label) VALUES (?)", {"secret@example.com"});
    FAIL("duplicate accepted");
  } catch (const DatabaseError& e) {
    CHECK(e.kind() == DatabaseError::Kind::Constraint);
    CHECK(std::string(e.what()).find("secret@example.com") == std::string::npos);
  }
  // foreign keys are enforced (SQLite needs PRAGMA foreign_keys)
  try {
    c->execute("INSERT INTO users (business_id, email, display_name, role, password_hash, created_at, updated_at) "
               "VALUES (424242, 'a@b.c', 'A', 'staff', 'x', 0, 0)");
    FAIL("dangling foreign key accepted");
  } catch (const DatabaseError& e) {
    CHECK(e.kind() == DatabaseError::Kind::Constraint);
  }
}

TEST_CASE("transactions commit or roll back as a whole", "[backend][store]") {
  TestDatabase t;
  {
    auto c = t.db().acquire();
    createScratchTable(*c);
  }
  t.db().inTransaction([](Connection& c) {
    c.execute("INSERT INTO scratch (label) VALUES ('kept-1')");
    c.execute("INSERT INTO scratch (label) VALUES ('kept-2')");
  });
  CHECK_THROWS_AS(t.db().inTransaction([](Connection& c) {
    c.execute("INSERT INTO scratch (label) VALUES ('lost')");
    c.execute("INSERT INTO scratch (label) VALUES ('kept-1')"); // duplicate: the whole transaction goes
  }),
                  DatabaseError);
  {
    auto c = t.db().acquire();
    Transaction tx(*c);
    c->execute("INSERT INTO scratch (label) VALUES ('abandoned')");
    // no commit: rolled back when tx goes out of scope
  }
  auto c = t.db().acquire();
  CHECK_FALSE(c->inTransaction());
  auto rows = c->query("SELECT label FROM scratch ORDER BY label");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].getText(0) == "kept-1");
  CHECK(rows[1].getText(0) == "kept-2");
}

TEST_CASE("the pool serves concurrent writers and bounds its connections", "[backend][store]") {
  TestDatabase t(3);
  {
    auto c = t.db().acquire();
    createScratchTable(*c);
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 25; ++i) {
        try {
          t.db().inTransaction([&](Connection& c) {
            c.execute("INSERT INTO scratch (label, amount) VALUES (?, ?)", {"w" + std::to_string(w) + "-" + std::to_string(i), i});
          });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  auto stats = t.db().stats();
  CHECK(stats.open <= 3);
  CHECK(stats.inUse == 0);
  auto c = t.db().acquire();
  CHECK(c->queryOne("SELECT COUNT(*) FROM scratch")->getInt(0) == 200);
}

TEST_CASE("a stream of short write transactions does not shut another writer out", "[backend][store]") {
  // A purge batch among bookings: on SQLite, whose busy handler polls, the waiting writer
  // used to miss every gap between the stream's transactions and fail after the busy timeout.
  TestDatabase t(4);
  {
    auto c = t.db().acquire();
    createScratchTable(*c);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> streamed{0};
  std::thread stream([&] {
    for (int i = 0; !stop; ++i) {
      t.db().inTransaction([&](Connection& c) {
        c.execute("INSERT INTO scratch (label, amount) VALUES (?, ?)", {"s" + std::to_string(i), i});
        std::this_thread::sleep_for(std::chrono::milliseconds(2)); // a booking's work, lock held
      });
      ++streamed;
    }
  });
  while (streamed < 5) std::this_thread::yield();
  std::string failure;
  try {
    for (int i = 0; i < 10; ++i) // each must get its turn
      t.db().inTransaction([&](Connection& c) {
        c.execute("INSERT INTO scratch (label, amount) VALUES (?, ?)", {"batch" + std::to_string(i), i});
        std::this_thread::sleep_for(std::chrono::milliseconds(5)); // a batch holds the writer's lock a while
      });
  } catch (const DatabaseError& e) {
    failure = e.what();
  }
  stop = true;
  stream.join();
  CHECK(failure == "");
  auto c = t.db().acquire();
  CHECK(c->queryOne("SELECT COUNT(*) FROM scratch WHERE label LIKE 'batch%'")->getInt(0) == 10);
}

TEST_CASE("an exhausted pool answers Busy after its timeout", "[backend][store]") {
  TestDatabase t(1);
  auto held = t.db().acquire();
  try {
    auto second = t.db().acquire();
    FAIL("second lease granted from a pool of one");
  } catch (const DatabaseError& e) {
    CHECK(e.kind() == DatabaseError::Kind::Busy);
  }
  CHECK(t.db().stats().timeouts == 1);
}

TEST_CASE("a dropped MariaDB connection is replaced transparently outside transactions", "[mysql][store]") {
  TestDatabase t(2);
  auto killer = t.db().acquire();
  auto victim = t.db().acquire();
  auto victimId = victim->queryOne("SELECT CONNECTION_ID()")->getInt(0);
  killer->execute("KILL CONNECTION " + std::to_string(victimId));
  // next statement on the victim reconnects once and succeeds
  CHECK(victim->queryOne("SELECT 41 + 1")->getInt(0) == 42);
  CHECK(victim->queryOne("SELECT CONNECTION_ID()")->getInt(0) != victimId);

  // inside a transaction the loss must surface: silently continuing would split the transaction
  victim->begin();
  auto inTx = victim->queryOne("SELECT CONNECTION_ID()")->getInt(0);
  killer->execute("KILL CONNECTION " + std::to_string(inTx));
  try {
    victim->queryOne("SELECT 1");
    FAIL("a lost transaction was hidden");
  } catch (const DatabaseError& e) {
    CHECK(e.kind() == DatabaseError::Kind::Unavailable);
  }
  victim->rollback();
  CHECK(victim->broken());
}

TEST_CASE("an unreachable MariaDB gives a clear error at open", "[mysql][store]") {
  auto settings = TestDatabase::mysqlAdminSettings();
  settings.mysqlPort = 1; // nothing listens there
  try {
    atrium::store::Database::open(settings);
    FAIL("opened a database on port 1");
  } catch (const DatabaseError& e) {
    CHECK(e.kind() == DatabaseError::Kind::Unavailable);
    CHECK_THAT(e.what(), Catch::Contains("cannot connect to MySQL/MariaDB at 127.0.0.1:1"));
  }
  settings = TestDatabase::mysqlAdminSettings();
  settings.mysqlPassword = "definitely-wrong";
  CHECK_THROWS_WITH(atrium::store::Database::open(settings), Catch::Contains("Access denied"));
}
