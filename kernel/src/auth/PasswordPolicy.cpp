#include "auth/PasswordPolicy.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <zxcvbn.h>

namespace atrium::auth {
namespace {

// The most common passwords of length >= 12 in public breach corpora, lower-cased.
constexpr std::array<std::string_view, 40> kBlocklist{
    "123456789012", "1234567890123", "12345678901234", "123456789123", "qwertyuiopas", "qwertyuiop123",
    "password1234", "password12345", "passwordpassword", "iloveyou1234", "1q2w3e4r5t6y", "1qaz2wsx3edc",
    "qwerty123456", "abc123456789", "111111111111", "000000000000", "aaaaaaaaaaaa", "abcdefghijkl",
    "abcd12345678", "welcome12345", "letmein12345", "administrator", "changeme1234", "trustno12345",
    "football1234", "baseball1234", "superman1234", "princess1234", "sunshine1234", "starwars1234",
    "whatever1234", "p@ssw0rd1234", "passw0rd1234", "monkey123456", "dragon123456", "master123456",
    "qazwsxedcrfv", "asdfghjkl123", "zxcvbnm12345", "atrium123456",
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

} // namespace

std::optional<core::Text> PasswordPolicy::check(std::string_view password, const std::vector<std::string>& contextWords) {
  // Length counts characters, not bytes: UTF-8 continuation bytes are skipped.
  std::size_t characters = std::count_if(password.begin(), password.end(),
                                         [](unsigned char c) { return (c & 0xC0) != 0x80; });
  if (characters < kMinLength) return core::Text("the password must have at least 12 characters");
  if (characters > kMaxLength) return core::Text("the password must have at most 256 characters");
  std::string folded = lower(password);
  // One character repeated, counted in characters: "ééééééééééé" as much as "aaaaaaaaaaaa".
  std::size_t first = 1;
  while (first < folded.size() && (static_cast<unsigned char>(folded[first]) & 0xC0) == 0x80) ++first;
  bool repeated = folded.size() % first == 0;
  for (std::size_t at = first; repeated && at < folded.size(); at += first) repeated = folded.compare(at, first, folded, 0, first) == 0;
  if (repeated) return core::Text("the password repeats a single character");
  if (std::find(kBlocklist.begin(), kBlocklist.end(), folded) != kBlocklist.end())
    return core::Text("the password is on the list of commonly used passwords");
  std::vector<std::string> own; // the account's own words, which zxcvbn counts as known too
  for (const auto& word : contextWords) {
    std::string w = lower(word);
    if (auto at = w.find('@'); at != std::string::npos) w = w.substr(0, at); // email local part
    if (w.size() >= 4 && folded.find(w) != std::string::npos) return core::Text("the password must not contain your name, email or business");
    if (!w.empty()) own.push_back(w);
  }
  std::vector<const char*> dictionary;
  for (const auto& w : own) dictionary.push_back(w.c_str());
  dictionary.push_back(nullptr);
  const std::string text(password); // zxcvbn reads a C string; JSON input never holds a NUL
  if (ZxcvbnMatch(text.c_str(), dictionary.data(), nullptr) < kMinGuessBits)
    return core::Text("the password is too easy to guess (common passwords, words, names, dates and keyboard patterns are "
                      "tried first); a few unrelated words make a strong one");
  return std::nullopt;
}

} // namespace atrium::auth
