#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace atrium::core {

/// Cryptographically secure random bytes from OpenSSL's CSPRNG. Throws std::runtime_error
/// if the generator fails (never falls back to a weaker source).
std::string randomBytes(std::size_t count);
/// `count` random characters from an unambiguous alphabet (no 0/O, 1/l/I), for
/// one-time passwords and codes a person types.
std::string randomReadable(std::size_t count);
/// Lower-case hex of the bytes.
std::string toHex(std::string_view bytes);
/// Compares in time that depends only on the lengths (never on where they differ).
bool constantTimeEquals(std::string_view a, std::string_view b);

} // namespace atrium::core
