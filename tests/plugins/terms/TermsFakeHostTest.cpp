// terms without a kernel (FakeHost): once a version is published, a booking-page booking
// without consent to it is refused in the page's language, with the current one it passes,
// and bookings not made on the booking page are not held to it; a business offering one
// language publishes in it alone, and its clients are shown that text, with the language named.
#include <atrium/sdk/testing/FakeHost.hpp>

#include <string>

#include <catch2/catch.hpp>

using atrium::sdk::StatusCode;
using atrium::sdk::testing::FakeHost;

namespace {

const char* kTexts = R"({"locales": {"en": {"summary": "Short", "terms": "Cancel up to **24 hours** before.", "privacy": "We keep your name."},
  "zh-TW": {"summary": "摘要", "terms": "預約前 24 小時可取消。", "privacy": "我們保存您的姓名。"}}})";

std::string booking(const std::string& source, const std::string& extra, const std::string& locale = "en") {
  return R"({"operation": "create", "locale": ")" + locale + R"(", "booking": {"id": null, "client_id": null, "source": ")" + source +
         R"("}, "extra": )" + extra + "}";
}

} // namespace

TEST_CASE("terms: a booking-page booking without consent to the current version is refused", "[terms][fakehost]") {
  FakeHost fake;
  fake.init(atrium_plugin_entry_v1()).orThrow();
  // nothing published yet: nothing to accept
  CHECK(fake.call("booking.validate@1", booking("public_page", "{}")).ok());

  atrium::sdk::testing::FakeRequest publish;
  publish.body = kTexts;
  auto published = fake.request("POST", "versions", publish);
  INFO(published.patch);
  REQUIRE(published.httpStatus() == 201);

  auto missing = fake.call("booking.validate@1", booking("public_page", "{}"));
  CHECK(missing.status == StatusCode::Rejected);
  CHECK(missing.message == "Please read and accept the terms and privacy policy (version 1) to book.");
  auto zh = fake.call("booking.validate@1", booking("public_page", "{}", "zh-TW"));
  CHECK(zh.message == "請閱讀並同意服務條款與隱私權政策（第 1 版）後再預約。");
  auto outdated = fake.call("booking.validate@1", booking("public_page", R"({"terms": {"accepted_version": 7}})"));
  CHECK(outdated.rejected());
  CHECK(outdated.message.find("changed while you were booking") != std::string::npos);

  CHECK(fake.call("booking.validate@1", booking("public_page", R"({"terms": {"accepted_version": 1}})")).ok());
  CHECK(fake.call("booking.validate@1", booking("back_office", "{}")).ok());
}

TEST_CASE("terms: a business that does not require consent lets the booking through", "[terms][fakehost]") {
  FakeHost fake;
  fake.setConfig(R"({"require_on_booking_page": false})");
  fake.init(atrium_plugin_entry_v1()).orThrow();
  atrium::sdk::testing::FakeRequest publish;
  publish.body = kTexts;
  REQUIRE(fake.request("POST", "versions", publish).httpStatus() == 201);
  CHECK(fake.call("booking.validate@1", booking("public_page", "{}")).ok());
}

TEST_CASE("terms: a version in English only is published and shown to a zh-TW reader in English", "[terms][fakehost]") {
  FakeHost fake;
  fake.init(atrium_plugin_entry_v1()).orThrow();
  atrium::sdk::testing::FakeRequest nothing;
  // no language at all, or only empty texts: refused, naming the field
  for (const char* body : {R"({"locales": {}})", R"({"locales": {"en": {"summary": "", "terms": "", "privacy": ""}, "zh-TW": {}}})"}) {
    nothing.body = body;
    auto refused = fake.request("POST", "versions", nothing);
    INFO(refused.patch);
    CHECK(refused.httpStatus() == 422);
    auto error = refused.responseJson();
    CHECK(std::string(error["error"]["field"].GetString()) == "locales");
    CHECK_THAT(error["error"]["message"].GetString(), Catch::Contains("at least one language"));
  }
  // a language begun must be complete
  nothing.body = R"({"locales": {"zh-TW": {"summary": "摘要", "terms": "", "privacy": "p"}}})";
  CHECK(std::string(fake.request("POST", "versions", nothing).responseJson()["error"]["field"].GetString()) == "locales.zh-TW.terms");

  atrium::sdk::testing::FakeRequest english;
  english.body = R"({"locales": {"en": {"summary": "Short", "terms": "Cancel up to **24 hours** before.", "privacy": "We keep your name."},
    "zh-TW": {"summary": "", "terms": "", "privacy": ""}}})"; // the editor's empty tab: not offered
  auto published = fake.request("POST", "versions", english);
  INFO(published.patch);
  REQUIRE(published.httpStatus() == 201);
  auto meta = published.responseJson();
  CHECK(meta["version"].GetInt() == 1);
  CHECK(meta["sha256"].HasMember("en"));
  CHECK(!meta["sha256"].HasMember("zh-TW"));

  // the booking page of a zh-TW reader: the English text, and which language it is in
  atrium::sdk::testing::FakeRequest zh;
  zh.query = {{"locale", "zh-TW"}};
  auto current = fake.request("GET", "current", zh);
  REQUIRE(current.httpStatus() == 200);
  auto cur = current.responseJson();
  CHECK(std::string(cur["locale"].GetString()) == "en");
  CHECK(std::string(cur["requested_locale"].GetString()) == "zh-TW");
  CHECK(std::string(cur["summary"].GetString()) == "Short");
  CHECK_THAT(cur["terms_html"].GetString(), Catch::Contains("<strong>24 hours</strong>"));
  // consent to it: the booking goes through, and the evidence says English
  CHECK(fake.call("booking.validate@1", booking("public_page", R"({"terms": {"accepted_version": 1, "locale": "en"}})", "zh-TW")).ok());
  auto refusedZh = fake.call("booking.validate@1", booking("public_page", "{}", "zh-TW"));
  CHECK(refusedZh.message == "請閱讀並同意服務條款與隱私權政策（第 1 版）後再預約。");
}
