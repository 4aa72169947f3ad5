#include "Totp.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>
#include <stdexcept>

namespace two_factor {

std::string hotp(std::string_view key, std::uint64_t counter, int digits, Algorithm algorithm) {
  unsigned char message[8];
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  const EVP_MD* md = algorithm == Algorithm::Sha1 ? EVP_sha1() : algorithm == Algorithm::Sha256 ? EVP_sha256() : EVP_sha512();
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(md, key.data(), static_cast<int>(key.size()), message, sizeof message, mac, &length)) throw std::runtime_error("HMAC failed");
  unsigned offset = mac[length - 1] & 0x0f; // RFC 4226 5.3 dynamic truncation
  std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) | (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                         (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*u", digits, binary % modulus);
  return buf;
}

std::uint64_t totpStep(std::int64_t unixSeconds, int stepSeconds, std::int64_t t0) {
  return static_cast<std::uint64_t>((unixSeconds - t0) / stepSeconds);
}

std::string totp(std::string_view key, std::int64_t unixSeconds, int digits, Algorithm algorithm) {
  return hotp(key, totpStep(unixSeconds), digits, algorithm);
}

std::int64_t matchStep(std::string_view key, std::string_view code, std::uint64_t step, int window, int digits) {
  std::int64_t found = -1;
  for (int d = -window; d <= window; ++d) {
    if (d < 0 && step < static_cast<std::uint64_t>(-d)) continue;
    std::uint64_t candidate = step + static_cast<std::uint64_t>(static_cast<std::int64_t>(d));
    std::string expected = hotp(key, candidate, digits);
    bool same = expected.size() == code.size() && CRYPTO_memcmp(expected.data(), code.data(), code.size()) == 0;
    if (same && found < 0) found = static_cast<std::int64_t>(candidate);
  }
  return found;
}

} // namespace two_factor
