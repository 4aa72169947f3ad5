#include "base/ServerSecrets.h"

#include "core/Digest.h"
#include "core/Random.h"
#include "store/DatabaseError.h"

#include <stdexcept>

namespace atrium::base {

std::string base64Url(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (bytes.size() - i == 1) {
    unsigned v = byte(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (bytes.size() - i == 2) {
    unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

namespace {

/// A secret nothing uses: its only purpose is that a database is sealed from the first start.
constexpr const char* kKeyCheck = "master-key-check";

/// The secret in a stored value: wrapped ones unwrapped, plaintext ones (before wrapping) as is.
std::string unwrapStored(const core::MasterKey& key, const std::string& name, const std::string& stored) {
  if (!core::MasterKey::isWrapped(stored)) return stored;
  auto plain = key.unwrap(name, stored);
  if (!plain)
    throw core::MasterKeyError("the master key does not unwrap server secret '" + name +
                               "': this database was sealed with another master key (give every node the same key)");
  return *plain;
}

} // namespace

std::string ServerSecrets::get(const std::string& name) {
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(name); it != cache_.end()) return it->second;
  const auto& key = database_.masterKey();
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT secret FROM server_secrets WHERE name = ?", {name});
  if (!row) {
    try {
      lease->execute("INSERT INTO server_secrets (name, secret, created_at) VALUES (?, ?, ?)",
                     {name, key.wrap(name, core::toHex(core::randomBytes(32))), clock_.nowMicros()});
    } catch (const store::DatabaseError& e) {
      if (e.kind() != store::DatabaseError::Kind::Constraint) throw; // another node created it first
    }
    row = lease->queryOne("SELECT secret FROM server_secrets WHERE name = ?", {name});
  }
  std::string stored = row->getText(0);
  std::string secret = unwrapStored(key, name, stored);
  if (!core::MasterKey::isWrapped(stored)) // predates wrapping: wrap it now, unless another node just did
    lease->execute("UPDATE server_secrets SET secret = ? WHERE name = ? AND secret = ?", {key.wrap(name, secret), name, stored});
  return cache_[name] = secret;
}

int ServerSecrets::unlockAll(store::Database& database) {
  const auto& key = database.masterKey();
  return database.inTransaction([&](store::Connection& c) {
    std::vector<std::pair<std::string, std::string>> rows;
    c.forEach("SELECT name, secret FROM server_secrets ORDER BY name", {},
              [&](const store::Row& r) { rows.emplace_back(r.getText(0), r.getText(1)); });
    int wrapped = 0;
    for (const auto& [name, stored] : rows) {
      std::string secret = unwrapStored(key, name, stored); // throws for a foreign key
      if (core::MasterKey::isWrapped(stored)) continue;
      c.execute("UPDATE server_secrets SET secret = ? WHERE name = ? AND secret = ?", {key.wrap(name, secret), name, stored});
      ++wrapped;
    }
    if (rows.empty()) { // seal the database now, so a node started with another key is refused at once
      try {
        c.execute("INSERT INTO server_secrets (name, secret, created_at) VALUES (?, ?, ?)",
                  {kKeyCheck, key.wrap(kKeyCheck, core::toHex(core::randomBytes(32))), std::int64_t{0}});
      } catch (const store::DatabaseError& e) {
        if (e.kind() != store::DatabaseError::Kind::Constraint) throw; // another node sealed it first
      }
    }
    return wrapped;
  });
}

int ServerSecrets::rewrapAll(store::Connection& c, const core::MasterKey& from, const core::MasterKey& to) {
  std::vector<std::pair<std::string, std::string>> rows;
  c.forEach("SELECT name, secret FROM server_secrets ORDER BY name", {},
            [&](const store::Row& r) { rows.emplace_back(r.getText(0), r.getText(1)); });
  for (const auto& [name, stored] : rows)
    c.execute("UPDATE server_secrets SET secret = ? WHERE name = ?", {to.wrap(name, unwrapStored(from, name, stored)), name});
  return static_cast<int>(rows.size());
}

std::string ServerSecrets::hmac(const std::string& keyName, std::string_view message) { return core::hmacSha256(get(keyName), message); }

std::string ServerSecrets::sign(const std::string& keyName, std::string_view message) { return base64Url(hmac(keyName, message)); }

bool ServerSecrets::verify(const std::string& keyName, std::string_view message, std::string_view signature) {
  return core::constantTimeEquals(sign(keyName, message), signature);
}

} // namespace atrium::base
