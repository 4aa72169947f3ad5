#pragma once
#include "core/Config.h"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace atrium::core {

/// The master key cannot be had or does not fit: a key file with permissions wider than
/// 0600 or of the wrong length, a malformed secrets.masterKey, or a database whose
/// secrets it does not unwrap. The installation must not start (fail closed).
class MasterKeyError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// The installation's 256-bit master key, kept outside the database so that a copy of the
/// database alone (a backup) neither decrypts its secrets nor rewrites its audit chain.
/// Every node of an installation needs the same key. Immutable; safe to share between threads.
class MasterKey {
public:
  /// The raw 32 bytes; throws MasterKeyError for any other length.
  static MasterKey fromBytes(std::string bytes);
  /// A fresh key from OpenSSL's CSPRNG (tests, the plugin checker's scratch database).
  static MasterKey generate();
  /// secrets.masterKey (64 hex digits, e.g. from ATRIUM_SECRETS_MASTERKEY) when set; else the
  /// file secrets.masterKeyFile (default <data.dir>/master.key), created with mode 0600 from
  /// RAND_bytes when absent. Throws MasterKeyError (wider permissions, wrong length, bad hex).
  static MasterKey load(const Config& config);
  /// The key file: 32 raw bytes, owner-only. `create`: write a new one when absent.
  static MasterKey loadFile(const std::filesystem::path& path, bool create);
  /// Writes a new random key to `path` (mode 0600); refuses to overwrite. Returns it.
  static MasterKey createFile(const std::filesystem::path& path);
  /// Where load() reads the key from ("secrets.masterKey" or the file path).
  static std::string sourceName(const Config& config);

  /// HMAC-SHA256(master, label): a 32-byte subkey for one purpose ("audit-chain").
  std::string derive(std::string_view label) const;
  /// AES-256-GCM of `plaintext` under the key with `name` as associated data:
  /// "w1:" + base64(nonce | ciphertext | tag).
  std::string wrap(std::string_view name, std::string_view plaintext) const;
  /// The plaintext of wrap(name, …); nullopt when it was wrapped under another key or
  /// name, or was altered.
  std::optional<std::string> unwrap(std::string_view name, std::string_view wrapped) const;
  /// Whether a stored value is wrapped (else it predates wrapping: plaintext).
  static bool isWrapped(std::string_view stored);

private:
  explicit MasterKey(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string bytes_;
};

} // namespace atrium::core
