/// Status, Error and Result<T>: how the C++ wrapper reports failure.
#ifndef ATRIUM_SDK_STATUS_HPP
#define ATRIUM_SDK_STATUS_HPP

#include "atrium/abi/types.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace atrium::sdk {

/// Mirrors atrium_status_code value for value.
enum class StatusCode : std::int32_t {
  Ok = ATRIUM_OK,
  InvalidArgument = ATRIUM_INVALID_ARGUMENT,
  NotFound = ATRIUM_NOT_FOUND,
  PermissionDenied = ATRIUM_PERMISSION_DENIED,
  Rejected = ATRIUM_REJECTED,
  Unavailable = ATRIUM_UNAVAILABLE,
  Internal = ATRIUM_INTERNAL,
  Unimplemented = ATRIUM_UNIMPLEMENTED,
  ResourceExhausted = ATRIUM_RESOURCE_EXHAUSTED,
  /// ABI 1.2: a compare-and-set lost (Host::putRecordIf).
  Conflict = ATRIUM_CONFLICT,
};

/// A status from the other side; values this SDK does not know read as
/// Internal.
inline StatusCode toStatusCode(atrium_status status) noexcept {
  if (status < ATRIUM_OK || status > ATRIUM_CONFLICT) {
    return StatusCode::Internal;
  }
  return static_cast<StatusCode>(status);
}

/// "INVALID_ARGUMENT", ... as in atrium_status_code, for messages.
inline const char* statusName(StatusCode code) noexcept {
  switch (code) {
  case StatusCode::Ok: return "OK";
  case StatusCode::InvalidArgument: return "INVALID_ARGUMENT";
  case StatusCode::NotFound: return "NOT_FOUND";
  case StatusCode::PermissionDenied: return "PERMISSION_DENIED";
  case StatusCode::Rejected: return "REJECTED";
  case StatusCode::Unavailable: return "UNAVAILABLE";
  case StatusCode::Internal: return "INTERNAL";
  case StatusCode::Unimplemented: return "UNIMPLEMENTED";
  case StatusCode::ResourceExhausted: return "RESOURCE_EXHAUSTED";
  case StatusCode::Conflict: return "CONFLICT";
  }
  return "INTERNAL";
}

inline atrium_status toAbi(StatusCode code) noexcept {
  return static_cast<atrium_status>(code);
}

/// A code plus a message for logs (or, with Rejected, for the user).
class Status {
public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  bool isOk() const noexcept { return code_ == StatusCode::Ok; }
  /// Throws Error(*this) unless Ok: for host calls a hook cannot go on without.
  inline void orThrow() const;
  StatusCode code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }

private:
  StatusCode code_ = StatusCode::Ok;
  std::string message_;
};

/// Throw from plugin code to leave a hook or init with this status and
/// message; the wrapper converts it at the boundary. Any other exception
/// becomes Internal with its what().
class Error : public std::runtime_error {
public:
  explicit Error(Status status)
      : std::runtime_error(status.message()), status_(std::move(status)) {}
  Error(StatusCode code, std::string message)
      : Error(Status(code, std::move(message))) {}

  const Status& status() const noexcept { return status_; }

private:
  Status status_;
};

inline void Status::orThrow() const {
  if (!isOk()) {
    throw Error(*this);
  }
}

/// A value or the Status explaining its absence.
template <typename T>
class Result {
public:
  Result(T value) : value_(std::move(value)) {}
  /// `status` must not be Ok; an Ok status without a value reads as Internal.
  Result(Status status) : status_(std::move(status)) {
    if (status_.isOk()) {
      status_ = Status(StatusCode::Internal, "result without a value");
    }
  }

  bool isOk() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return isOk(); }
  /// Ok when a value is present.
  const Status& status() const noexcept { return status_; }

  /// Throws Error(status()) when there is no value.
  T& value() & {
    throwIfEmpty();
    return *value_;
  }
  const T& value() const& {
    throwIfEmpty();
    return *value_;
  }
  T&& value() && {
    throwIfEmpty();
    return std::move(*value_);
  }

private:
  void throwIfEmpty() const {
    if (!value_) {
      throw Error(status_);
    }
  }

  std::optional<T> value_;
  Status status_;
};

} // namespace atrium::sdk

#endif
