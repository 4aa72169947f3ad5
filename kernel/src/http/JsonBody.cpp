#include "http/JsonBody.h"

#include "base/TimeZones.h"
#include "http/HttpError.h"

#include "core/Json.h"
#include "core/TextInput.h"

#include <cctype>
#include <charconv>

namespace atrium::http {
namespace {

/// A 422 about `field`; `message` may use {field}.
[[noreturn]] void invalid(const std::string& field, const std::string& message, core::Text::Args more = {}) {
  more.emplace_back("field", field);
  throw HttpError(422, "invalid", core::Text(message, std::move(more)), field);
}

/// Fields that hold running text (line breaks and tabs allowed); every other string is one line.
core::TextKind kindOf(std::string_view field) {
  for (std::string_view multi : {"address", "description", "html", "note", "notes", "reason", "template", "text", "body_markdown", "markdown"})
    if (field == multi) return core::TextKind::MultiLine;
  return core::TextKind::Line;
}

std::optional<std::int64_t> parseInt(std::string_view s) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

} // namespace

bool isJsonMediaType(std::string_view contentType) {
  // type/subtype, then optional parameters: only charset=utf-8 (RFC 8259 8.1: JSON is UTF-8).
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  auto semicolon = contentType.find(';');
  if (lower(trim(contentType.substr(0, semicolon))) != "application/json") return false;
  while (semicolon != std::string_view::npos) {
    contentType.remove_prefix(semicolon + 1);
    semicolon = contentType.find(';');
    std::string param = lower(trim(contentType.substr(0, semicolon)));
    if (param != "charset=utf-8" && param != "charset=\"utf-8\"") return false;
  }
  return true;
}

JsonBody::JsonBody(const Request& request, std::initializer_list<const char*> allowed) {
  if (!isJsonMediaType(request.header("Content-Type")))
    throw HttpError(415, "unsupported_media_type", "send the body as application/json");
  switch (sdk::parseJsonInto(doc_, request.body).error) {
  case sdk::JsonError::None: break;
  case sdk::JsonError::TooDeep:
    throw HttpError(400, "bad_request", core::Text("the body nests deeper than {max} levels", {{"max", std::to_string(sdk::kMaxJsonDepth)}}));
  case sdk::JsonError::TrailingData: throw HttpError(400, "bad_request", "the body has data after its JSON value");
  case sdk::JsonError::Syntax: throw HttpError(400, "bad_request", "the body is not valid JSON");
  }
  if (!doc_.IsObject()) throw HttpError(400, "bad_request", "the body must be a JSON object");
  for (auto& m : doc_.GetObject()) {
    std::string_view name(m.name.GetString(), m.name.GetStringLength());
    bool known = false;
    for (const char* a : allowed) known = known || name == a;
    if (!known) invalid(std::string(name), "unknown field '{field}'");
  }
}

bool JsonBody::has(const char* field) const { return doc_.HasMember(field) && !doc_[field].IsNull(); }

const rapidjson::Value* JsonBody::value(const char* field) const {
  auto it = doc_.FindMember(field);
  return it == doc_.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::optional<std::string> JsonBody::optionalString(const char* field, std::size_t maxLength) const {
  const auto* v = value(field);
  if (!v) return std::nullopt;
  if (!v->IsString()) invalid(field, "{field} must be a string");
  std::string s(v->GetString(), v->GetStringLength());
  if (auto problem = core::textProblem(s, field, kindOf(field))) throw HttpError(422, "invalid", std::move(*problem), field);
  if (core::codePoints(s) > maxLength) invalid(field, "{field} must have at most {max} characters", {{"max", std::to_string(maxLength)}});
  return s;
}

std::string JsonBody::string(const char* field, std::size_t maxLength) const {
  auto s = optionalString(field, maxLength);
  if (!s) invalid(field, "{field} is required");
  return *s;
}

std::optional<std::int64_t> JsonBody::optionalInteger(const char* field, std::int64_t min, std::int64_t max) const {
  const auto* v = value(field);
  if (!v) return std::nullopt;
  if (!v->IsInt64()) invalid(field, "{field} must be a whole number");
  auto n = v->GetInt64();
  if (n < min || n > max) invalid(field, "{field} must be from {min} to {max}", {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
  return n;
}

std::int64_t JsonBody::integer(const char* field, std::int64_t min, std::int64_t max) const {
  auto n = optionalInteger(field, min, max);
  if (!n) invalid(field, "{field} is required");
  return *n;
}

std::optional<bool> JsonBody::optionalBool(const char* field) const {
  const auto* v = value(field);
  if (!v) return std::nullopt;
  if (!v->IsBool()) invalid(field, "{field} must be true or false");
  return v->GetBool();
}

std::optional<std::int64_t> JsonBody::optionalId(const char* field) const {
  const auto* v = value(field);
  if (!v) return std::nullopt;
  std::optional<std::int64_t> id;
  if (v->IsInt64()) id = v->GetInt64();
  else if (v->IsString()) id = parseInt(std::string_view(v->GetString(), v->GetStringLength()));
  if (!id || *id <= 0) invalid(field, "{field} must be an id");
  return id;
}

std::int64_t JsonBody::instant(const char* field) const {
  auto t = base::TimeZones::parseInstant(string(field, 40));
  if (!t) invalid(field, "{field} must be an ISO 8601 time such as 2026-12-01T09:00:00Z");
  return *t;
}

std::int64_t JsonBody::id(const char* field) const {
  auto v = optionalId(field);
  if (!v) invalid(field, "{field} is required");
  return *v;
}

std::int64_t queryInt(const Request& request, const std::string& name, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto it = request.query.find(name);
  if (it == request.query.end()) return fallback;
  auto v = parseInt(it->second);
  if (!v || *v < min || *v > max)
    throw HttpError(400, "bad_request",
                    core::Text("{field} must be a whole number from {min} to {max}", {{"field", name}, {"min", std::to_string(min)}, {"max", std::to_string(max)}}),
                    name);
  return *v;
}

std::optional<std::string> queryString(const Request& request, const std::string& name, std::size_t maxLength) {
  auto it = request.query.find(name);
  if (it == request.query.end()) return std::nullopt;
  if (auto problem = core::textProblem(it->second, name)) throw HttpError(400, "bad_request", std::move(*problem), name);
  if (core::codePoints(it->second) > maxLength)
    throw HttpError(400, "bad_request", core::Text("{field} must have at most {max} characters", {{"field", name}, {"max", std::to_string(maxLength)}}), name);
  return it->second;
}

std::int64_t pathId(const Request& request, const std::string& name) {
  auto v = parseInt(request.param(name));
  if (!v || *v <= 0) throw HttpError(404, "not_found", "no such resource");
  return *v;
}

} // namespace atrium::http
