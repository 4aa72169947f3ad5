#pragma once
#include <atrium/sdk/Json.hpp>
#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace atrium::core {

/// Compact JSON text of a RapidJSON value.
std::string toJson(const rapidjson::Value& value);

/// Parses one JSON value into `doc` the only way the kernel parses JSON: bounded nesting, no
/// recursion, valid UTF-8, nothing after the value (sdk::parseJsonInto). False (and `doc` null)
/// otherwise. Every JSON text from outside (requests, plugins, manifests, stored documents)
/// goes through here or parseJsonInto.
inline bool parseJson(rapidjson::Document& doc, std::string_view text) { return sdk::parseJsonInto(doc, text).ok(); }

} // namespace atrium::core
