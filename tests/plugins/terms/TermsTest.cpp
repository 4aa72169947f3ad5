// terms as a business and its clients meet it: publishing versions (one language or both, bad
// input refused), the booking page's current version, a booking refused without acceptance,
// evidence with the hash of the text shown, re-consent after a new version, the owner's
// list, and the privacy export and erasure of the evidence.
#include "ApiWorld.h"
#include "DataScan.h"
#include "AtriumCli.h"
#include "core/Digest.h"

#include <filesystem>

#include <catch2/catch.hpp>

using namespace atrium;
using test::ApiWorld;
using test::kPassword;

namespace {

std::string texts(const std::string& tag, const std::string& terms = "You may cancel up to **24 hours** before.") {
  return R"({"locales":{"en":{"summary":"Plain summary )" + tag + R"(","terms":")" + terms +
         R"(","privacy":"We keep your name and email."},"zh-TW":{"summary":"摘要 )" + tag +
         R"(","terms":"預約前 24 小時可取消。","privacy":"我們保存您的姓名與電子郵件。"}}})";
}

struct TermsWorld {
  ApiWorld w{ATRIUM_PLUGINS_DIR};
  base::Business b = w.business("demo");
  std::int64_t ana = w.provider(b, "ana");
  booking::Service svc = w.service(b, 30);
  test::ApiClient owner = enabledByOwner();
  test::ApiClient visitor = w.browser();

  test::ApiClient enabledByOwner() {
    w.user(b, "owner@demo.example", auth::Role::Owner);
    auto c = w.signedIn(b, "owner@demo.example");
    auto enabled = c.post("/api/v1/features/terms/enable", R"({"config":{}})");
    INFO(enabled.body);
    REQUIRE(enabled.status == 200);
    return c;
  }

  test::ApiResult book(const std::string& start, const std::string& email, const std::string& extra, const std::string& locale = "en") {
    return visitor.post("/api/v1/public/demo/bookings", R"({"service_id":")" + std::to_string(svc.id) + R"(","start":")" + start +
                                                           R"(","client":{"name":"Client )" + email + R"(","email":")" + email +
                                                           R"("},"locale":")" + locale + R"(")" + (extra.empty() ? "" : ",\"extra\":" + extra) + "}");
  }
};

std::string accepted(int version, const std::string& locale = "en") {
  return R"({"terms":{"accepted_version":)" + std::to_string(version) + R"(,"locale":")" + locale + R"("}})";
}

} // namespace

