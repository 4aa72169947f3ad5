// two_factor as a staff member meets it: enrolment with an authenticator app's data, sign-in
// with codes computed by oathtool at the injected clock's time, replay and drift rules,
// lockout, recovery codes, the business-wide requirement, re-authentication and disabling.
#include "ApiWorld.h"
#include "Oathtool.h"

#include <catch2/catch.hpp>

#include <future>
#include <latch>
#include <regex>
#include <vector>

using namespace atrium;
using test::ApiWorld;
using test::kPassword;

namespace {

struct Staffer {
  test::ApiClient client;
  std::string secret; ///< base32, as the authenticator app got it
};

long long now(ApiWorld& w) { return w.clock.nowSeconds(); }

std::string loginBody(const std::string& email) { return R"({"business":"demo","email":")" + email + R"(","password":")" + kPassword + "\"}"; }

/// Signs in with the password and answers the challenge with `code`; returns the final status.
int signIn(ApiWorld& w, test::ApiClient& c, const std::string& email, const std::string& code, std::string* challengeType = nullptr) {
  auto first = c.post("/api/v1/auth/login", loginBody(email));
  if (first.status != 200) return first.status;
  auto d = first.json();
  if (std::string(d["status"].GetString()) == "signed_in") {
    c.csrf = d["csrf_token"].GetString();
    return 200;
  }
  if (challengeType) *challengeType = d["challenge"]["type"].GetString();
  auto second = c.post("/api/v1/auth/login/verify", std::string(R"({"pending":")") + d["pending"].GetString() + R"(","response":{"code":")" + code + "\"}}");
  if (second.status == 200) c.csrf = second.json()["csrf_token"].GetString();
  (void)w;
  return second.status;
}

/// The demo business with two_factor on, its owner signed in, and ana (staff) enrolled with
/// the returned secret (base32).
std::pair<test::ApiClient, std::string> ownerAndEnrolledAna(ApiWorld& w) {
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  w.user(b, "ana@demo.example", auth::Role::Staff);
  auto owner = w.signedIn(b, "owner@demo.example");
  owner.post("/api/v1/features/two_factor/enable", "");
  auto ana = w.signedIn(b, "ana@demo.example");
  std::string secret = ana.post("/api/v1/plugins/two_factor/enrol").json()["secret"].GetString();
  ana.post("/api/v1/plugins/two_factor/enrol/confirm", "{\"code\":\"" + test::oathTotp(secret, now(w)) + "\"}");
  return {owner, secret};
}

} // namespace

