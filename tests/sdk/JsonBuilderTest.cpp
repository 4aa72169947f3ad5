/// atrium/sdk/JsonBuilder.hpp: what it writes is valid JSON that reads back as the
/// values given (escaping, control characters, UTF-8, numbers, nesting), checked by
/// parsing every result with the SDK's own strict parser. Exits 0 when every check holds.
#include "atrium/sdk/Json.hpp"
#include "atrium/sdk/JsonBuilder.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

namespace {

using atrium::sdk::Json;
using atrium::sdk::JsonArray;
using atrium::sdk::JsonObject;

int failures = 0;

void expect(bool ok, const char* what, const std::string& got = {}) {
  if (!ok) {
    ++failures;
    std::fprintf(stderr, "FAIL %s%s%s\n", what, got.empty() ? "" : ": got ", got.c_str());
  }
}

void expectText(const std::string& got, const std::string& want, const char* what) {
  expect(got == want, what, got);
  expect(atrium::sdk::parseJson(got).isOk(), what, "not valid JSON: " + got);
}

/// The string `text` becomes when written and read back.
std::string roundTrip(const std::string& text) {
  auto parsed = atrium::sdk::parseJson(JsonObject{{"s", text}}.str());
  if (!parsed.isOk()) return "<invalid JSON>";
  return std::string(atrium::sdk::stringAt(parsed.value(), "s", "<missing>"));
}

} // namespace

int main() {
  expectText(JsonObject{}.str(), "{}", "empty object");
  expectText(JsonArray{}.str(), "[]", "empty array");
  expectText(JsonObject{{"a", nullptr}, {"b", true}, {"c", false}, {"d", 42}, {"e", "x"}}.str(),
             R"({"a":null,"b":true,"c":false,"d":42,"e":"x"})", "scalars in order");
  expectText(JsonArray{std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
                       std::numeric_limits<std::uint64_t>::max(), 0, -1}
                 .str(),
             "[-9223372036854775808,9223372036854775807,18446744073709551615,0,-1]", "int64 and uint64 limits");
  expectText(JsonArray{1.5, 0.1, -2.0}.str(), "[1.5,0.1,-2.0]", "doubles round-trip shortest");
  expectText(JsonArray{std::nan(""), std::numeric_limits<double>::infinity()}.str(), "[null,null]",
             "NaN and infinity become null");
  expectText(JsonArray{static_cast<const char*>(nullptr)}.str(), "[null]", "a null const char* is null");

  expectText(Json(R"(say "hi" \ bye)").str(), R"("say \"hi\" \\ bye")", "quotes and backslash escaped");
  expectText(Json(std::string("a\nb\rc\td\be\ff")).str(), R"("a\nb\rc\td\be\ff")", "short escapes");
  expectText(Json(std::string("\x01\x1f\x7f", 3)).str(), R"("\u0001\u001f\u007f")", "other control characters as \\u");
  expectText(Json(std::string("a\0b", 3)).str(), R"("a\u0000b")", "an embedded NUL is kept, escaped");
  expectText(Json("</script>").str(), R"("</script>")", "slash needs no escape");

  const std::string utf8 = "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80";  // café 中文 😀
  expectText(Json(utf8).str(), "\"" + utf8 + "\"", "UTF-8 passes through unescaped");
  expect(roundTrip(utf8) == utf8, "UTF-8 reads back unchanged");
  const std::string replacement = "\xef\xbf\xbd";
  expectText(Json(std::string("a\xff" "b")).str(), "\"a" + replacement + "b\"", "a stray byte becomes U+FFFD");
  expectText(Json(std::string("\xc3")).str(), "\"" + replacement + "\"", "a truncated sequence becomes U+FFFD");
  expectText(Json(std::string("\xc0\xaf")).str(), "\"" + replacement + replacement + "\"", "an overlong '/' is refused");
  expectText(Json(std::string("\xed\xa0\x80")).str(), "\"" + replacement + replacement + replacement + "\"",
             "an encoded surrogate is refused");
  expectText(Json(std::string("\xf4\x90\x80\x80")).str(),
             "\"" + replacement + replacement + replacement + replacement + "\"", "above U+10FFFF is refused");
  for (int b = 0; b < 256; ++b) {  // every single byte, and every byte after a lead byte, stays valid JSON
    const std::string one(1, static_cast<char>(b));
    expect(atrium::sdk::parseJson(Json(one).str()).isOk(), "any byte writes valid JSON", Json(one).str());
    expect(atrium::sdk::parseJson(Json("\xe4" + one).str()).isOk(), "any byte after a lead byte writes valid JSON");
    if (b < 0x80) expect(roundTrip(one) == one, "an ASCII byte reads back unchanged", Json(one).str());
  }

  expectText(JsonObject{{"k\"ey", "v"}}.str(), R"({"k\"ey":"v"})", "keys are escaped too");
  expectText(JsonObject{{"list", JsonArray{1, "two", JsonObject{{"three", 3}}, JsonArray{}}},
                        {"obj", JsonObject{{"inner", JsonArray{true}}}}}
                 .str(),
             R"({"list":[1,"two",{"three":3},[]],"obj":{"inner":[true]}})", "nesting");
  JsonArray built;
  for (const char* id : {"7", "8"}) built.add(id);
  JsonObject step;
  step.add("ids", built).add("n", 2);
  expectText(step.str(), R"({"ids":["7","8"],"n":2})", "built step by step");
  expectText(JsonArray{JsonArray{1}}.str(), "[[1]]", "an array inside an array nests, not copies");

  rapidjson::Document doc;
  doc.Parse(R"({"x":[1,"y"]})");
  expectText(JsonObject{{"doc", doc}, {"raw", Json::raw(R"({"z":1})")}}.str(), R"({"doc":{"x":[1,"y"]},"raw":{"z":1}})",
             "rapidjson values and raw JSON embed as they are");

  if (failures == 0) std::printf("ok   JSON builder: all checks hold\n");
  return failures == 0 ? 0 : 1;
}
