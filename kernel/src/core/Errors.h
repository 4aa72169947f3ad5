#pragma once
#include "core/Text.h"

#include <stdexcept>
#include <string>

namespace atrium::core {

/// A request the domain refuses. `code` is a stable machine-readable word for API clients
/// ("invalid", "not_found", "conflict"); the message is for people and never contains
/// personal data: a core::Text, so the HTTP layer answers in the reader's language
/// (what() is the English). The HTTP layer maps: invalid → 422, not_found → 404,
/// conflict → 409.
class DomainError : public std::runtime_error {
public:
  DomainError(std::string code, Text message, std::string field = {})
      : std::runtime_error(message.plain()), code_(std::move(code)), field_(std::move(field)), text_(std::move(message)) {}
  const std::string& code() const { return code_; }
  /// The input field at fault, when there is one.
  const std::string& field() const { return field_; }
  const Text& text() const { return text_; }

private:
  std::string code_;
  std::string field_;
  Text text_;
};

class ValidationError : public DomainError {
public:
  ValidationError(std::string field, Text message) : DomainError("invalid", std::move(message), std::move(field)) {}
};

class NotFoundError : public DomainError {
public:
  explicit NotFoundError(Text message) : DomainError("not_found", std::move(message)) {}
};

class ConflictError : public DomainError {
public:
  ConflictError(Text message, std::string field = {}) : DomainError("conflict", std::move(message), std::move(field)) {}
};

} // namespace atrium::core
