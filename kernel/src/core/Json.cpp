#include "core/Json.h"
#include "core/JsonOut.h"

namespace atrium::core {

std::string toJson(const rapidjson::Value& value) {
  JsonOut out;
  value.Accept(out.w());
  return out.text();
}

} // namespace atrium::core
