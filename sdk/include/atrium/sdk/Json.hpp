/// RapidJSON helpers for payloads, configs and records.
#ifndef ATRIUM_SDK_JSON_HPP
#define ATRIUM_SDK_JSON_HPP

#include "atrium/sdk/Status.hpp"

#include <rapidjson/document.h>
#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace atrium::sdk {

/// The deepest nesting of objects and arrays parseJson accepts. Deeper input is refused
/// before anything walks it: RapidJSON's writer, copies and comparisons recurse.
inline constexpr unsigned kMaxJsonDepth = 64;

/// Why parseJsonInto refused a text.
enum class JsonError { None, Syntax, TooDeep, TrailingData };

namespace detail {

/// Forwards RapidJSON's SAX events to `next`, refusing nesting deeper than `max`.
template <typename Next>
struct DepthLimitedHandler {
  Next& next;
  unsigned max;
  unsigned depth = 0;
  bool tooDeep = false;

  bool enter() {
    if (++depth > max) {
      tooDeep = true;
      return false;
    }
    return true;
  }
  bool Null() { return next.Null(); }
  bool Bool(bool b) { return next.Bool(b); }
  bool Int(int i) { return next.Int(i); }
  bool Uint(unsigned u) { return next.Uint(u); }
  bool Int64(std::int64_t i) { return next.Int64(i); }
  bool Uint64(std::uint64_t u) { return next.Uint64(u); }
  bool Double(double d) { return next.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) { return next.RawNumber(s, n, copy); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return next.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return next.Key(s, n, copy); }
  bool StartObject() { return enter() && next.StartObject(); }
  bool EndObject(rapidjson::SizeType n) { --depth; return next.EndObject(n); }
  bool StartArray() { return enter() && next.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { --depth; return next.EndArray(n); }
};

} // namespace detail

/// What parseJsonInto found: `ok()`, or the error, where it stopped and, for a syntax
/// error, RapidJSON's code (rapidjson::GetParseError_En names it).
struct JsonParsed {
  JsonError error = JsonError::None;
  std::size_t offset = 0;
  rapidjson::ParseErrorCode syntax = rapidjson::kParseErrorNone;
  bool ok() const { return error == JsonError::None; }
};

/// Parses exactly one JSON value from `text` (whitespace around it allowed) into `document`,
/// as everything that reads JSON from outside must: without recursion (RapidJSON's iterative
/// parser), refusing invalid UTF-8, nesting deeper than `maxDepth`, and any byte after the
/// value (a NUL included). On failure `document` is left null.
inline JsonParsed parseJsonInto(rapidjson::Document& document, std::string_view text,
                                unsigned maxDepth = kMaxJsonDepth) {
  constexpr unsigned flags = rapidjson::kParseIterativeFlag |
                             rapidjson::kParseValidateEncodingFlag |
                             rapidjson::kParseStopWhenDoneFlag;
  rapidjson::MemoryStream bytes(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> in(bytes);
  rapidjson::ParseResult result;
  bool tooDeep = false;
  auto generate = [&](rapidjson::Document& target) {
    detail::DepthLimitedHandler<rapidjson::Document> handler{target, maxDepth};
    rapidjson::Reader reader;
    result = reader.Parse<flags>(in, handler);
    tooDeep = handler.tooDeep;
    return !result.IsError();
  };
  document.SetNull();
  document.Populate(generate);
  JsonParsed parsed;
  if (tooDeep) {
    parsed.error = JsonError::TooDeep;
    parsed.offset = result.Offset();
    return parsed;
  }
  if (result.IsError()) {
    parsed.error = JsonError::Syntax;
    parsed.offset = result.Offset();
    parsed.syntax = result.Code();
    return parsed;
  }
  for (std::size_t i = in.Tell(); i < text.size(); ++i) {
    const char c = text[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      document.SetNull();
      parsed.error = JsonError::TrailingData;
      parsed.offset = i;
      return parsed;
    }
  }
  return parsed;
}

/// InvalidArgument saying why when `text` is not one JSON value (see parseJsonInto).
inline Result<rapidjson::Document> parseJson(std::string_view text) {
  rapidjson::Document document;
  const JsonParsed parsed = parseJsonInto(document, text);
  switch (parsed.error) {
  case JsonError::None:
    return document;
  case JsonError::TooDeep:
    return Status(StatusCode::InvalidArgument,
                  "invalid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  case JsonError::TrailingData:
    return Status(StatusCode::InvalidArgument,
                  "invalid JSON: data after the value at offset " + std::to_string(parsed.offset));
  case JsonError::Syntax:
    break;
  }
  return Status(StatusCode::InvalidArgument,
                std::string("invalid JSON at offset ") + std::to_string(parsed.offset) + ": " +
                    rapidjson::GetParseError_En(parsed.syntax));
}

inline std::string toJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

/// The member `name` of `object`; nullptr when absent or `object` is not an
/// object.
inline const rapidjson::Value* findMember(const rapidjson::Value& object,
                                          std::string_view name) {
  if (!object.IsObject()) {
    return nullptr;
  }
  const rapidjson::Value key(rapidjson::StringRef(
      name.data(), static_cast<rapidjson::SizeType>(name.size())));
  const auto member = object.FindMember(key);
  return member == object.MemberEnd() ? nullptr : &member->value;
}

/// The value at a dotted path such as "booking.note"; nullptr when a step is
/// missing or not an object. Keys containing '.' need findMember.
inline const rapidjson::Value* findPath(const rapidjson::Value& root,
                                        std::string_view path) {
  const rapidjson::Value* current = &root;
  for (;;) {
    const std::size_t dot = path.find('.');
    current = findMember(*current, path.substr(0, dot));
    if (current == nullptr || dot == std::string_view::npos) {
      return current;
    }
    path.remove_prefix(dot + 1);
  }
}

/// The string at `path`, or `fallback` when absent or not a string. The view
/// lives as long as `root`.
inline std::string_view stringAt(const rapidjson::Value& root,
                                 std::string_view path,
                                 std::string_view fallback = {}) {
  const rapidjson::Value* value = findPath(root, path);
  if (value == nullptr || !value->IsString()) {
    return fallback;
  }
  return std::string_view(value->GetString(), value->GetStringLength());
}

/// The integer at `path`, or `fallback` when absent or not an integer.
inline std::int64_t intAt(const rapidjson::Value& root, std::string_view path,
                          std::int64_t fallback = 0) {
  const rapidjson::Value* value = findPath(root, path);
  return value != nullptr && value->IsInt64() ? value->GetInt64() : fallback;
}

/// The boolean at `path`, or `fallback` when absent or not a boolean.
inline bool boolAt(const rapidjson::Value& root, std::string_view path,
                   bool fallback = false) {
  const rapidjson::Value* value = findPath(root, path);
  return value != nullptr && value->IsBool() ? value->GetBool() : fallback;
}

/// The language to answer in, "en" or "zh-TW": for an http.request@1 the page's
/// (the pages send it as Accept-Language), else the payload's `locale` (the
/// reader's: the language chosen on the booking page, the request's
/// Accept-Language in the back office, the recipient's for notification.render@1;
/// the business's when there is none).
inline std::string readerLocale(const rapidjson::Value& payload) {
  std::string_view language = stringAt(payload, "request.headers.accept-language");
  if (language.empty()) {
    language = stringAt(payload, "locale");
  }
  return language.substr(0, 2) == "zh" ? "zh-TW" : "en";
}

/// True when the http.request@1 payload's principal holds one of `roles`
/// ("owner", "admin", "staff"). Routes that manage a business use it to let
/// only owners and admins in.
inline bool principalHasRole(const rapidjson::Value& payload,
                             std::initializer_list<std::string_view> roles) {
  const rapidjson::Value* held = findPath(payload, "principal.roles");
  if (held == nullptr || !held->IsArray()) {
    return false;
  }
  for (const auto& role : held->GetArray()) {
    if (!role.IsString()) {
      continue;
    }
    const std::string_view name(role.GetString(), role.GetStringLength());
    for (const std::string_view wanted : roles) {
      if (name == wanted) {
        return true;
      }
    }
  }
  return false;
}

} // namespace atrium::sdk

#endif
