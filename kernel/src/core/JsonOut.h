#pragma once
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace atrium::core {

/// The kernel's one JSON writer: compact RapidJSON with less ceremony, over any RapidJSON
/// output stream. JsonOut writes to a string, JsonStreamOut to a std::ostream as it goes (the
/// streaming exports). w() gives the RapidJSON writer for what the helpers do not cover
/// (StartObject, arrays, Accept).
template <typename OutputStream>
class BasicJsonOut {
public:
  using Writer = rapidjson::Writer<OutputStream>;

  explicit BasicJsonOut(OutputStream& out) : writer_(out) {}
  BasicJsonOut(const BasicJsonOut&) = delete;
  BasicJsonOut& operator=(const BasicJsonOut&) = delete;

  Writer& w() { return writer_; }
  BasicJsonOut& key(const char* k) {
    writer_.Key(k);
    return *this;
  }
  BasicJsonOut& str(std::string_view s) {
    writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return *this;
  }
  BasicJsonOut& null() {
    writer_.Null();
    return *this;
  }
  BasicJsonOut& field(const char* k, std::string_view s) { return key(k).str(s); }
  BasicJsonOut& field(const char* k, std::int64_t v) {
    writer_.Key(k);
    writer_.Int64(v);
    return *this;
  }
  BasicJsonOut& field(const char* k, int v) { return field(k, static_cast<std::int64_t>(v)); }
  BasicJsonOut& field(const char* k, bool v) {
    writer_.Key(k);
    writer_.Bool(v);
    return *this;
  }
  BasicJsonOut& field(const char* k, const char* s) { return field(k, std::string_view(s)); }
  BasicJsonOut& field(const char* k, const std::string& s) { return field(k, std::string_view(s)); }
  /// null when absent.
  BasicJsonOut& field(const char* k, const std::optional<std::string>& s) {
    writer_.Key(k);
    if (s) str(*s);
    else writer_.Null();
    return *this;
  }
  /// Ids go out as strings ("12").
  BasicJsonOut& idField(const char* k, std::int64_t id) { return field(k, std::to_string(id)); }
  /// `json` is written as it is: it must be one valid JSON value.
  BasicJsonOut& raw(const char* k, const std::string& json) {
    writer_.Key(k);
    writer_.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
    return *this;
  }

protected:
  Writer writer_;
};

namespace detail {
struct StringBufferMember {
  rapidjson::StringBuffer buffer_;
};
struct OStreamMember {
  explicit OStreamMember(std::ostream& out) : stream_(out) {}
  rapidjson::OStreamWrapper stream_;
};
} // namespace detail

/// JSON into a string: text() once the value is complete.
class JsonOut : private detail::StringBufferMember, public BasicJsonOut<rapidjson::StringBuffer> {
public:
  JsonOut() : BasicJsonOut(buffer_) {}
  std::string text() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

  /// One JSON object, its fields written by `fill`: audit details, small answers.
  /// `JsonOut::object([&](JsonOut& o) { o.field("role", role).field("bookable", true); })`
  template <class Fill>
  static std::string object(Fill&& fill) {
    JsonOut out;
    out.w().StartObject();
    fill(out);
    out.w().EndObject();
    return out.text();
  }
};

/// JSON written to `out` as it goes (nothing is kept in memory).
class JsonStreamOut : private detail::OStreamMember, public BasicJsonOut<rapidjson::OStreamWrapper> {
public:
  explicit JsonStreamOut(std::ostream& out) : OStreamMember(out), BasicJsonOut(stream_) {}
};

} // namespace atrium::core
