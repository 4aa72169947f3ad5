#include "core/Digest.h"

#include "core/Random.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace atrium::core {

std::string sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 failed");
  return toHex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string hmacSha256(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
            message.size(), mac, &length))
    throw std::runtime_error("HMAC failed");
  return std::string(reinterpret_cast<const char*>(mac), length);
}

} // namespace atrium::core
