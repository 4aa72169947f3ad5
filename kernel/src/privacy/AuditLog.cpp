#include "privacy/AuditLog.h"

#include "core/Digest.h"


namespace atrium::privacy {
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

} // namespace

std::int64_t AuditLog::append(store::Connection& c, const AuditEntry& e) {
  std::int64_t chain = e.businessId.value_or(0);
  // Lock the chain's head (creating it on first use), so appends to one chain serialise.
  if (c.execute("UPDATE audit_heads SET entries = entries + 1 WHERE chain_id = ?", {chain}) == 0) {
    c.execute("INSERT INTO audit_heads (chain_id, last_hash, entries) VALUES (?, ?, 1)", {chain, kGenesis});
  }
  auto head = c.queryOne("SELECT last_hash FROM audit_heads WHERE chain_id = ?", {chain});
  std::string prev = head->getText(0);
  std::int64_t at = clock_.nowMicros();
  std::string hash = core::sha256Hex(canonical(chain, at, e, prev));
  auto id = c.insert("INSERT INTO audit_log (chain_id, business_id, at, actor_kind, actor_id, action, subject_kind, "
                     "subject_id, details_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {chain, e.businessId, at, e.actor.kind, e.actor.id, e.action, e.subject.kind, e.subject.id,
                      e.detailsJson, prev, hash});
  c.execute("UPDATE audit_heads SET last_hash = ? WHERE chain_id = ?", {hash, chain});
  return id;
}

std::optional<std::int64_t> AuditLog::verify(store::Connection& c, std::int64_t chainId) {
  std::string prev = kGenesis;
  std::optional<std::int64_t> broken;
  std::int64_t count = 0;
  c.forEach("SELECT id, at, actor_kind, actor_id, action, subject_kind, subject_id, details_json, prev_hash, hash "
            "FROM audit_log WHERE chain_id = ? ORDER BY id",
            {chainId}, [&](const store::Row& r) {
              if (broken) return;
              ++count;
              AuditEntry e;
              e.actor = {r.getText("actor_kind"), r.getText("actor_id")};
              e.action = r.getText("action");
              e.subject = {r.getText("subject_kind"), r.getText("subject_id")};
              e.detailsJson = r.getText("details_json");
              std::string expected = core::sha256Hex(canonical(chainId, r.getInt("at"), e, prev));
              if (r.getText("prev_hash") != prev || r.getText("hash") != expected) broken = r.getInt("id");
              prev = r.getText("hash");
            });
  if (broken) return broken;
  // a deleted tail shows as a head that no longer matches the last row
  auto head = c.queryOne("SELECT last_hash, entries FROM audit_heads WHERE chain_id = ?", {chainId});
  if (head && (head->getText(0) != prev || head->getInt(1) != count)) return -1;
  return std::nullopt;
}

} // namespace atrium::privacy