TEST_CASE("terms: publishing needs at least one language and keeps every version immutable with its hash", "[backend][terms]") {
  TermsWorld t;
  auto missing = t.owner.post("/api/v1/plugins/terms/versions", R"({"locales":{"en":{"summary":"","terms":"","privacy":""}}})");
  CHECK(missing.status == 422);
  CHECK_THAT(missing.body, Catch::Contains(R"("field":"locales")"));
  auto empty = t.owner.post("/api/v1/plugins/terms/versions", R"({"locales":{"en":{"summary":"s","terms":"","privacy":"p"},"zh-TW":{"summary":"s","terms":"t","privacy":"p"}}})");
  CHECK(empty.status == 422);
  CHECK_THAT(empty.body, Catch::Contains(R"("field":"locales.en.terms")"));
  auto tooLong = t.owner.post("/api/v1/plugins/terms/versions", texts("v1", std::string(48001, 'x')));
  CHECK(tooLong.status == 422);
  CHECK(t.owner.post("/api/v1/plugins/terms/versions", "not json").status == 400);
  t.owner.headers["Accept-Language"] = "zh-TW"; // the page's language: the refusal is in it
  auto missingZh = t.owner.post("/api/v1/plugins/terms/versions", R"({"locales":{}})");
  CHECK(missingZh.status == 422);
  CHECK_THAT(missingZh.body, Catch::Contains("請至少以一種語言") && Catch::Contains(R"("field":"locales")"));
  t.owner.headers.clear();
  CHECK_THAT(missing.body, Catch::Contains("in at least one language"));
  CHECK(t.owner.get("/api/v1/plugins/terms/versions").body == R"({"current":null,"versions":[]})"); // nothing kept from the refusals
  // the back office learns where the plugin's pages mount
  CHECK_THAT(t.owner.get("/api/v1/features").body,
             Catch::Contains(R"("web_mounts":[{"slot":"settings","module":"editor.js","url":"/plugins/terms/editor.js"},)"
                             R"({"slot":"booking_step","module":"booking-step.js","url":"/plugins/terms/booking-step.js"}])"));

  auto v1 = t.owner.post("/api/v1/plugins/terms/versions", texts("v1"));
  REQUIRE(v1.status == 201);
  CHECK_THAT(v1.body, Catch::Contains(R"("version":1)"));
  auto v2 = t.owner.post("/api/v1/plugins/terms/versions", texts("v2"));
  REQUIRE(v2.status == 201);
  auto list = t.owner.get("/api/v1/plugins/terms/versions").json();
  CHECK(list["current"].GetInt() == 2);
  REQUIRE(list["versions"].Size() == 2);
  CHECK(list["versions"][0]["version"].GetInt() == 2); // newest first

  auto one = t.owner.get("/api/v1/plugins/terms/versions/1");
  REQUIRE(one.status == 200);
  auto doc = one.json();
  for (const char* locale : {"en", "zh-TW"}) { // the hash covers exactly the text shown, computed independently here
    const auto& text = doc["locales"][locale];
    CHECK(std::string(text["sha256"].GetString()) == core::sha256Hex(text["text"].GetString()));
    CHECK(std::string(text["text"].GetString()).find(std::string(text["terms"].GetString())) != std::string::npos);
  }
  CHECK_THAT(std::string(doc["locales"]["en"]["summary"].GetString()), Catch::Contains("v1")); // version 1 unchanged by version 2
  CHECK_THAT(std::string(doc["locales"]["en"]["terms_html"].GetString()), Catch::Contains("<strong>24 hours</strong>"));
  CHECK(t.owner.get("/api/v1/plugins/terms/versions/3").status == 404);
  CHECK(t.owner.get("/api/v1/plugins/terms/versions/abc").status == 404);

  t.w.user(t.b, "ben@demo.example", auth::Role::Staff);
  CHECK(t.w.signedIn(t.b, "ben@demo.example").post("/api/v1/plugins/terms/versions", texts("v3")).status == 403);
  auto audit = t.owner.get("/api/v1/audit?limit=50").body;
  CHECK_THAT(audit, Catch::Contains("terms.published"));
}

