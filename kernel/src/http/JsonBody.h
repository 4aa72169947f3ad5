#pragma once
#include "http/Request.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::http {

/// True for "application/json", any case, with at most a charset=utf-8 parameter; not for
/// "application/jsonx", "text/plain" or a missing type (which a no-cors cross-site form can send).
bool isJsonMediaType(std::string_view contentType);

/// A request's JSON object body, read strictly: 415 unless Content-Type is JSON, 400 for
/// malformed JSON or a non-object, 422 naming the field for an unknown field, a wrong type
/// or a value out of bounds. Nothing is silently ignored or truncated.
class JsonBody {
public:
  /// `allowed` lists every field the route accepts.
  JsonBody(const Request& request, std::initializer_list<const char*> allowed);

  /// Present and not null.
  bool has(const char* field) const;
  /// Present, possibly null (PATCH: null clears a field, absence keeps it).
  bool present(const char* field) const { return doc_.HasMember(field); }
  std::string string(const char* field, std::size_t maxLength) const;
  std::optional<std::string> optionalString(const char* field, std::size_t maxLength) const;
  std::int64_t integer(const char* field, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> optionalInteger(const char* field, std::int64_t min, std::int64_t max) const;
  std::optional<bool> optionalBool(const char* field) const;
  /// A nested value (object, array) for routes that need more than scalars; nullptr if absent.
  const rapidjson::Value* value(const char* field) const;
  /// An id field, given as a JSON string or number ("12" or 12).
  std::int64_t id(const char* field) const;
  std::optional<std::int64_t> optionalId(const char* field) const;
  /// An ISO 8601 time with an offset (at most 40 characters), as UTC microseconds.
  std::int64_t instant(const char* field) const;

private:
  rapidjson::Document doc_;
};

/// Query parameters with the same strictness (400 naming the parameter).
std::int64_t queryInt(const Request& request, const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max);
std::optional<std::string> queryString(const Request& request, const std::string& name, std::size_t maxLength);
/// A path parameter that must be a positive id; anything else is 404.
std::int64_t pathId(const Request& request, const std::string& name);

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

/// Writes JSON with less ceremony.
class JsonOut {
public:
  JsonWriter& w() { return writer_; }
  JsonOut& key(const char* k) {
    writer_.Key(k);
    return *this;
  }
  JsonOut& str(std::string_view s) {
    writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return *this;
  }
  JsonOut& field(const char* k, std::string_view s) { return key(k).str(s); }
  JsonOut& field(const char* k, std::int64_t v) {
    writer_.Key(k);
    writer_.Int64(v);
    return *this;
  }
  JsonOut& field(const char* k, int v) { return field(k, static_cast<std::int64_t>(v)); }
  JsonOut& field(const char* k, bool v) {
    writer_.Key(k);
    writer_.Bool(v);
    return *this;
  }
  JsonOut& field(const char* k, const char* s) { return field(k, std::string_view(s)); }
  JsonOut& field(const char* k, const std::string& s) { return field(k, std::string_view(s)); }
  JsonOut& field(const char* k, const std::optional<std::string>& s) {
    writer_.Key(k);
    if (s) str(*s);
    else writer_.Null();
    return *this;
  }
  JsonOut& idField(const char* k, std::int64_t id) { return field(k, std::to_string(id)); }
  JsonOut& raw(const char* k, const std::string& json) {
    writer_.Key(k);
    writer_.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
    return *this;
  }
  std::string text() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

private:
  rapidjson::StringBuffer buffer_;
  JsonWriter writer_{buffer_};
};

} // namespace atrium::http
