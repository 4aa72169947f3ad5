// delete_history's kernel side (history.purge@1) under load: 1,000,000 expired bookings
// (two per client) purged in the plugin's batches of 100 while a writer thread keeps
// booking through the real booking path. Prints purged rows/s and the writer's median
// and worst latency, next to the same writer's latency with nothing purging.
// SQLite by default; MariaDB with ATRIUM_TEST_BACKEND=mysql (tests/bench/purge_bench.sh
// runs both).
#include "BookingWorld.h"
#include "core/Log.h"
#include "privacy/HistoryPurge.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace atrium;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::int64_t kHalfHour = 1800LL * 1000 * 1000;
constexpr std::int64_t kDay = 86400LL * 1000 * 1000;

/// Books successive weekday half-hours from a Monday in 2031 until told to stop; the
/// latency of each booking in microseconds.
struct Writer {
  test::BookingWorld& w;
  base::Business business;
  booking::Service service;
  std::int64_t provider, client;
  int next = 0;
  std::vector<double> latencies;

  void run(const std::atomic<bool>& stop, int atMost) {
    std::int64_t monday = w.at(business, "2031-01-06", 9);
    for (int n = 0; !stop && n < atMost; ++n) {
      int day = next / 14, slot = next % 14;
      ++next;
      if (day % 7 >= 5) { // the weekend: on to Monday
        next = (day / 7 + 1) * 7 * 14;
        --n;
        continue;
      }
      auto t0 = Clock::now();
      w.book(business, service, provider, monday + day * kDay + slot * kHalfHour, client);
      latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
  }
  std::pair<double, double> medianAndWorst() {
    if (latencies.empty()) return {0, 0};
    std::sort(latencies.begin(), latencies.end());
    auto result = std::make_pair(latencies[latencies.size() / 2], latencies.back());
    latencies.clear();
    return result;
  }
};

} // namespace

int main(int argc, char** argv) {
  const int total = argc > 1 ? std::atoi(argv[1]) : 1000000;
  core::Log::setLevel(core::LogLevel::Warn);
  test::BookingWorld w(4);
  const char* label = w.database.backend() == store::Backend::Mysql ? "mariadb" : "sqlite";
  auto b = w.business("bench");
  auto provider = w.provider(b, "ana");
  auto service = w.service(b, 30);
  auto client = w.client(b, "writer");

  // Seed: `total` bookings that ended more than 30 days ago, two per client.
  auto seedStart = Clock::now();
  std::int64_t first = w.clock.nowMicros() - 40 * kDay - static_cast<std::int64_t>(total) * kHalfHour;
  const int rows = 1000;
  for (int done = 0; done < total; done += rows) {
    w.database.db().inTransaction([&](store::Connection& c) {
      int n = std::min(rows, total - done);
      std::string sql = "INSERT INTO clients (business_id, name, email, notes, locale, created_at, updated_at) VALUES ";
      store::Params p;
      for (int i = 0; i < n / 2; ++i) {
        sql += i ? ",(?, ?, ?, 'prefers mornings', 'en', 0, 0)" : "(?, ?, ?, 'prefers mornings', 'en', 0, 0)";
        p.insert(p.end(), {b.id, "Client " + std::to_string(done + 2 * i), "c" + std::to_string(done + 2 * i) + "@example.com"});
      }
      c.execute(sql, p);
      auto firstId = c.queryOne("SELECT id FROM clients WHERE business_id = ? AND email = ?", {b.id, "c" + std::to_string(done) + "@example.com"})->getInt(0);
      std::string bsql = "INSERT INTO bookings (business_id, service_id, provider_id, client_id, start_at, end_at, blocked_until, status, "
                         "source, note, price_cents, currency, created_at, updated_at) VALUES ";
      store::Params bp;
      for (int i = 0; i < n; ++i) {
        bsql += i ? ",(?, ?, ?, ?, ?, ?, ?, 'completed', 'public_page', 'see you', 5000, 'EUR', 0, 0)"
                  : "(?, ?, ?, ?, ?, ?, ?, 'completed', 'public_page', 'see you', 5000, 'EUR', 0, 0)";
        std::int64_t start = first + static_cast<std::int64_t>(done + i) * kHalfHour;
        bp.insert(bp.end(), {b.id, service.id, provider, firstId + i / 2, start, start + kHalfHour, start + kHalfHour});
      }
      c.execute(bsql, bp);
    });
  }
  double seedSeconds = std::chrono::duration<double>(Clock::now() - seedStart).count();

  Writer writer{w, b, service, provider, client.id};
  std::atomic<bool> never{false};
  writer.run(never, 500); // the writer alone, for comparison
  auto [aloneMedian, aloneWorst] = writer.medianAndWorst();

  privacy::HistoryPurge purge(w.database.db(), w.clock);
  privacy::PurgeRequest request;
  request.endedBefore = w.clock.nowMicros() - 30 * kDay;
  request.batchSize = 100; // as the plugin runs it
  std::atomic<bool> done{false};
  std::thread writing([&] { writer.run(done, 1 << 30); });
  auto purgeStart = Clock::now();
  std::int64_t purged = 0, clients = 0;
  for (;;) {
    auto r = purge.run(b.id, request);
    purged += r.bookings;
    clients += r.clients;
    if (!r.more) break;
  }
  double purgeSeconds = std::chrono::duration<double>(Clock::now() - purgeStart).count();
  done = true;
  writing.join();
  auto written = writer.latencies.size();
  auto [median, worst] = writer.medianAndWorst();

  std::printf("%s: seeded %d expired bookings in %.1f s\n", label, total, seedSeconds);
  std::printf("%s: purged %lld bookings and erased %lld clients in %.1f s = %.0f bookings/s\n", label, static_cast<long long>(purged),
              static_cast<long long>(clients), purgeSeconds, purged / purgeSeconds);
  std::printf("%s: writer meanwhile: %zu bookings, median %.2f ms, worst %.1f ms (alone: median %.2f ms, worst %.1f ms)\n", label, written,
              median / 1000, worst / 1000, aloneMedian / 1000, aloneWorst / 1000);
  return purged == total ? 0 : 1;
}
