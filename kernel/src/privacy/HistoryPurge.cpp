#include "privacy/HistoryPurge.h"

#include "privacy/ClientErasure.h"

#include <algorithm>
#include <vector>

namespace atrium::privacy {
namespace {

/// The bookings due, as SQL: ended before the cut-off (cancelled ones before theirs), not
/// purged yet, not held.
std::string dueWhere(const PurgeRequest& r, store::Params& p, std::int64_t businessId) {
  std::string where = " FROM bookings WHERE business_id = ? AND purged_at IS NULL AND ";
  p.emplace_back(businessId);
  if (r.cancelledEndedBefore) { // one index range up to the later cut-off, then the status decides
    where += "end_at < ? AND (status = 'cancelled' AND end_at < ? OR status <> 'cancelled' AND end_at < ?)";
    p.emplace_back(std::max(*r.cancelledEndedBefore, r.endedBefore));
    p.emplace_back(*r.cancelledEndedBefore);
    p.emplace_back(r.endedBefore);
  } else {
    where += "end_at < ?";
    p.emplace_back(r.endedBefore);
  }
  auto notIn = [&](const std::set<std::int64_t>& ids) {
    std::string list;
    for (auto id : ids) {
      list += list.empty() ? "?" : ", ?";
      p.emplace_back(id);
    }
    return list;
  };
  if (!r.heldBookings.empty()) where += " AND id NOT IN (" + notIn(r.heldBookings) + ")";
  if (!r.heldClients.empty()) where += " AND (client_id IS NULL OR client_id NOT IN (" + notIn(r.heldClients) + "))";
  return where;
}

} // namespace

PurgeResult HistoryPurge::run(std::int64_t businessId, const PurgeRequest& r) {
  PurgeResult result;
  std::int64_t now = clock_.nowMicros();
  int batch = std::max(1, std::min(r.batchSize, 5000));
  store::Params params;
  std::string where = dueWhere(r, params, businessId);
  struct Due {
    std::int64_t id, start, end, created;
    std::optional<std::int64_t> client;
  };
  std::vector<Due> due;
  {
    auto lease = database_.acquire();
    if (r.dryRun) {
      auto totals = lease->queryOne("SELECT COUNT(*), MIN(end_at)" + where, params);
      result.bookings = totals->getInt(0);
      result.oldestEnd = totals->isNull(1) ? 0 : totals->getInt(1);
      if (r.anonymiseClients) { // clients all of whose unpurged bookings are due now
        store::Params q = params;
        q.emplace_back(businessId);
        result.clients = lease->queryOne("SELECT COUNT(*) FROM (SELECT client_id, COUNT(*) AS n" + where +
                                             " AND client_id IS NOT NULL GROUP BY client_id) due JOIN (SELECT client_id, COUNT(*) AS n FROM bookings "
                                             "WHERE business_id = ? AND purged_at IS NULL AND client_id IS NOT NULL GROUP BY client_id) kept "
                                             "ON kept.client_id = due.client_id AND kept.n = due.n",
                                         q)->getInt(0);
      }
      return result;
    }
    lease->forEach("SELECT id, start_at, end_at, client_id, created_at" + where + " ORDER BY end_at, id LIMIT " + std::to_string(batch + 1), params,
                   [&](const store::Row& row) { due.push_back({row.getInt(0), row.getInt(1), row.getInt(2), row.getInt(4), row.getOptionalInt(3)}); });
  }
  result.more = static_cast<int>(due.size()) > batch;
  if (result.more) due.resize(static_cast<std::size_t>(batch));
  if (due.empty()) return result;
  database_.inTransaction([&](store::Connection& c) {
    std::set<std::int64_t> clients;
    for (const auto& b : due) {
      std::int64_t start = monthStart(b.start), end = start + (b.end - b.start);
      // "not purged yet" again: another node's run may have taken the same batch meanwhile
      result.bookings += c.execute("UPDATE bookings SET note = NULL, start_at = ?, end_at = ?, blocked_until = ?, created_at = ?, purged_at = ?, "
                                   "updated_at = ? WHERE id = ? AND purged_at IS NULL",
                                   {start, end, end, monthStart(b.created), now, now, b.id});
      coarsenHistory(c, b.id); // its history's times too, to the month
      if (b.client) clients.insert(*b.client);
    }
    if (!r.anonymiseClients) return;
    for (auto client : clients) {
      if (r.heldClients.count(client)) continue;
      auto left = c.queryOne("SELECT COUNT(*) FROM bookings WHERE business_id = ? AND client_id = ? AND purged_at IS NULL", {businessId, client});
      if (left->getInt(0) > 0) continue; // kept: the client still has bookings to come or not yet due
      auto erased = c.queryOne("SELECT erased_at FROM clients WHERE business_id = ? AND id = ?", {businessId, client});
      if (!erased || !erased->isNull(0)) continue;
      ClientErasure::anonymise(c, businessId, client, now); // as the privacy page's erasure, minus its audit entry: the run has one
      c.execute("INSERT INTO erasures (business_id, client_id, erased_at, actor_kind, actor_id) VALUES (?, ?, ?, 'plugin', ?)",
                {businessId, client, now, r.actor});
      ++result.clients;
    }
  });
  return result;
}

} // namespace atrium::privacy
