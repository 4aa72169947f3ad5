// terms without a kernel (FakeHost): once a version is published, a booking-page booking
// without consent to it is refused in the page's language, with the current one it passes,
// and bookings not made on the booking page are not held to it.
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
