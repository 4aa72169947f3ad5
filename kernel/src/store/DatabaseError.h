#pragma once
#include <stdexcept>
#include <string>

namespace atrium::store {

/// Every failure of the store surfaces as this exception.
/// The message (what()) is safe to log: it names the operation and the driver's error
/// code but never echoes values, because drivers quote them ("Duplicate entry
/// 'someone@example.com'"). The driver's own text is kept apart in detail(), for
/// debugging only; never log it or return it to a client.
class DatabaseError : public std::runtime_error {
public:
  enum class Kind {
    Unavailable, ///< server unreachable, connection lost, cannot open the file (HTTP 503)
    Busy,        ///< pool exhausted, lock timeout, deadlock: retry later (HTTP 503)
    Constraint,  ///< unique / foreign key / not-null violation (HTTP 409)
    Invalid,     ///< bad SQL, wrong column, type mismatch: a bug (HTTP 500)
  };

  DatabaseError(Kind kind, const std::string& message, std::string detail = {})
      : std::runtime_error(message), kind_(kind), detail_(std::move(detail)) {}

  Kind kind() const { return kind_; }
  const std::string& detail() const { return detail_; }

private:
  Kind kind_;
  std::string detail_;
};

} // namespace atrium::store
