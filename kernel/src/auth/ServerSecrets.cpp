#include "auth/ServerSecrets.h"

#include "core/Digest.h"
#include "core/Random.h"
#include "store/DatabaseError.h"

#include <stdexcept>

namespace atrium::auth {

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

std::string ServerSecrets::get(const std::string& name) {
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(name); it != cache_.end()) return it->second;
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT secret FROM server_secrets WHERE name = ?", {name});
  if (!row) {
    try {
      lease->execute("INSERT INTO server_secrets (name, secret, created_at) VALUES (?, ?, ?)",
                     {name, core::toHex(core::randomBytes(32)), clock_.nowMicros()});
    } catch (const store::DatabaseError& e) {
      if (e.kind() != store::DatabaseError::Kind::Constraint) throw; // another node created it first
    }
    row = lease->queryOne("SELECT secret FROM server_secrets WHERE name = ?", {name});
  }
  return cache_[name] = row->getText(0);
}

std::string ServerSecrets::hmac(const std::string& keyName, std::string_view message) { return core::hmacSha256(get(keyName), message); }

std::string ServerSecrets::sign(const std::string& keyName, std::string_view message) { return base64Url(hmac(keyName, message)); }

bool ServerSecrets::verify(const std::string& keyName, std::string_view message, std::string_view signature) {
  return core::constantTimeEquals(sign(keyName, message), signature);
}

} // namespace atrium::auth
