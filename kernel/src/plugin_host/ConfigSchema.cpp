#include "plugin_host/ConfigSchema.h"

#include "core/Errors.h"

#include "core/Json.h"

#include <cmath>
#include <stdexcept>

namespace atrium::plugin_host {
namespace {


std::size_t utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::optional<double> number(const rapidjson::Value& obj, const char* key, const std::string& where) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return std::nullopt;
  if (!it->value.IsNumber()) throw std::invalid_argument(where + "." + key + " must be a number");
  return it->value.GetDouble();
}

} // namespace

ConfigSchema ConfigSchema::parse(const rapidjson::Value& schema) {
  ConfigSchema out;
  if (!schema.IsObject()) throw std::invalid_argument("config_schema must be an object");
  auto type = schema.FindMember("type");
  if (type == schema.MemberEnd() || !type->value.IsString() || std::string_view(type->value.GetString()) != "object")
    throw std::invalid_argument("config_schema.type must be \"object\"");
  for (auto& m : schema.GetObject()) {
    std::string_view key = m.name.GetString();
    if (key != "type" && key != "properties" && key != "required" && key != "description" && key != "title")
      throw std::invalid_argument("config_schema: unsupported keyword '" + std::string(key) + "'");
  }
  auto props = schema.FindMember("properties");
  if (props != schema.MemberEnd()) {
    if (!props->value.IsObject()) throw std::invalid_argument("config_schema.properties must be an object");
    for (auto& m : props->value.GetObject()) {
      Property p;
      p.name = m.name.GetString();
      std::string where = "config_schema.properties." + p.name;
      const auto& def = m.value;
      if (!def.IsObject()) throw std::invalid_argument(where + " must be an object");
      auto t = def.FindMember("type");
      if (t == def.MemberEnd() || !t->value.IsString()) throw std::invalid_argument(where + ".type is required");
      std::string_view ts = t->value.GetString();
      if (ts == "string") p.type = Type::String;
      else if (ts == "integer") p.type = Type::Integer;
      else if (ts == "number") p.type = Type::Number;
      else if (ts == "boolean") p.type = Type::Boolean;
      else throw std::invalid_argument(where + ".type must be string, integer, number or boolean");
      for (auto& k : def.GetObject()) {
        std::string_view kw = k.name.GetString();
        static const char* kAllowed[] = {"type", "enum", "minimum", "maximum", "minLength", "maxLength",
                                         "pattern", "default", "title", "description"};
        bool ok = false;
        for (const char* a : kAllowed) ok = ok || kw == a;
        if (!ok) throw std::invalid_argument(where + ": unsupported keyword '" + std::string(kw) + "'");
      }
      p.minimum = number(def, "minimum", where);
      p.maximum = number(def, "maximum", where);
      if (auto v = number(def, "minLength", where)) p.minLength = static_cast<std::size_t>(*v);
      if (auto v = number(def, "maxLength", where)) p.maxLength = static_cast<std::size_t>(*v);
      if (auto pat = def.FindMember("pattern"); pat != def.MemberEnd()) {
        if (!pat->value.IsString()) throw std::invalid_argument(where + ".pattern must be a string");
        p.patternText = pat->value.GetString();
        try {
          p.pattern.emplace(*p.patternText, std::regex::ECMAScript);
        } catch (const std::regex_error&) {
          throw std::invalid_argument(where + ".pattern is not a valid regular expression");
        }
      }
      if (auto e = def.FindMember("enum"); e != def.MemberEnd()) {
        if (!e->value.IsArray() || e->value.Empty()) throw std::invalid_argument(where + ".enum must be a non-empty array");
        for (auto& v : e->value.GetArray()) p.enumValues.push_back(core::toJson(v));
      }
      out.properties_.push_back(std::move(p));
      if (auto d = def.FindMember("default"); d != def.MemberEnd()) {
        try {
          out.check(out.properties_.back(), d->value);
        } catch (const core::ValidationError& err) {
          throw std::invalid_argument(where + ".default is invalid: " + err.what());
        }
        out.properties_.back().defaultJson = core::toJson(d->value);
      }
    }
  }
  if (auto req = schema.FindMember("required"); req != schema.MemberEnd()) {
    if (!req->value.IsArray()) throw std::invalid_argument("config_schema.required must be an array");
    for (auto& r : req->value.GetArray()) {
      if (!r.IsString()) throw std::invalid_argument("config_schema.required must list property names");
      bool found = false;
      for (auto& p : out.properties_)
        if (p.name == r.GetString()) found = p.required = true;
      if (!found) throw std::invalid_argument("config_schema.required names unknown property '" + std::string(r.GetString()) + "'");
    }
  }
  return out;
}

