#include "core/Random.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace atrium::core {

std::string randomBytes(std::size_t count) {
  std::string out(count, '\0');
  if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1)
    throw std::runtime_error("the random number generator failed");
  return out;
}

std::string randomReadable(std::size_t count) {
  static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  out.reserve(count);
  while (out.size() < count) {
    std::string bytes = randomBytes(count);
    for (unsigned char b : bytes) {
      // rejection sampling keeps every character equally likely
      if (b >= 256 - (256 % kAlphabet.size())) continue;
      out += kAlphabet[b % kAlphabet.size()];
      if (out.size() == count) break;
    }
  }
  return out;
}

std::string toHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0f];
  }
  return out;
}

bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace atrium::core
