/// Unit tests of the hello plugin with FakeHost: no kernel, no database. The plugin's
/// sources are compiled into this executable (atrium_add_plugin_test), so its entry symbol
/// hands FakeHost the same descriptor the kernel would load.
#include <atrium/sdk/testing/FakeHost.hpp>

#include <cstdio>
#include <string>

using atrium::sdk::StatusCode;
using atrium::sdk::SubjectKind;
using atrium::sdk::testing::FakeHost;

namespace {

int failures = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (!(condition)) {                                                             \
      std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #condition); \
      ++failures;                                                                   \
    }                                                                               \
  } while (0)

constexpr long long microsPerDay = 24LL * 60 * 60 * 1000 * 1000;

std::string booking(const std::string& note, const std::string& clientId = "") {
  const std::string client = clientId.empty() ? "null" : "\"" + clientId + "\"";
  return R"({"operation": "create", "booking": {"note": ")" + note + R"(", "client_id": )" + client + "}}";
}

void passesACleanNote() {
  FakeHost fake;
  fake.init(atrium_plugin_entry_v1()).orThrow();
  const auto out = fake.call("booking.validate@1", booking("see you on Monday", "7"));
  CHECK(out.ok());
  CHECK(fake.records().empty());
}

void refusesTheDefaultBannedWordInTheReadersLanguage() {
  FakeHost fake;  // no config set: the schema's defaults (banned_word "spam") apply
  fake.init(atrium_plugin_entry_v1()).orThrow();
  const auto en = fake.call("booking.validate@1", booking("no SPAM please"));
  CHECK(en.status == StatusCode::Rejected);
  CHECK(en.message.find("does not accept") != std::string::npos);
  fake.locale("zh-TW");
  const auto zh = fake.call("booking.validate@1", booking("spam"));
  CHECK(zh.rejected());
  CHECK(zh.message.find("不接受") != std::string::npos);
}

void countsAKnownClientsRejectionsInARecordAboutThem() {
  FakeHost fake;
  fake.setConfig(R"({"banned_word": "crypto", "remember_days": 2})");
  fake.init(atrium_plugin_entry_v1()).orThrow();
  CHECK(fake.call("booking.validate@1", booking("buy crypto", "7")).rejected());
  CHECK(fake.call("booking.validate@1", booking("CRYPTO now", "7")).rejected());
  const auto count = fake.record("rejections", "7");
  CHECK(count.has_value());
  if (count) {
    CHECK(count->subject.kind == SubjectKind::Client);  // erased with the client
    CHECK(count->subject.id == "7");
    CHECK(count->valueJson.find("\"count\":2") != std::string::npos);
    CHECK(count->expiresAtUs == fake.now() + 2 * microsPerDay);
  }
  // remember_days later the count is gone, and starts again at one
  fake.advance(2 * microsPerDay);
  CHECK(!fake.record("rejections", "7").has_value());
  CHECK(fake.call("booking.validate@1", booking("crypto", "7")).rejected());
  CHECK(fake.record("rejections", "7")->valueJson.find("\"count\":1") != std::string::npos);
}

void logActionAcceptsButStillCounts() {
  FakeHost fake;
  fake.setConfig(R"({"banned_word": "crypto", "action": "log"})");
  fake.init(atrium_plugin_entry_v1()).orThrow();
  CHECK(fake.call("booking.validate@1", booking("crypto", "9")).ok());
  CHECK(fake.records("rejections").size() == 1);
}

void aHookItDoesNotHandleIsUnimplemented() {
  FakeHost fake;
  fake.init(atrium_plugin_entry_v1()).orThrow();
  CHECK(fake.call("booking.created@1", "{}").status == StatusCode::Unimplemented);
}

} // namespace

int main() {
  passesACleanNote();
  refusesTheDefaultBannedWordInTheReadersLanguage();
  countsAKnownClientsRejectionsInARecordAboutThem();
  logActionAcceptsButStillCounts();
  aHookItDoesNotHandleIsUnimplemented();
  if (failures != 0) {
    std::fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  std::printf("hello_plugin: all FakeHost tests passed\n");
  return 0;
}
