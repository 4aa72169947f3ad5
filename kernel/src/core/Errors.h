#pragma once
#include <stdexcept>
#include <string>

namespace atrium::core {

/// A request the domain refuses. `code` is a stable machine-readable word for API clients
/// ("invalid", "not_found", "conflict"); the message is for people and never contains
/// personal data. The HTTP layer maps: invalid → 422, not_found → 404, conflict → 409.
class DomainError : public std::runtime_error {
public:
  DomainError(std::string code, const std::string& message, std::string field = {})
      : std::runtime_error(message), code_(std::move(code)), field_(std::move(field)) {}
  const std::string& code() const { return code_; }
  /// The input field at fault, when there is one.
  const std::string& field() const { return field_; }

private:
  std::string code_;
  std::string field_;
};

class ValidationError : public DomainError {
public:
  ValidationError(std::string field, const std::string& message) : DomainError("invalid", message, std::move(field)) {}
};

class NotFoundError : public DomainError {
public:
  explicit NotFoundError(const std::string& message) : DomainError("not_found", message) {}
};

class ConflictError : public DomainError {
public:
  ConflictError(const std::string& message, std::string field = {}) : DomainError("conflict", message, std::move(field)) {}
};

} // namespace atrium::core
