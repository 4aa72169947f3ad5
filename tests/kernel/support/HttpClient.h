#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace atrium::test {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
};

/// One request on a fresh connection to 127.0.0.1:port (Poco HTTPClientSession).
HttpResult httpRequest(std::uint16_t port, const std::string& method, const std::string& path,
                       const std::string& body = {}, const std::string& contentType = "application/json");
/// Sends raw bytes and returns whatever the server answers before closing (for malformed requests).
std::string rawExchange(std::uint16_t port, const std::string& bytes);

} // namespace atrium::test
