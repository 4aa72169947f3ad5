#pragma once
#include <array>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

namespace atrium::test {

/// Runs oathtool (an independent TOTP/HOTP implementation) and returns its output line.
inline std::string oathtool(const std::string& arguments) {
  std::string command = "oathtool " + arguments + " 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run oathtool");
  std::array<char, 256> buf{};
  std::string out;
  while (fgets(buf.data(), buf.size(), pipe.get())) out += buf.data();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

/// The TOTP code oathtool computes for a base32 secret at a Unix time.
inline std::string oathTotp(const std::string& base32, long long unixSeconds) {
  return oathtool("--totp -b -N @" + std::to_string(unixSeconds) + " " + base32);
}

} // namespace atrium::test
