#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace atrium::store {

/// Binary data bound or read as a BLOB (keys, ciphertext). Text goes in a plain string.
struct Blob {
  std::string bytes;
};

/// One SQL value: NULL, a 64-bit integer, a double, UTF-8 text or a blob. Booleans bind
/// as 0/1 and timestamps as integer microseconds or milliseconds, so both backends store
/// exactly the same thing.
class Value {
public:
  enum class Type { Null, Int, Real, Text, Blob };

  Value() = default;
  Value(std::nullptr_t) {}
  template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
  Value(T v) : v_(static_cast<std::int64_t>(v)) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  Value(store::Blob v) : v_(std::move(v)) {}
  template <class T>
  Value(const std::optional<T>& v) {
    if (v) *this = Value(*v);
  }

  Type type() const { return static_cast<Type>(v_.index()); }
  bool isNull() const { return type() == Type::Null; }
  /// Integer value; text holding a number is converted. Throws DatabaseError(Invalid) otherwise.
  std::int64_t asInt() const;
  double asDouble() const;
  /// Text (or blob bytes, or a number printed); empty for NULL.
  std::string asText() const;

private:
  std::variant<std::monostate, std::int64_t, double, std::string, store::Blob> v_;
};

using Params = std::vector<Value>;

} // namespace atrium::store
