// Privacy figures: whole-business export of 100,000 clients (MB/s and the peak memory it
// adds while streaming) and erasing one client with 1,000 bookings. SQLite by default;
// MariaDB when ATRIUM_TEST_MYSQL_* are set (tests/bench/privacy_bench.sh does both).
#include "base/Business.h"
#include "core/Log.h"
#include "core/Random.h"
#include "plugin_services/PluginSystem.h"
#include "privacy/ClientErasure.h"
#include "privacy/DataExport.h"
#include "store/Migrator.h"
#include "store/MysqlConnection.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <streambuf>
#include <string>
#include <thread>

using namespace atrium;

namespace {

long rssKiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

/// Counts bytes and throws them away.
struct CountingBuf : std::streambuf {
  std::uint64_t bytes = 0;
  char buffer[1 << 16];
  CountingBuf() { setp(buffer, buffer + sizeof buffer); }
  int overflow(int c) override {
    bytes += static_cast<std::uint64_t>(pptr() - pbase());
    setp(buffer, buffer + sizeof buffer);
    if (c != EOF) *pptr() = static_cast<char>(c), pbump(1);
    return 0;
  }
  int sync() override {
    bytes += static_cast<std::uint64_t>(pptr() - pbase());
    setp(buffer, buffer + sizeof buffer);
    return 0;
  }
};

std::string env(const char* name) { return std::getenv(name) ? std::getenv(name) : ""; }

} // namespace

