#pragma once
#include "privacy/ClientErasure.h"
#include "store/Database.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace atrium::test {

/// Every value of every table, as text: what a canary scan searches for personal data left.
inline std::string everything(store::Database& db) {
  auto lease = db.acquire();
  std::vector<std::string> tables;
  if (lease->backend() == store::Backend::Sqlite)
    lease->forEach("SELECT name FROM sqlite_master WHERE type = 'table'", {}, [&](const store::Row& r) { tables.push_back(r.getText(0)); });
  else
    lease->forEach("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", {},
                   [&](const store::Row& r) { tables.push_back(r.getText(0)); });
  REQUIRE(tables.size() > 15);
  std::string all;
  for (const auto& t : tables)
    lease->forEach("SELECT * FROM " + t, {}, [&](const store::Row& r) {
      for (std::size_t i = 0; i < r.size(); ++i) all += r.getText(i) + "\n";
    });
  return all;
}

/// What a business's statistics are made of: bookings and revenue (cancelled left out), and
/// count and revenue per service, provider, status and month (UTC). Erasure and retention
/// must leave all of it unchanged.
struct Statistics {
  std::int64_t count = 0, revenue = 0;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> groups;
  bool operator==(const Statistics&) const = default;
};

inline Statistics statistics(store::Database& db, std::int64_t businessId) {
  Statistics s;
  auto lease = db.acquire();
  lease->forEach("SELECT service_id, provider_id, status, start_at, price_cents FROM bookings WHERE business_id = ?", {businessId},
                 [&](const store::Row& r) {
                   std::int64_t price = r.getInt(4);
                   if (r.getText(2) != "cancelled") ++s.count, s.revenue += price;
                   auto& group = s.groups[r.getText(0) + "," + r.getText(1) + "," + r.getText(2) + "," +
                                          std::to_string(privacy::monthStart(r.getInt(3)))];
                   ++group.first;
                   group.second += price;
                 });
  return s;
}

} // namespace atrium::test
