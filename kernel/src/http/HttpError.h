#pragma once
#include "core/Text.h"

#include <stdexcept>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace atrium::http {

/// Thrown by handlers to answer with an error. Becomes
/// {"error":{"code":"…","message":"…"[,"field":"…"]}} with the given status, the message
/// rendered in the request's language (core::Text; what() is the English).
/// The message is shown to the client: never put personal data or internals in it.
class HttpError : public std::runtime_error {
public:
  HttpError(int status, std::string code, core::Text message, std::string field = {})
      : std::runtime_error(message.plain()), status_(status), code_(std::move(code)), field_(std::move(field)),
        text_(std::move(message)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }
  const core::Text& text() const { return text_; }
  /// Headers the answer carries besides the error (Retry-After of a 429).
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  HttpError& withHeader(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }

private:
  int status_;
  std::string code_;
  std::string field_;
  core::Text text_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

/// 429 with Retry-After: a client (address, business) over a rate limit.
[[noreturn]] void tooManyRequests(std::int64_t retryAfterSeconds);

/// The JSON error body.
std::string errorBody(const std::string& code, const std::string& message, const std::string& field = {});

} // namespace atrium::http
