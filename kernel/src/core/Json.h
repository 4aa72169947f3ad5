#pragma once
#include <rapidjson/document.h>

#include <string>

namespace atrium::core {

/// Compact JSON text of a RapidJSON value.
std::string toJson(const rapidjson::Value& value);

} // namespace atrium::core