int main(int argc, char** argv) {
  int clients = argc > 1 ? std::atoi(argv[1]) : 100000;
  core::Log::setLevel(core::LogLevel::Warn);
  auto dir = std::filesystem::temp_directory_path() / ("atrium-privacy-bench-" + core::toHex(core::randomBytes(4)));
  std::filesystem::create_directories(dir);
  store::DatabaseSettings s;
  std::string label = "sqlite";
  if (!env("ATRIUM_TEST_MYSQL_PORT").empty()) {
    label = "mariadb";
    s.backend = store::Backend::Mysql;
    s.mysqlHost = "127.0.0.1";
    s.mysqlPort = std::stoi(env("ATRIUM_TEST_MYSQL_PORT"));
    s.mysqlUser = env("ATRIUM_TEST_MYSQL_USER");
    s.mysqlPassword = env("ATRIUM_TEST_MYSQL_PASSWORD");
    s.mysqlDatabase = "mysql";
    std::string schema = "atrium_bench_" + core::toHex(core::randomBytes(4));
    store::MysqlConnection(s).execute("CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", {});
    s.mysqlDatabase = schema;
  } else {
    s.sqlitePath = (dir / "bench.db").string();
  }
  s.masterKey = std::make_shared<const core::MasterKey>(core::MasterKey::generate());
  auto db = store::Database::open(s);
  store::Migrator(*db).migrate();
  core::SystemClock clock;
  plugin_host::PluginRegistry::Settings ps;
  ps.directory = dir / "none";
  plugin_services::PluginSystem plugins(*db, clock, ps);
  plugins.loadAll();
  auto business = base::BusinessDirectory(*db, clock).create({0, "bench", "Bench", "Europe/Berlin", "en", {}, {}, 0, 0});

  // Seed: clients with two bookings each, plus one client with 1,000 bookings.
  auto seedStart = std::chrono::steady_clock::now();
  std::int64_t provider = 0, service = 0;
  db->inTransaction([&](store::Connection& c) {
    provider = c.insert("INSERT INTO users (business_id, email, display_name, role, password_hash, created_at, updated_at, bookable) "
                        "VALUES (?, 'p@bench.example', 'Provider', 'staff', 'x', 0, 0, 1)", {business.id});
    service = c.insert("INSERT INTO services (business_id, name, duration_min, price_cents, currency, capacity, created_at, updated_at) "
                       "VALUES (?, 'Consultation', 30, 5000, 'EUR', 1, 0, 0)", {business.id});
  });
  const int rows = 100;
  std::int64_t t0 = INT64_C(1700000000000000);
  for (int first = 0; first < clients; first += rows) {
    db->inTransaction([&](store::Connection& c) {
      std::string sql = "INSERT INTO clients (business_id, name, email, phone, notes, locale, created_at, updated_at) VALUES ";
      store::Params p;
      int n = std::min(rows, clients - first);
      for (int i = 0; i < n; ++i) {
        sql += i ? ",(?, ?, ?, ?, ?, 'en', 0, 0)" : "(?, ?, ?, ?, ?, 'en', 0, 0)";
        int k = first + i;
        p.insert(p.end(), {business.id, "Client Number " + std::to_string(k), "client" + std::to_string(k) + "@example.com",
                           "+49 30 " + std::to_string(1000000 + k), "prefers mornings"});
      }
      c.execute(sql, p);
      auto firstId = c.queryOne("SELECT MIN(id) FROM clients WHERE email = ?", {"client" + std::to_string(first) + "@example.com"})->getInt(0);
      std::string bsql = "INSERT INTO bookings (business_id, service_id, provider_id, client_id, start_at, end_at, blocked_until, status, "
                         "source, note, price_cents, currency, created_at, updated_at) VALUES ";
      store::Params bp;
      for (int i = 0; i < 2 * n; ++i) {
        bsql += i ? ",(?, ?, ?, ?, ?, ?, ?, 'completed', 'public_page', 'see you', 5000, 'EUR', 0, 0)"
                  : "(?, ?, ?, ?, ?, ?, ?, 'completed', 'public_page', 'see you', 5000, 'EUR', 0, 0)";
        std::int64_t start = t0 + (first * 2 + i) * INT64_C(1800000000);
        bp.insert(bp.end(), {business.id, service, provider, firstId + i / 2, start, start + INT64_C(1800000000), start + INT64_C(1800000000)});
      }
      c.execute(bsql, bp);
    });
  }
  std::int64_t heavy = 0;
  db->inTransaction([&](store::Connection& c) {
    heavy = c.insert("INSERT INTO clients (business_id, name, email, locale, created_at, updated_at) VALUES (?, 'Heavy', 'heavy@example.com', 'en', 0, 0)",
                     {business.id});
    for (int i = 0; i < 1000; i += rows) {
      std::string sql = "INSERT INTO bookings (business_id, service_id, provider_id, client_id, start_at, end_at, blocked_until, status, "
                        "source, note, price_cents, currency, created_at, updated_at) VALUES ";
      store::Params p;
      for (int k = 0; k < rows; ++k) {
        sql += k ? ",(?, ?, ?, ?, ?, ?, ?, 'completed', 'back_office', 'note', 5000, 'EUR', 0, 0)"
                 : "(?, ?, ?, ?, ?, ?, ?, 'completed', 'back_office', 'note', 5000, 'EUR', 0, 0)";
        std::int64_t start = t0 - (i + k + 1) * INT64_C(86400000000);
        p.insert(p.end(), {business.id, service, provider, heavy, start, start + INT64_C(1800000000), start + INT64_C(1800000000)});
      }
      c.execute(sql, p);
    }
  });
  double seedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - seedStart).count();
  business = *base::BusinessDirectory(*db, clock).findBySlug("bench");

  // Export, sampling memory while it streams.
  privacy::DataExport exporter(*db, clock, plugins.runtime());
  CountingBuf sink;
  std::ostream out(&sink);
  long baseline = rssKiB();
  std::atomic<long> peak{baseline};
  std::atomic<bool> running{true};
  std::thread sampler([&] {
    while (running) {
      long now = rssKiB();
      if (now > peak) peak = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  auto exportStart = std::chrono::steady_clock::now();
  auto written = exporter.business(out, business, {"system", "bench"});
  out.flush();
  double exportSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - exportStart).count();
  running = false;
  sampler.join();

  privacy::ClientErasure erasure(*db, clock, plugins.audit(), nullptr);
  auto eraseStart = std::chrono::steady_clock::now();
  auto report = erasure.erase(business, heavy, {"system", "bench"});
  double eraseSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - eraseStart).count();

  double mb = static_cast<double>(sink.bytes) / 1e6;
  std::printf("%s: seeded %d clients (+%d bookings) in %.1f s\n", label.c_str(), clients + 1, 2 * clients + 1000, seedSeconds);
  std::printf("%s: export of %lld clients: %.1f MB in %.2f s = %.1f MB/s, %.0f clients/s; RSS %ld KiB before, peak %ld KiB during (+%ld KiB)\n",
              label.c_str(), static_cast<long long>(written), mb, exportSeconds, mb / exportSeconds, written / exportSeconds, baseline,
              peak.load(), peak.load() - baseline);
  std::printf("%s: erasing one client with %lld bookings: %.1f ms\n", label.c_str(), static_cast<long long>(report.bookingsAnonymised),
              eraseSeconds * 1000);
  plugins.registry().shutdown();
  if (s.backend == store::Backend::Mysql) {
    auto admin = s;
    admin.mysqlDatabase = "mysql";
    store::MysqlConnection(admin).execute("DROP DATABASE " + s.mysqlDatabase, {});
  }
  std::filesystem::remove_all(dir);
  return 0;
}