TEST_CASE("terms: no booking without acceptance, evidence with the hash of the text, re-consent after a new version", "[backend][terms]") {
  TermsWorld t;
  CHECK(t.visitor.get("/api/v1/public/demo/plugins/terms/current").status == 404);
  CHECK(t.book("2030-03-26T09:00:00Z", "early@example.com", "").status == 201); // nothing published: nothing to accept

  REQUIRE(t.owner.post("/api/v1/plugins/terms/versions", texts("v1", "Cancel **24 h** before. <script>alert(1)</script>")).status == 201);
  auto current = t.visitor.get("/api/v1/public/demo/plugins/terms/current?locale=zh-TW");
  REQUIRE(current.status == 200);
  auto cur = current.json();
  CHECK(cur["version"].GetInt() == 1);
  CHECK(std::string(cur["locale"].GetString()) == "zh-TW");
  CHECK_THAT(std::string(cur["summary"].GetString()), Catch::Contains("摘要"));
  auto en = t.visitor.get("/api/v1/public/demo/plugins/terms/current?locale=en").json();
  CHECK_THAT(std::string(en["terms_html"].GetString()), !Catch::Contains("<script") && Catch::Contains("<strong>24 h</strong>"));
  CHECK(en["required"].GetBool());
  // the page lists the step for the business that enabled it
  CHECK_THAT(t.visitor.get("/api/v1/public/demo").body, Catch::Contains(R"("plugin":"terms","slot":"booking_step")"));

  auto refused = t.book("2030-03-26T10:00:00Z", "mia@example.com", "");
  CHECK(refused.status == 422);
  CHECK_THAT(refused.body, Catch::Contains(R"("code":"rejected")") && Catch::Contains("version 1"));
  auto refusedZh = t.book("2030-03-26T10:00:00Z", "mia@example.com", R"({"terms":{}})", "zh-TW");
  CHECK(refusedZh.status == 422);
  CHECK_THAT(refusedZh.body, Catch::Contains("第 1 版"));
  CHECK(t.book("2030-03-26T10:00:00Z", "mia@example.com", R"({"terms":{"accepted_version":"1"}})").status == 422); // not a number

  auto booked = t.book("2030-03-26T10:00:00Z", "mia@example.com", accepted(1, "zh-TW"), "zh-TW");
  REQUIRE(booked.status == 201);
  std::string bookingId = booked.json()["booking"]["id"].GetString();
  // the public answer does not say who the client is; the back office does
  std::string clientId = t.owner.get("/api/v1/bookings/" + bookingId).json()["booking"]["client_id"].GetString();

  auto list = t.owner.get("/api/v1/plugins/terms/acceptances");
  INFO(list.body);
  REQUIRE(list.status == 200);
  auto acc = list.json();
  REQUIRE(acc["acceptances"].Size() == 1);
  const auto& e = acc["acceptances"][0];
  auto v1 = t.owner.get("/api/v1/plugins/terms/versions/1").json();
  CHECK(std::string(e["sha256"].GetString()) == v1["locales"]["zh-TW"]["sha256"].GetString()); // the text the client read
  CHECK(std::string(e["booking_id"].GetString()) == bookingId);
  CHECK(std::string(e["client_id"].GetString()) == clientId);
  CHECK(std::string(e["client_name"].GetString()) == "Client mia@example.com");
  CHECK(std::string(e["locale"].GetString()) == "zh-TW");
  CHECK(std::string(e["method"].GetString()) == "booking_page_checkbox");
  CHECK(std::string(e["ip"].GetString()) == "127.0.0.1");
  CHECK(e["accepted_at_us"].GetInt64() == t.w.clock.nowMicros());
  CHECK(e["current"].GetBool());

  // a new version: the returning client is asked again; what she accepted before stays as evidence
  REQUIRE(t.owner.post("/api/v1/plugins/terms/versions", texts("v2")).status == 201);
  auto stale = t.book("2030-03-27T09:00:00Z", "mia@example.com", accepted(1));
  CHECK(stale.status == 422);
  CHECK_THAT(stale.body, Catch::Contains("changed") && Catch::Contains("version 2"));
  CHECK(t.book("2030-03-27T09:00:00Z", "mia@example.com", accepted(2)).status == 201);
  acc = t.owner.get("/api/v1/plugins/terms/acceptances").json();
  REQUIRE(acc["acceptances"].Size() == 2);
  CHECK(acc["acceptances"][0]["version"].GetInt() == 2); // newest first
  CHECK(acc["acceptances"][0]["current"].GetBool());
  CHECK_FALSE(acc["acceptances"][1]["current"].GetBool());
  auto page = t.owner.get("/api/v1/plugins/terms/acceptances?limit=1").json();
  REQUIRE(page["next_cursor"].IsString());
  auto next = t.owner.get(std::string("/api/v1/plugins/terms/acceptances?limit=1&cursor=") + page["next_cursor"].GetString()).json();
  CHECK(next["acceptances"][0]["version"].GetInt() == 1);
  CHECK(t.owner.get("/api/v1/plugins/terms/acceptances?limit=0").status == 400);

  // the back office books for a client who is not there to tick anything: not refused
  booking::NewBooking req;
  req.serviceId = t.svc.id;
  req.startAt = t.w.at(t.b, "2030-03-28", 9);
  req.clientId = std::stoll(clientId);
  CHECK_NOTHROW(t.w.bookings.create(t.b, req, {"staff", "1"}));
  // switched off: the booking page no longer insists
  REQUIRE(t.owner.call("PUT", "/api/v1/features/terms/config", R"({"config":{"require_on_booking_page":false}})").status == 200);
  CHECK(t.book("2030-03-29T09:00:00Z", "noah@example.com", "").status == 201);
}

