#include "auth/PasswordHasher.h"

#include "core/Random.h"

#include <argon2.h>

#include <stdexcept>

namespace atrium::auth {
namespace {

constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19456;
constexpr uint32_t kParallelism = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

} // namespace

/// Holds one of the hasher's slots for its lifetime.
class PasswordHasher::Permit {
public:
  explicit Permit(PasswordHasher& owner) : owner_(owner) {
    std::unique_lock lock(owner_.mutex_);
    owner_.freed_.wait(lock, [this] { return owner_.available_ > 0; });
    --owner_.available_;
  }
  ~Permit() {
    {
      std::lock_guard lock(owner_.mutex_);
      ++owner_.available_;
    }
    owner_.freed_.notify_one();
  }

private:
  PasswordHasher& owner_;
};

PasswordHasher::PasswordHasher(int concurrency) : available_(concurrency < 1 ? 1 : concurrency) {}

std::string PasswordHasher::hash(std::string_view password) {
  std::string salt = core::randomBytes(kSaltBytes);
  std::size_t length = argon2_encodedlen(kTimeCost, kMemoryKiB, kParallelism, kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(length, '\0');
  Permit permit(*this);
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kParallelism, password.data(), password.size(), salt.data(),
                                 salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("password hashing failed: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool PasswordHasher::verify(std::string_view password, const std::string& encoded) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  Permit permit(*this);
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

bool PasswordHasher::needsRehash(const std::string& encoded) {
  return encoded.find("$m=" + std::to_string(kMemoryKiB) + ",t=" + std::to_string(kTimeCost) + ",p=" +
                      std::to_string(kParallelism) + "$") == std::string::npos;
}

} // namespace atrium::auth
