#pragma once
#include <string>
#include <string_view>

namespace atrium::core {

/// SHA-256 of `data`, lower-case hex (OpenSSL).
std::string sha256Hex(std::string_view data);
/// HMAC-SHA256 of `message` under `key`: the 32 raw bytes (OpenSSL).
std::string hmacSha256(std::string_view key, std::string_view message);

} // namespace atrium::core