TEST_CASE("terms: a business offering English only publishes it alone and a zh-TW client accepts the English text", "[backend][terms]") {
  TermsWorld t;
  auto v1 = t.owner.post("/api/v1/plugins/terms/versions", R"({"locales":{"en":{"summary":"Plain summary","terms":"Cancel **24 h** before.","privacy":"We keep your name."}}})");
  INFO(v1.body);
  REQUIRE(v1.status == 201);
  auto cur = t.visitor.get("/api/v1/public/demo/plugins/terms/current?locale=zh-TW").json();
  CHECK(std::string(cur["locale"].GetString()) == "en");
  CHECK(std::string(cur["requested_locale"].GetString()) == "zh-TW");
  CHECK(std::string(cur["summary"].GetString()) == "Plain summary");
  // the page posts the language it showed; even a page asking for zh-TW is recorded as English
  auto booked = t.book("2030-03-26T10:00:00Z", "lin@example.com", accepted(1, "zh-TW"), "zh-TW");
  INFO(booked.body);
  REQUIRE(booked.status == 201);
  auto list = t.owner.get("/api/v1/plugins/terms/acceptances").json();
  REQUIRE(list["acceptances"].Size() == 1);
  const auto& e = list["acceptances"][0];
  auto meta = v1.json();
  CHECK(std::string(e["locale"].GetString()) == "en");
  CHECK(std::string(e["sha256"].GetString()) == meta["sha256"]["en"].GetString());
}

TEST_CASE("terms: the client's export shows the evidence, erasure leaves only the anonymous fact", "[backend][terms]") {
  TermsWorld t;
  REQUIRE(t.owner.post("/api/v1/plugins/terms/versions", texts("v1")).status == 201);
  auto booked = t.book("2030-03-26T10:00:00Z", "qz9canary@example.com", accepted(1));
  REQUIRE(booked.status == 201);
  std::string clientId =
      t.owner.get(std::string("/api/v1/bookings/") + booked.json()["booking"]["id"].GetString()).json()["booking"]["client_id"].GetString();
  REQUIRE(t.owner.post("/api/v1/auth/reauth", std::string(R"({"password":")") + kPassword + "\"}").status == 200);

  auto exported = t.owner.get("/api/v1/privacy/clients/" + clientId + "/export");
  REQUIRE(exported.status == 200);
  CHECK_THAT(exported.body, Catch::Contains("booking_page_checkbox") && Catch::Contains(R"("version":1)") && Catch::Contains("127.0.0.1"));

  REQUIRE(t.owner.post("/api/v1/privacy/clients/" + clientId + "/erase", "{}").status == 200);
  auto all = test::everything(t.w.database.db());
  CHECK(all.find("qz9canary") == std::string::npos);
  auto lease = t.w.database.db().acquire();
  CHECK(lease->queryOne("SELECT COUNT(*) FROM plugin_records WHERE plugin_id = 'terms' AND subject_kind = 'client'")->getInt(0) == 0);
  auto anonymous = lease->queryOne("SELECT value_json FROM plugin_records WHERE plugin_id = 'terms' AND collection = 'anonymous'");
  REQUIRE(anonymous);
  auto fact = anonymous->getText(0);
  CHECK_THAT(fact, Catch::Contains(R"("version":1)") && Catch::Contains("accepted_at_us") && !Catch::Contains("127.0.0.1") &&
                       !Catch::Contains("client"));
  CHECK(t.owner.get("/api/v1/plugins/terms/acceptances").json()["acceptances"].Size() == 0);
}

TEST_CASE("terms passes the conformance check, page modules included, and a copy without them fails", "[terms]") {
  test::TestDatabase t;
  auto check = [&t](const std::string& library) {
    auto r = test::runAtrium(t, {"plugin", "check", library});
    return std::make_pair(r.exit, r.out);
  };
  auto [code, report] = check(std::string(ATRIUM_PLUGINS_DIR) + "/terms.so");
  INFO(report);
  CHECK(code == 0);
  CHECK_THAT(report, Catch::Contains("ok    web: 2 page modules found"));
  auto bare = t.directory() / "bare";
  std::filesystem::create_directories(bare);
  std::filesystem::copy_file(std::string(ATRIUM_PLUGINS_DIR) + "/terms.so", bare / "terms.so");
  auto [bareCode, bareReport] = check((bare / "terms.so").string());
  CHECK(bareCode == 1);
  CHECK_THAT(bareReport, Catch::Contains("FAIL  web: page modules missing") && Catch::Contains("editor.js, booking-step.js"));
}
