#pragma once
#include "core/Text.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::auth {

/// NIST SP 800-63B password rules: at least 12 characters, at most 256, no composition
/// rules, and refused when it is a commonly used password, too easy to guess (zxcvbn-c's
/// estimate, with its built-in dictionaries of breached passwords, words, names and keyboard
/// patterns, below kMinGuessBits) or built from the account's own words (email, name,
/// business). The reason is returned so the user can fix it.
class PasswordPolicy {
public:
  static constexpr std::size_t kMinLength = 12;
  static constexpr std::size_t kMaxLength = 256;
  /// log2 of the guesses zxcvbn estimates an attacker needs: 36 bits is about 7e10 guesses,
  /// far beyond any throttled online attack and costly offline against Argon2id.
  static constexpr double kMinGuessBits = 36;

  /// nullopt when acceptable, otherwise the reason in plain words.
  static std::optional<core::Text> check(std::string_view password, const std::vector<std::string>& contextWords = {});
};

} // namespace atrium::auth