TEST_CASE("two_factor: enrol, sign in with oathtool codes, replay and drift", "[backend][two_factor]") {
  ApiWorld w(ATRIUM_PLUGINS_DIR);
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto anaId = w.user(b, "ana@demo.example", auth::Role::Staff);
  auto owner = w.signedIn(b, "owner@demo.example");
  CHECK_THAT(owner.get("/api/v1/me").body, !Catch::Contains(R"("plugin":"two_factor")"));
  REQUIRE(owner.post("/api/v1/features/two_factor/enable", "").status == 200);

  auto ana = w.signedIn(b, "ana@demo.example");
  // staff get the enrolment panel on their own account page
  CHECK_THAT(ana.get("/api/v1/me").body, Catch::Contains(R"("plugin":"two_factor","slot":"account","module":"account.js")"));
  auto enrol = ana.post("/api/v1/plugins/two_factor/enrol");
  REQUIRE(enrol.status == 201);
  auto e = enrol.json();
  std::string uri = e["otpauth_uri"].GetString(), secret = e["secret"].GetString();
  CHECK(std::regex_match(uri, std::regex("otpauth://totp/Business%20demo:user-" + std::to_string(anaId) +
                                         "\\?secret=" + secret + "&issuer=Business%20demo&algorithm=SHA1&digits=6&period=30")));
  CHECK(secret.size() == 32); // 160 bits
  CHECK_THAT(e["qr_svg"].GetString(), Catch::StartsWith("<svg"));
  CHECK(ana.post("/api/v1/plugins/two_factor/enrol/confirm", R"({"code":"000000"})").status == 422);
  auto confirmed = ana.post("/api/v1/plugins/two_factor/enrol/confirm", "{\"code\":\"" + test::oathTotp(secret, now(w)) + "\"}");
  REQUIRE(confirmed.status == 201);
  CHECK(confirmed.json()["recovery_codes"].Size() == 10);
  CHECK(ana.post("/api/v1/plugins/two_factor/recovery-codes").status == 409); // shown once; renewing needs privacy mode
  CHECK_THAT(ana.get("/api/v1/plugins/two_factor/status").body, Catch::Contains(R"("enrolled":true)") && !Catch::Contains(secret));
  { // the secret is stored encrypted
    auto lease = w.database.db().acquire();
    lease->forEach("SELECT value_json FROM plugin_records WHERE plugin_id = 'two_factor'", {},
                   [&](const store::Row& r) { CHECK(r.getText(0).find(secret) == std::string::npos); });
  }

  { // the challenge speaks the sign-in page's language (Accept-Language), else the business's (en here)
    test::ApiClient zh = w.browser();
    zh.headers["Accept-Language"] = "zh-TW";
    auto asked = zh.post("/api/v1/auth/login", loginBody("ana@demo.example")).json();
    REQUIRE(asked.HasMember("challenge"));
    CHECK(std::string(asked["challenge"]["prompt"].GetString()).find("驗證") != std::string::npos);
    CHECK(std::string(asked["challenge"]["fields"][0]["label"].GetString()) == "代碼");
    auto plain = w.browser().post("/api/v1/auth/login", loginBody("ana@demo.example")).json();
    CHECK(std::string(plain["challenge"]["fields"][0]["label"].GetString()) == "Code");
  }
  test::ApiClient c = w.browser();
  std::string type;
  CHECK(signIn(w, c, "ana@demo.example", test::oathTotp(secret, now(w)), &type) == 401); // the confirming code, again: replay
  CHECK(type == "totp");
  { // …but its owner typing it again at once is no alarm: no reuse in the audit trail, no email
    auto lease = w.database.db().acquire();
    CHECK(lease->queryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'two_factor.code_reused'")->getInt(0) == 0);
    CHECK(lease->queryOne("SELECT COUNT(*) FROM outbox WHERE template = 'two_factor.code_reused'")->getInt(0) == 0);
  }
  for (const auto& [lang, words] : {std::pair<std::string, std::string>{"en", "That code was just used to set up two-factor sign-in. Wait for the next one."},
                                    {"zh-TW", "此代碼剛用於設定兩步驟登入，請等待下一組代碼。"}}) {
    // the page is told so in the plugin's words and the reader's language, not the uniform answer
    test::ApiClient reader = w.browser();
    reader.headers["Accept-Language"] = lang;
    auto asked = reader.post("/api/v1/auth/login", loginBody("ana@demo.example")).json();
    REQUIRE(asked.HasMember("pending"));
    auto refused = reader.post("/api/v1/auth/login/verify", std::string(R"({"pending":")") + asked["pending"].GetString() +
                                                                R"(","response":{"code":")" + test::oathTotp(secret, now(w)) + "\"}}");
    CHECK(refused.status == 401);
    auto body = refused.json();
    CHECK(std::string(body["error"]["code"].GetString()) == "rejected");
    CHECK(std::string(body["error"]["message"].GetString()) == words);
  }
  { // a wrong password is still the uniform answer, whatever the reader's language
    auto wrong = w.browser().post("/api/v1/auth/login", R"({"business":"demo","email":"ana@demo.example","password":"not the password"})");
    CHECK(wrong.status == 401);
    CHECK_THAT(wrong.body, Catch::Contains("invalid_credentials"));
  }
  w.clock.advanceSeconds(30);
  std::string code = test::oathTotp(secret, now(w));
  CHECK(signIn(w, c, "ana@demo.example", code) == 200);
  CHECK(c.get("/api/v1/me").status == 200);
  test::ApiClient again = w.browser();
  CHECK(signIn(w, again, "ana@demo.example", code) == 401); // a code is accepted once only
  w.clock.advanceSeconds(120);
  CHECK(signIn(w, again, "ana@demo.example", test::oathTotp(secret, now(w) + 30)) == 200); // +1 step of drift
  w.clock.advanceSeconds(90);
  CHECK(signIn(w, again, "ana@demo.example", test::oathTotp(secret, now(w) - 30)) == 200); // -1 step
  CHECK(signIn(w, again, "ana@demo.example", test::oathTotp(secret, now(w) - 60)) == 401); // an earlier step after a later one
  w.clock.advanceSeconds(300);
  CHECK(signIn(w, again, "ana@demo.example", test::oathTotp(secret, now(w) + 60)) == 401); // +2 steps
  CHECK(signIn(w, again, "ana@demo.example", test::oathTotp(secret, now(w) - 60)) == 401); // -2 steps

  auto trail = owner.get("/api/v1/audit?limit=200").body;
  CHECK_THAT(trail, Catch::Contains("two_factor.enrolled") && Catch::Contains("two_factor.code_reused"));
  // and the staff member is told, through the outbox, from the plugin's own wording
  auto lease = w.database.db().acquire();
  CHECK(lease->queryOne("SELECT COUNT(*) FROM outbox WHERE template = 'two_factor.code_reused' AND user_id = ?", {anaId})->getInt(0) >= 1);
  w.api->notifier().deliverDue(); // no SMTP configured: rendered from the manifest, then waiting
  auto row = lease->queryOne("SELECT subject, state FROM outbox WHERE template = 'two_factor.code_reused' ORDER BY id LIMIT 1");
  CHECK(row->getText(0) == "A sign-in code was used twice");
  CHECK(row->getText(1) == "pending");
}

TEST_CASE("two_factor: wrong codes lock the account like wrong passwords, silently", "[backend][two_factor]") {
  ApiWorld w(ATRIUM_PLUGINS_DIR);
  auto [owner, secret] = ownerAndEnrolledAna(w);
  w.clock.advanceSeconds(30);
  auto c = w.browser();
  for (int i = 0; i < 10; ++i) CHECK(signIn(w, c, "ana@demo.example", "000000") == 401);
  auto locked = c.post("/api/v1/auth/login", loginBody("ana@demo.example")); // the right password, locked now
  CHECK(locked.status == 401);
  CHECK_THAT(locked.body, Catch::Contains("invalid_credentials"));
  w.clock.advanceSeconds(901);
  CHECK(signIn(w, c, "ana@demo.example", test::oathTotp(secret, now(w))) == 200);
}

TEST_CASE("two_factor: one code sent at once to many pending sign-ins opens one session", "[backend][two_factor][security]") {
  ApiWorld w(ATRIUM_PLUGINS_DIR);
  auto [owner, secret] = ownerAndEnrolledAna(w);
  for (int trial = 0; trial < 6; ++trial) {
    w.clock.advanceSeconds(90); // a fresh code each trial
    std::string code = test::oathTotp(secret, now(w));
    constexpr int kPending = 6;
    std::vector<test::ApiClient> clients;
    std::vector<std::string> pending;
    for (int i = 0; i < kPending; ++i) {
      clients.push_back(w.browser());
      clients.back().headers["X-Forwarded-For"] = "198.51.100." + std::to_string(trial * kPending + i + 1);
      auto first = clients.back().post("/api/v1/auth/login", loginBody("ana@demo.example"));
      REQUIRE(first.status == 200);
      pending.push_back(first.json()["pending"].GetString());
    }
    std::vector<std::future<int>> answers;
    for (int i = 0; i < kPending; ++i)
      answers.push_back(std::async(std::launch::async, [&, i] {
        return clients[i].post("/api/v1/auth/login/verify", R"({"pending":")" + pending[i] + R"(","response":{"code":")" + code + "\"}}").status;
      }));
    int opened = 0;
    for (auto& a : answers) opened += a.get() == 200;
    INFO("trial " << trial);
    CHECK(opened == 1);
  }
  // nor does a space or an extra member make a used code new
  w.clock.advanceSeconds(90);
  std::string code = test::oathTotp(secret, now(w));
  auto c1 = w.browser();
  REQUIRE(signIn(w, c1, "ana@demo.example", code) == 200);
  auto c2 = w.browser();
  auto first = c2.post("/api/v1/auth/login", loginBody("ana@demo.example")).json();
  CHECK(c2.post("/api/v1/auth/login/verify", std::string(R"({"pending":")") + first["pending"].GetString() + R"(","response":{"code":")" +
                                                 code.substr(0, 3) + " " + code.substr(3) + R"(","again":true}})").status == 401);
}

