#include "core/MasterKey.h"

#include "core/Digest.h"
#include "core/Random.h"

#include <openssl/evp.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace atrium::core {
namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::string_view kWrappedPrefix = "w1:";

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext newContext() {
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  return ctx;
}

const unsigned char* bytesOf(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytesOf(bytes), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> unbase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytesOf(text), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = (text.back() == '=') + (text.size() > 1 && text[text.size() - 2] == '=');
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

std::optional<std::string> fromHex(std::string_view hex) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::filesystem::path keyFilePath(const Config& config) {
  const std::string& file = config.getString("secrets.masterKeyFile");
  if (!file.empty()) return file;
  return std::filesystem::path(config.getString("data.dir")) / "master.key";
}

} // namespace

MasterKey MasterKey::fromBytes(std::string bytes) {
  if (bytes.size() != kKeyBytes)
    throw MasterKeyError("a master key is " + std::to_string(kKeyBytes) + " bytes, got " + std::to_string(bytes.size()));
  return MasterKey(std::move(bytes));
}

MasterKey MasterKey::generate() { return MasterKey(randomBytes(kKeyBytes)); }

std::string MasterKey::sourceName(const Config& config) {
  if (!config.getString("secrets.masterKey").empty()) return "secrets.masterKey (from " + config.sourceOf("secrets.masterKey") + ")";
  return keyFilePath(config).string();
}

MasterKey MasterKey::load(const Config& config) {
  const std::string& hex = config.getString("secrets.masterKey");
  if (!hex.empty()) {
    auto bytes = fromHex(hex);
    if (!bytes || bytes->size() != kKeyBytes)
      throw MasterKeyError("secrets.masterKey must be 64 hex digits (a 256-bit key), from " + config.sourceOf("secrets.masterKey"));
    return MasterKey(std::move(*bytes));
  }
  auto path = keyFilePath(config);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  return loadFile(path, true);
}

MasterKey MasterKey::createFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw MasterKeyError("cannot create master key file " + path.string() + ": " + std::strerror(errno));
  std::string bytes = randomBytes(kKeyBytes);
  bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    std::filesystem::remove(path);
    throw MasterKeyError("cannot write master key file " + path.string());
  }
  return MasterKey(std::move(bytes));
}

MasterKey MasterKey::loadFile(const std::filesystem::path& path, bool create) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    try {
      return createFile(path);
    } catch (const MasterKeyError&) {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC); // another process created it first
      if (fd < 0) throw;
    }
  }
  // a mounted secret may be a symlink: fstat() below checks the file it points to
  if (fd < 0) throw MasterKeyError("cannot open master key file " + path.string() + ": " + std::strerror(errno));
  struct stat st {};
  std::string bytes(kKeyBytes + 1, '\0');
  ssize_t n = -1;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) == 0) n = ::read(fd, bytes.data(), bytes.size());
  ::close(fd);
  if (!S_ISREG(st.st_mode)) throw MasterKeyError("master key file " + path.string() + " is not a regular file");
  if ((st.st_mode & 077) != 0)
    throw MasterKeyError("master key file " + path.string() + " may be read by others (mode " +
                         std::to_string((st.st_mode >> 6) & 7) + std::to_string((st.st_mode >> 3) & 7) +
                         std::to_string(st.st_mode & 7) + "); make it 0600 (chmod 600)");
  if (n != static_cast<ssize_t>(kKeyBytes))
    throw MasterKeyError("master key file " + path.string() + " must hold exactly " + std::to_string(kKeyBytes) + " bytes");
  bytes.resize(kKeyBytes);
  return MasterKey(std::move(bytes));
}

std::string MasterKey::derive(std::string_view label) const { return hmacSha256(bytes_, label); }

bool MasterKey::isWrapped(std::string_view stored) { return stored.substr(0, kWrappedPrefix.size()) == kWrappedPrefix; }

std::string MasterKey::wrap(std::string_view name, std::string_view plaintext) const {
  std::string nonce = randomBytes(kNonceBytes);
  std::string ciphertext(plaintext.size(), '\0');
  unsigned char tag[kTagBytes];
  auto ctx = newContext();
  int n = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytesOf(bytes_), bytesOf(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytesOf(name), static_cast<int>(name.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(ciphertext.data()), &n, bytesOf(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), tag, &n) != 1 || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag) != 1)
    throw std::runtime_error("AES-256-GCM encryption failed");
  return std::string(kWrappedPrefix) + base64(nonce + ciphertext + std::string(reinterpret_cast<char*>(tag), kTagBytes));
}

std::optional<std::string> MasterKey::unwrap(std::string_view name, std::string_view wrapped) const {
  if (!isWrapped(wrapped)) return std::nullopt;
  auto raw = unbase64(wrapped.substr(kWrappedPrefix.size()));
  if (!raw || raw->size() < kNonceBytes + kTagBytes) return std::nullopt;
  std::string_view all(*raw);
  auto nonce = all.substr(0, kNonceBytes);
  auto ciphertext = all.substr(kNonceBytes, all.size() - kNonceBytes - kTagBytes);
  std::string tag(all.substr(all.size() - kTagBytes));
  std::string plaintext(ciphertext.size(), '\0');
  auto ctx = newContext();
  int n = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytesOf(bytes_), bytesOf(nonce)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytesOf(name), static_cast<int>(name.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()), &n, bytesOf(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1)
    return std::nullopt;
  unsigned char rest[kTagBytes];
  if (EVP_DecryptFinal_ex(ctx.get(), rest, &n) != 1) return std::nullopt; // authentication failed
  return plaintext;
}

} // namespace atrium::core
