#include "http/HttpError.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace atrium::http {

std::string errorBody(const std::string& code, const std::string& message, const std::string& field) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Key("code");
  w.String(code.c_str(), static_cast<rapidjson::SizeType>(code.size()));
  w.Key("message");
  w.String(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
  if (!field.empty()) {
    w.Key("field");
    w.String(field.c_str(), static_cast<rapidjson::SizeType>(field.size()));
  }
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

void tooManyRequests(std::int64_t retryAfterSeconds) {
  HttpError e(429, "too_many_requests", core::Text("too many requests; try again in {seconds} seconds", {{"seconds", std::to_string(retryAfterSeconds)}}));
  e.withHeader("Retry-After", std::to_string(retryAfterSeconds));
  throw e;
}

} // namespace atrium::http
