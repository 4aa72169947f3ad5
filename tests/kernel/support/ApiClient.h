#pragma once
#include <cstdint>
#include <map>
#include <string>

#include <rapidjson/document.h>

namespace atrium::test {

struct ApiResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  rapidjson::Document json() const {
    rapidjson::Document d;
    d.Parse(body.c_str());
    return d;
  }
};

/// A browser-like API client over loopback: keeps the session cookie it is given and
/// sends the CSRF token on state-changing requests (unless told not to).
class ApiClient {
public:
  explicit ApiClient(std::uint16_t port) : port_(port) {}

  ApiResult call(const std::string& method, const std::string& path, const std::string& body = {},
                 const std::string& contentType = "application/json", bool sendCsrf = true);
  ApiResult get(const std::string& path) { return call("GET", path); }
  ApiResult post(const std::string& path, const std::string& body = "{}") { return call("POST", path, body); }
  /// POST /api/v1/auth/login and keep the cookie and CSRF token.
  ApiResult login(const std::string& business, const std::string& email, const std::string& password);

  std::string cookie;
  std::string csrf;
  std::map<std::string, std::string> headers; ///< sent with every request (e.g. Accept-Language)

private:
  std::uint16_t port_;
};

} // namespace atrium::test
