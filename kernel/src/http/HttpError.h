#pragma once
#include "core/Text.h"

#include <stdexcept>
#include <string>

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

private:
  int status_;
  std::string code_;
  std::string field_;
  core::Text text_;
};

/// The JSON error body.
std::string errorBody(const std::string& code, const std::string& message, const std::string& field = {});

} // namespace atrium::http