void ConfigSchema::check(const Property& p, const rapidjson::Value& v) const {
  auto fail = [&](std::string message, core::Text::Args args = {}) {
    args.emplace_back("field", p.name);
    throw core::ValidationError(p.name, core::Text(std::move(message), std::move(args)));
  };
  switch (p.type) {
  case Type::String: {
    if (!v.IsString()) fail("{field} must be a string");
    std::string_view s(v.GetString(), v.GetStringLength());
    auto len = utf8Length(s);
    if (p.minLength && len < *p.minLength) fail("{field} must have at least {min} characters", {{"min", std::to_string(*p.minLength)}});
    if (p.maxLength && len > *p.maxLength) fail("{field} must have at most {max} characters", {{"max", std::to_string(*p.maxLength)}});
    if (p.pattern && !std::regex_search(s.begin(), s.end(), *p.pattern)) fail("{field} must match {pattern}", {{"pattern", *p.patternText}});
    break;
  }
  case Type::Integer:
    if (!v.IsNumber() || (!v.IsInt64() && !(v.IsDouble() && std::floor(v.GetDouble()) == v.GetDouble()))) fail("{field} must be a whole number");
    [[fallthrough]];
  case Type::Number: {
    if (!v.IsNumber()) fail("{field} must be a number");
    double d = v.GetDouble();
    auto show = [&](double x) { return p.type == Type::Integer ? std::to_string(static_cast<long long>(x)) : std::to_string(x); };
    if (p.minimum && d < *p.minimum) fail("{field} must be at least {min}", {{"min", show(*p.minimum)}});
    if (p.maximum && d > *p.maximum) fail("{field} must be at most {max}", {{"max", show(*p.maximum)}});
    break;
  }
  case Type::Boolean:
    if (!v.IsBool()) fail("{field} must be true or false");
    break;
  }
  if (!p.enumValues.empty()) {
    std::string text = core::toJson(v);
    bool ok = false;
    for (const auto& e : p.enumValues) ok = ok || e == text;
    if (!ok) {
      std::string list;
      for (const auto& e : p.enumValues) list += (list.empty() ? "" : ", ") + e;
      fail("{field} must be one of {values}", {{"values", list}});
    }
  }
}

std::string ConfigSchema::validate(std::string_view configJson) const {
  rapidjson::Document doc;
  if (configJson.empty()) configJson = "{}";
  if (!core::parseJson(doc, configJson) || !doc.IsObject())
    throw core::ValidationError("config", "the configuration must be a JSON object");
  for (auto& m : doc.GetObject()) {
    std::string_view name(m.name.GetString(), m.name.GetStringLength());
    bool known = false;
    for (const auto& p : properties_) known = known || p.name == name;
    if (!known) throw core::ValidationError(std::string(name), core::Text("unknown setting '{field}'", {{"field", std::string(name)}}));
  }
  rapidjson::Document out(rapidjson::kObjectType);
  auto& alloc = out.GetAllocator();
  for (const auto& p : properties_) {
    auto it = doc.FindMember(p.name.c_str());
    if (it != doc.MemberEnd()) {
      check(p, it->value);
      out.AddMember(rapidjson::Value(p.name.c_str(), alloc), rapidjson::Value(it->value, alloc), alloc);
    } else if (p.defaultJson) {
      rapidjson::Document d;
      core::parseJson(d, *p.defaultJson);
      out.AddMember(rapidjson::Value(p.name.c_str(), alloc), rapidjson::Value(d, alloc), alloc);
    } else if (p.required) {
      throw core::ValidationError(p.name, core::Text("{field} is required", {{"field", p.name}}));
    }
  }
  return core::toJson(out);
}

std::vector<std::string> ConfigSchema::propertyNames() const {
  std::vector<std::string> names;
  for (const auto& p : properties_) names.push_back(p.name);
  return names;
}

} // namespace atrium::plugin_host
