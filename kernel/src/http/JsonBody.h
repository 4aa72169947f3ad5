#pragma once
#include "core/JsonOut.h"
#include "http/Request.h"

#include <rapidjson/document.h>

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

/// The kernel's JSON writer (core/JsonOut.h), under the names the routes use.
using JsonWriter = core::JsonOut::Writer;
using core::JsonOut;

} // namespace atrium::http