TEST_CASE("two_factor: codes cannot be guessed through re-authentication", "[backend][two_factor][security]") {
  ApiWorld w(ATRIUM_PLUGINS_DIR);
  auto [owner, secret] = ownerAndEnrolledAna(w);
  w.clock.advanceSeconds(30);
  // A thief with ana's session and password guesses codes: each round the password again, then a code.
  auto thief = w.browser();
  REQUIRE(signIn(w, thief, "ana@demo.example", test::oathTotp(secret, now(w))) == 200);
  std::string password = std::string(R"({"password":")") + kPassword + "\"}";
  auto reauthWith = [&](const std::string& code) {
    auto first = thief.post("/api/v1/auth/reauth", password);
    if (first.status != 200) return first.status;
    return thief.post("/api/v1/auth/reauth/verify", std::string(R"({"pending":")") + first.json()["pending"].GetString() +
                                                       R"(","response":{"code":")" + code + "\"}}").status;
  };
  for (int i = 0; i < 10; ++i) CHECK(reauthWith("00000" + std::to_string(i % 10)) != 200);
  // the wrong codes counted, as at sign-in (the right password in between cleared nothing): the
  // password step itself is refused until the delay is over
  CHECK(thief.post("/api/v1/auth/reauth", password).status == 401);
  CHECK_THAT(owner.get("/api/v1/audit?limit=200").body, Catch::Contains("auth.reauth_failed"));
  w.clock.advanceSeconds(901);
  CHECK(reauthWith(test::oathTotp(secret, now(w))) == 200);
}

TEST_CASE("two_factor: recovery codes, the business requirement, re-authentication, disabling", "[backend][two_factor]") {
  ApiWorld w(ATRIUM_PLUGINS_DIR);
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  w.user(b, "ana@demo.example", auth::Role::Staff);
  w.user(b, "ben@demo.example", auth::Role::Staff);
  auto owner = w.signedIn(b, "owner@demo.example");
  owner.post("/api/v1/features/two_factor/enable", "");
  auto ana = w.signedIn(b, "ana@demo.example");
  std::string secret = ana.post("/api/v1/plugins/two_factor/enrol").json()["secret"].GetString();
  auto codes = ana.post("/api/v1/plugins/two_factor/enrol/confirm", "{\"code\":\"" + test::oathTotp(secret, now(w)) + "\"}").json();
  std::string recovery = codes["recovery_codes"][0].GetString();

  auto c = w.browser();
  CHECK(signIn(w, c, "ana@demo.example", recovery) == 200);
  CHECK(signIn(w, c, "ana@demo.example", recovery) == 401); // single use
  CHECK_THAT(owner.get("/api/v1/audit?limit=200").body, Catch::Contains("two_factor.recovery_code_used"));

  // re-authentication asks for the code too
  w.clock.advanceSeconds(30);
  auto reauth = c.post("/api/v1/auth/reauth", std::string(R"({"password":")") + kPassword + "\"}");
  REQUIRE(reauth.status == 200);
  auto r = reauth.json();
  CHECK(std::string(r["status"].GetString()) == "second_factor_required");
  CHECK(c.post("/api/v1/plugins/two_factor/disable").status == 403); // not in privacy mode
  auto verified = c.post("/api/v1/auth/reauth/verify", std::string(R"({"pending":")") + r["pending"].GetString() +
                                                            R"(","response":{"code":")" + test::oathTotp(secret, now(w)) + "\"}}");
  CHECK(verified.status == 200);
  CHECK(c.post("/api/v1/plugins/two_factor/disable").status == 200);
  CHECK_THAT(c.get("/api/v1/plugins/two_factor/status").body, Catch::Contains(R"("enrolled":false)"));

  // the owner requires it: ben, who never set it up, enrols as part of his next sign-in
  REQUIRE(owner.call("PUT", "/api/v1/features/two_factor/config", R"({"config":{"require_for_all_staff":true}})").status == 200);
  auto ben = w.browser();
  auto first = ben.post("/api/v1/auth/login", loginBody("ben@demo.example")).json();
  REQUIRE(std::string(first["status"].GetString()) == "second_factor_required");
  CHECK(std::string(first["challenge"]["type"].GetString()) == "totp_enrolment");
  std::string benSecret = first["challenge"]["secret"].GetString();
  CHECK_THAT(first["challenge"]["otpauth_uri"].GetString(), Catch::StartsWith("otpauth://totp/"));
  auto done = ben.post("/api/v1/auth/login/verify", std::string(R"({"pending":")") + first["pending"].GetString() +
                                                        R"(","response":{"code":")" + test::oathTotp(benSecret, now(w)) + "\"}}");
  CHECK(done.status == 200);
  ben.csrf = done.json()["csrf_token"].GetString();
  CHECK_THAT(ben.get("/api/v1/plugins/two_factor/status").body, Catch::Contains(R"("enrolled":true)"));
  CHECK(ben.post("/api/v1/plugins/two_factor/recovery-codes").status == 201); // his first set
}

TEST_CASE("two_factor: one code checked by many threads at the same instant passes once (compare-and-set)", "[backend][two_factor][security]") {
  // Below the kernel's own once-per-account rule (second_factor_uses): the plugin's own state
  // must not let two checks that read it at the same time both accept a code.
  ApiWorld w(ATRIUM_PLUGINS_DIR);
  auto [owner, secret] = ownerAndEnrolledAna(w);
  auto b = *w.businesses.findBySlug("demo");
  auto ana = w.users.findByEmail(b.id, "ana@demo.example");
  REQUIRE(ana);
  plugin_host::BusinessRef ref{b.id, b.featuresVersion, b.name, b.timeZone, b.locale};
  for (int trial = 0; trial < 5; ++trial) {
    w.clock.advanceSeconds(90);
    std::string code = test::oathTotp(secret, now(w));
    constexpr int kThreads = 6;
    std::latch start(kThreads);
    std::vector<std::future<plugin_host::HookOutcome>> outcomes;
    for (int i = 0; i < kThreads; ++i)
      outcomes.push_back(std::async(std::launch::async, [&] {
        start.arrive_and_wait(); // all read the enrolment, then all try to save it
        return w.plugins->dispatcher().callPlugin(ref, "two_factor", plugin_host::HookId::VerifySecondFactor, [&](rapidjson::Document& d) {
          auto& a = d.GetAllocator();
          d.AddMember("purpose", "login", a);
          rapidjson::Value user(rapidjson::kObjectType);
          user.AddMember("kind", "staff", a);
          user.AddMember("id", rapidjson::Value(std::to_string(*ana).c_str(), a), a);
          d.AddMember("user", user, a);
          d.AddMember("challenge", rapidjson::Value(rapidjson::kObjectType), a);
          rapidjson::Value response(rapidjson::kObjectType);
          response.AddMember("code", rapidjson::Value(code.c_str(), a), a);
          d.AddMember("response", response, a);
          d.AddMember("attempt", 1, a);
        });
      }));
    int passed = 0, refused = 0;
    for (auto& o : outcomes) {
      auto outcome = o.get();
      passed += outcome.kind == plugin_host::HookOutcome::Kind::Passed;
      refused += outcome.kind == plugin_host::HookOutcome::Kind::Rejected;
    }
    INFO("trial " << trial);
    CHECK(passed == 1);
    CHECK(refused == kThreads - 1);
  }
}
