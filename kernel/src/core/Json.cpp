#include "core/Json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace atrium::core {

std::string toJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

} // namespace atrium::core
