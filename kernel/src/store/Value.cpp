#include "store/Value.h"

#include "store/DatabaseError.h"

#include <charconv>

namespace atrium::store {

std::int64_t Value::asInt() const {
  switch (type()) {
  case Type::Int: return std::get<std::int64_t>(v_);
  case Type::Real: return static_cast<std::int64_t>(std::get<double>(v_));
  case Type::Text: {
    const std::string& s = std::get<std::string>(v_);
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && ptr == s.data() + s.size()) return out;
    break;
  }
  default: break;
  }
  throw DatabaseError(DatabaseError::Kind::Invalid, "column value is not an integer");
}

double Value::asDouble() const {
  switch (type()) {
  case Type::Int: return static_cast<double>(std::get<std::int64_t>(v_));
  case Type::Real: return std::get<double>(v_);
  case Type::Text: {
    try {
      return std::stod(std::get<std::string>(v_));
    } catch (const std::exception&) {
      break;
    }
  }
  default: break;
  }
  throw DatabaseError(DatabaseError::Kind::Invalid, "column value is not a number");
}

std::string Value::asText() const {
  switch (type()) {
  case Type::Null: return {};
  case Type::Int: return std::to_string(std::get<std::int64_t>(v_));
  case Type::Real: return std::to_string(std::get<double>(v_));
  case Type::Text: return std::get<std::string>(v_);
  case Type::Blob: return std::get<store::Blob>(v_).bytes;
  }
  return {};
}

} // namespace atrium::store
