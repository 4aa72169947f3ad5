/// RapidJSON helpers for payloads, configs and records.
#ifndef ATRIUM_SDK_JSON_HPP
#define ATRIUM_SDK_JSON_HPP

#include "atrium/sdk/Status.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace atrium::sdk {

/// InvalidArgument with RapidJSON's reason and offset when `text` is not JSON.
inline Result<rapidjson::Document> parseJson(std::string_view text) {
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError()) {
    return Status(StatusCode::InvalidArgument,
                  std::string("invalid JSON at offset ") +
                      std::to_string(document.GetErrorOffset()) + ": " +
                      rapidjson::GetParseError_En(document.GetParseError()));
  }
  return document;
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
/// business's, or the client's on the booking page).
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
