#include "http/HttpError.h"

#include "core/JsonOut.h"

namespace atrium::http {

std::string errorBody(const std::string& code, const std::string& message, const std::string& field) {
  core::JsonOut out;
  out.w().StartObject();
  out.key("error");
  out.w().StartObject();
  out.field("code", code).field("message", message);
  if (!field.empty()) out.field("field", field);
  out.w().EndObject();
  out.w().EndObject();
  return out.text();
}

void tooManyRequests(std::int64_t retryAfterSeconds) {
  HttpError e(429, "too_many_requests", core::Text("too many requests; try again in {seconds} seconds", {{"seconds", std::to_string(retryAfterSeconds)}}));
  e.withHeader("Retry-After", std::to_string(retryAfterSeconds));
  throw e;
}

} // namespace atrium::http
