#include "base/AuditLog.h"

#include "core/Digest.h"
#include "core/Random.h"

#include <algorithm>


namespace atrium::base {
namespace {

/// The bytes an entry's hash covers: every stored field, length-prefixed so no two
/// different entries serialise alike.
std::string canonical(std::int64_t chainId, std::int64_t at, const AuditEntry& e, const std::string& prevHash) {
  std::string out;
  auto field = [&out](const std::string& v) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
  };
  field(std::to_string(chainId));
  field(std::to_string(at));
  field(e.actor.kind);
  field(e.actor.id);
  field(e.action);
  field(e.subject.kind);
  field(e.subject.id);
  field(e.detailsJson);
  field(prevHash);
  return out;
}

constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";
constexpr int kUnkeyed = 0;
constexpr int kKeyed = 1;

AuditEntry entryOf(const store::Row& r) {
  AuditEntry e;
  e.actor = {r.getText("actor_kind"), r.getText("actor_id")};
  e.action = r.getText("action");
  e.subject = {r.getText("subject_kind"), r.getText("subject_id")};
  e.detailsJson = r.getText("details_json");
  return e;
}

constexpr const char* kSelectChain = "SELECT id, at, actor_kind, actor_id, action, subject_kind, subject_id, details_json, prev_hash, hash, "
                                     "scheme FROM audit_log WHERE chain_id = ? ORDER BY id";

} // namespace

std::string AuditLog::expectedHash(int scheme, const std::string* key, const std::string& canonicalBytes) const {
  if (scheme == kUnkeyed) return core::sha256Hex(canonicalBytes);
  if (scheme != kKeyed || key == nullptr) return {}; // matches no stored hash
  return core::toHex(core::hmacSha256(*key, canonicalBytes));
}

std::int64_t AuditLog::append(store::Connection& c, const AuditEntry& e) {
  std::int64_t chain = e.businessId.value_or(0);
  // Lock the chain's head (creating it on first use), so appends to one chain serialise.
  if (c.execute("UPDATE audit_heads SET entries = entries + 1 WHERE chain_id = ?", {chain}) == 0) {
    c.execute("INSERT INTO audit_heads (chain_id, last_hash, entries) VALUES (?, ?, 1)", {chain, kGenesis});
  }
  auto head = c.queryOne("SELECT last_hash FROM audit_heads WHERE chain_id = ?", {chain});
  std::string prev = head->getText(0);
  std::int64_t at = clock_.nowMicros();
  std::string hash = expectedHash(kKeyed, &key_, canonical(chain, at, e, prev));
  auto id = c.insert("INSERT INTO audit_log (chain_id, business_id, at, actor_kind, actor_id, action, subject_kind, "
                     "subject_id, details_json, prev_hash, hash, scheme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {chain, e.businessId, at, e.actor.kind, e.actor.id, e.action, e.subject.kind, e.subject.id,
                      e.detailsJson, prev, hash, kKeyed});
  c.execute("UPDATE audit_heads SET last_hash = ? WHERE chain_id = ?", {hash, chain});
  return id;
}

void AuditLog::record(store::Connection& c, std::int64_t businessId, const AuditBy& by, const std::string& action, AuditParty subject,
                      std::string detailsJson) {
  if (!by) return;
  AuditEntry e;
  e.businessId = businessId;
  e.actor = *by;
  e.action = action;
  e.subject = std::move(subject);
  e.detailsJson = std::move(detailsJson);
  append(c, e);
}

std::optional<std::int64_t> AuditLog::verify(store::Connection& c, std::int64_t chainId) const {
  std::string prev = kGenesis;
  std::optional<std::int64_t> broken;
  std::int64_t count = 0;
  c.forEach(kSelectChain, {chainId}, [&](const store::Row& r) {
    if (broken) return;
    ++count;
    // only keyed entries verify: an unkeyed one is either from before the upgrade that a
    // broken chain kept from re-anchoring, or rehashed by someone without the key
    std::string expected = expectedHash(kKeyed, &key_, canonical(chainId, r.getInt("at"), entryOf(r), prev));
    if (r.getInt("scheme") != kKeyed || r.getText("prev_hash") != prev || r.getText("hash") != expected) broken = r.getInt("id");
    prev = r.getText("hash");
  });
  if (broken) return broken;
  // a deleted tail shows as a head that no longer matches the last row
  auto head = c.queryOne("SELECT last_hash, entries FROM audit_heads WHERE chain_id = ?", {chainId});
  if (head && (head->getText(0) != prev || head->getInt(1) != count)) return -1;
  return std::nullopt;
}

std::int64_t AuditLog::reanchor(store::Connection& c, const std::string* previousKey) {
  std::vector<std::int64_t> chains;
  c.forEach("SELECT chain_id FROM audit_heads ORDER BY chain_id", {}, [&](const store::Row& r) { chains.push_back(r.getInt(0)); });
  std::int64_t rewritten = 0;
  for (auto chain : chains) {
    c.execute("UPDATE audit_heads SET entries = entries WHERE chain_id = ?", {chain}); // lock the chain
    struct Update {
      std::int64_t id;
      std::string prev, hash;
    };
    std::vector<Update> updates;
    std::string oldPrev = kGenesis, newPrev = kGenesis;
    bool intact = true;
    c.forEach(kSelectChain, {chain}, [&](const store::Row& r) {
      if (!intact) return;
      auto e = entryOf(r);
      std::int64_t at = r.getInt("at");
      int scheme = static_cast<int>(r.getInt("scheme"));
      if (r.getText("prev_hash") != oldPrev || r.getText("hash") != expectedHash(scheme, previousKey, canonical(chain, at, e, oldPrev))) {
        intact = false; // leave it and what follows as they are: verify() reports it
        return;
      }
      oldPrev = r.getText("hash");
      newPrev = expectedHash(kKeyed, &key_, canonical(chain, at, e, newPrev));
      updates.push_back({r.getInt("id"), updates.empty() ? std::string(kGenesis) : updates.back().hash, newPrev});
    });
    for (const auto& u : updates)
      c.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, scheme = ? WHERE id = ?", {u.prev, u.hash, kKeyed, u.id});
    rewritten += static_cast<std::int64_t>(updates.size());
    if (intact) c.execute("UPDATE audit_heads SET last_hash = ? WHERE chain_id = ?", {newPrev, chain});
  }
  return rewritten;
}

std::int64_t AuditLog::reanchorAfterUpgrade(store::Database& database, const std::vector<int>& applied) {
  if (std::find(applied.begin(), applied.end(), kKeyedSchemaVersion) == applied.end()) return 0;
  return database.inTransaction([&](store::Connection& c) { return reanchor(c, nullptr); });
}

} // namespace atrium::base
