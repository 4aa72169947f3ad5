#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace two_factor {

/// RFC 4648 base32 without padding (what authenticator apps take).
std::string base32Encode(std::string_view bytes);
std::optional<std::string> base32Decode(std::string_view text);
/// Standard base64 (OpenSSL EVP_EncodeBlock / EVP_DecodeBlock).
std::string base64Encode(std::string_view bytes);
std::optional<std::string> base64Decode(std::string_view text);
/// Percent-encoding for otpauth URI components (RFC 3986 unreserved kept).
std::string uriEncode(std::string_view text);

/// AES-256-GCM with a random 96-bit nonce: base64(nonce | ciphertext | tag).
/// `random` fills a nonce buffer; throws std::runtime_error on failure.
std::string seal(std::string_view key, std::string_view plaintext, std::string_view nonce);
/// nullopt when the box was tampered with or the key is wrong.
std::optional<std::string> open(std::string_view key, std::string_view box);

} // namespace two_factor
