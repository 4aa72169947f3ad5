#pragma once
#include "store/Database.h"

#include <catch2/catch.hpp>

#include <string>
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

} // namespace atrium::test
