/// A small JSON writer for the text a plugin hands the host (record values, audit
/// details, domain-call params, job payloads), so nobody concatenates JSON by hand:
///
///   using atrium::sdk::JsonArray;
///   using atrium::sdk::JsonObject;
///   std::string params = JsonObject{{"client_id", clientId}}.str();
///   std::string value = JsonObject{{"version", 3},
///                                  {"accepted", true},
///                                  {"note", nullptr},
///                                  {"codes", JsonArray{"a1", "b2"}}}.str();
///   JsonArray list;                       // or built step by step
///   for (const auto& id : ids) list.add(id);
///
/// Values: nullptr (null), bool, any integer type (char types excepted: write a string),
/// double (NaN and infinities, which JSON cannot hold, become null), strings
/// (const char*, std::string, std::string_view: escaped as JSON requires, UTF-8 passed
/// through, a byte that is not valid UTF-8 replaced by U+FFFD so the text is always
/// valid), a rapidjson::Value, nested JsonObject / JsonArray, and Json::raw(text) for
/// text that already is JSON (the caller vouches for it). Members are written in the
/// order given; a repeated key is written twice (don't). Not thread-safe per object;
/// header-only, no allocation beyond the std::string it builds.
#ifndef ATRIUM_SDK_JSON_BUILDER_HPP
#define ATRIUM_SDK_JSON_BUILDER_HPP

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace atrium::sdk {

namespace detail {

/// Appends `text` to `out` as a JSON string literal, quotes included.
inline void appendJsonString(std::string& out, std::string_view text) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
      }
      ++i;
      continue;
    }
    // A multi-byte UTF-8 sequence: copied when well-formed (RFC 3629: no overlongs,
    // no surrogates, nothing above U+10FFFF), else its first byte becomes U+FFFD.
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) length = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      length = 3;
      if (c == 0xe0) low = 0xa0;
      if (c == 0xed) high = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
      if (c == 0xf0) low = 0x90;
      if (c == 0xf4) high = 0x8f;
    }
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = k == 1 ? (next >= low && next <= high) : (next >= 0x80 && next <= 0xbf);
    }
    if (valid) {
      out.append(text.data() + i, length);
      i += length;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  out += '"';
}

template <typename T>
inline constexpr bool isJsonInteger =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
    !std::is_same_v<T, signed char> && !std::is_same_v<T, unsigned char> &&
    !std::is_same_v<T, wchar_t> && !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t>;

} // namespace detail

class JsonObject;
class JsonArray;

/// One JSON value, already written as text. Converts implicitly from the value types
/// listed at the top of this file, so it is what JsonObject members and JsonArray
/// elements are made of.
class Json {
public:
  Json(std::nullptr_t) : text_("null") {}
  Json(bool value) : text_(value ? "true" : "false") {}
  template <typename T, std::enable_if_t<detail::isJsonInteger<T>, int> = 0>
  Json(T value) : text_(std::to_string(value)) {}
  Json(double value) {
    if (!std::isfinite(value)) {
      text_ = "null";
      return;
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.Double(value);
    text_.assign(buffer.GetString(), buffer.GetSize());
  }
  Json(std::string_view text) { detail::appendJsonString(text_, text); }
  Json(const std::string& text) : Json(std::string_view(text)) {}
  /// A null pointer writes null.
  Json(const char* text) {
    if (text == nullptr) text_ = "null";
    else detail::appendJsonString(text_, text);
  }
  Json(const rapidjson::Value& value) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    text_.assign(buffer.GetString(), buffer.GetSize());
  }
  Json(const JsonObject& object);
  Json(const JsonArray& array);
  /// Characters are never numbers here: write a string.
  Json(char) = delete;
  /// Any other pointer would silently become a bool.
  Json(const void*) = delete;

  /// `text` as it is, trusted to be one valid JSON value (e.g. a record value read
  /// from the host).
  static Json raw(std::string text) {
    Json json(nullptr);
    json.text_ = std::move(text);
    return json;
  }

  const std::string& str() const& { return text_; }
  std::string str() && { return std::move(text_); }

private:
  std::string text_;
};

/// One member of a JsonObject: a key and its value.
struct JsonMember {
  std::string_view key;
  Json value;
};

/// A JSON object written member by member, in order.
class JsonObject {
public:
  JsonObject() = default;
  JsonObject(std::initializer_list<JsonMember> members) {
    for (const auto& m : members) add(m.key, m.value);
  }
  /// Appends the member `key`: `value`.
  JsonObject& add(std::string_view key, const Json& value) {
    body_ += body_.empty() ? "" : ",";
    detail::appendJsonString(body_, key);
    body_ += ':';
    body_ += value.str();
    return *this;
  }
  bool empty() const { return body_.empty(); }
  std::string str() const { return "{" + body_ + "}"; }

private:
  std::string body_;
};

/// A JSON array written element by element, in order.
class JsonArray {
public:
  JsonArray() = default;
  JsonArray(std::initializer_list<Json> elements) {
    for (const auto& e : elements) add(e);
  }
  JsonArray& add(const Json& value) {
    body_ += body_.empty() ? "" : ",";
    body_ += value.str();
    return *this;
  }
  bool empty() const { return body_.empty(); }
  std::string str() const { return "[" + body_ + "]"; }

private:
  std::string body_;
};

inline Json::Json(const JsonObject& object) : text_(object.str()) {}
inline Json::Json(const JsonArray& array) : text_(array.str()) {}

} // namespace atrium::sdk

#endif
