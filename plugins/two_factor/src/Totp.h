#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace two_factor {

enum class Algorithm { Sha1, Sha256, Sha512 };

/// RFC 4226 HOTP: the `digits`-digit code of `counter` under `key`, zero-padded.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = 6, Algorithm algorithm = Algorithm::Sha1);

/// RFC 6238 TOTP time step of a Unix time (seconds): floor((t - t0) / step). 64-bit, so
/// times past 2038 and steps past 2^32 work.
std::uint64_t totpStep(std::int64_t unixSeconds, int stepSeconds = 30, std::int64_t t0 = 0);

/// RFC 6238 TOTP code at a Unix time.
std::string totp(std::string_view key, std::int64_t unixSeconds, int digits = 6, Algorithm algorithm = Algorithm::Sha1);

/// The step in [step - window, step + window] whose code equals `code` (constant-time
/// compare), or -1. Checks every candidate whatever matches, so timing reveals nothing.
std::int64_t matchStep(std::string_view key, std::string_view code, std::uint64_t step, int window = 1, int digits = 6);

} // namespace two_factor
