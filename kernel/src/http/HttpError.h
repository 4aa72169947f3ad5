#pragma once
#include <stdexcept>
#include <string>

namespace atrium::http {

/// Thrown by handlers to answer with an error. Becomes
/// {"error":{"code":"…","message":"…"[,"field":"…"]}} with the given status.
/// The message is shown to the client: never put personal data or internals in it.
class HttpError : public std::runtime_error {
public:
  HttpError(int status, std::string code, const std::string& message, std::string field = {})
      : std::runtime_error(message), status_(status), code_(std::move(code)), field_(std::move(field)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }

private:
  int status_;
  std::string code_;
  std::string field_;
};

/// The JSON error body.
std::string errorBody(const std::string& code, const std::string& message, const std::string& field = {});

} // namespace atrium::http
