/// two_factor: TOTP (RFC 6238) as the second factor of the back office, with recovery
/// codes, replay protection and an optional business-wide requirement. State per user:
///   totp/<user id>      subject staff, SECRET: {"secret": AES-GCM box of the key,
///                        "confirmed": bool, "last_step": n, "enrolled_at_us": t,
///                        "enrolled_step": the step whose code confirmed it}
///   recovery/<user id>  subject staff, SECRET: {"hashes": [HMAC(plugin key, code)]}
/// The key box is sealed with the plugin's installation key (host secret_key); the secret
/// leaves the plugin only while enrolling, never after.
#include "Codec.h"
#include "QrSvg.h"
#include "Totp.h"

#include <atrium/sdk/Sdk.hpp>

#include <openssl/hmac.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using atrium::sdk::FilterResult;
using atrium::sdk::Host;
using atrium::sdk::intAt;
using atrium::sdk::JsonArray;
using atrium::sdk::JsonObject;
using atrium::sdk::stringAt;
using atrium::sdk::Subject;

constexpr int kDigits = 6;
constexpr int kRecoveryCodes = 10;

/// A message in the reader's language (the page's for a route, else the payload's locale).
std::string say(const rapidjson::Value& payload, const char* en, const char* zh) {
  return atrium::sdk::readerLocale(payload) == "zh-TW" ? zh : en;
}

struct Enrolment {
  bool exists = false;
  bool confirmed = false;
  std::string secret; ///< the raw key, opened
  std::int64_t lastStep = -1;
  std::int64_t enrolledAt = 0;
  std::int64_t enrolledStep = -1; ///< the step whose code confirmed the enrolment (its owner may type it again at once)
  std::int64_t version = 0; ///< of the stored record: a save only wins if nobody saved since (0: none stored)
};

class TwoFactor : public atrium::sdk::Plugin {
public:
  void init(Host& host) override {
    using atrium::sdk::Audience;
    host.registerRoute({"GET", "status", Audience::Staff});
    host.registerRoute({"POST", "enrol", Audience::Staff});
    host.registerRoute({"POST", "enrol/confirm", Audience::Staff});
    host.registerRoute({"POST", "recovery-codes", Audience::Staff});              // the first set, after enrolment
    host.registerRoute({"POST", "recovery-codes/renew", Audience::Staff, true});  // a new set: privacy mode
    host.registerRoute({"POST", "disable", Audience::Staff, true}); // password + code: privacy mode
  }

  FilterResult onSecondFactor(Host& host, const rapidjson::Value& payload) override {
    std::string user(stringAt(payload, "user.id"));
    auto e = load(host, user);
    rapidjson::Document patch(rapidjson::kObjectType);
    auto& a = patch.GetAllocator();
    rapidjson::Value challenge(rapidjson::kObjectType);
    if (e.confirmed) {
      challenge.AddMember("type", "totp", a);
      challenge.AddMember("prompt", rapidjson::Value(say(payload, "Enter the 6-digit code from your authenticator app, or a recovery code.",
                                                           "請輸入驗證器 App 上的 6 位數代碼，或一組備用代碼。").c_str(), a), a);
    } else if (stringAt(payload, "purpose") == "login" && requiredForAll(host)) {
      // the business requires it: enrol now, as part of this sign-in
      std::string secret = e.exists ? e.secret : newPending(host, user);
      challenge.AddMember("type", "totp_enrolment", a);
      challenge.AddMember("prompt", rapidjson::Value(say(payload, "This business requires two-factor sign-in. Scan the code with your authenticator app, then enter the 6-digit code it shows.",
                                                           "本商家要求兩步驟登入。請用驗證器 App 掃描代碼，再輸入顯示的 6 位數代碼。").c_str(), a), a);
      std::string uri = otpauthUri(payload, secret);
      challenge.AddMember("otpauth_uri", rapidjson::Value(uri.c_str(), a), a);
      challenge.AddMember("secret", rapidjson::Value(two_factor::base32Encode(secret).c_str(), a), a);
      challenge.AddMember("qr_svg", rapidjson::Value(two_factor::qrSvg(uri).c_str(), a), a);
      // once signed in, the back office opens My account: the recovery codes are made there
      rapidjson::Value after(rapidjson::kObjectType);
      after.AddMember("open", "account", a);
      after.AddMember("notice", rapidjson::Value(say(payload, "Two-factor sign-in is on. Now create your recovery codes below: they let you sign in if you lose your phone.",
                                                     "兩步驟登入已開啟。請在下方建立備用代碼：手機遺失時可用來登入。").c_str(), a), a);
      challenge.AddMember("after_sign_in", after, a);
    } else {
      return FilterResult::pass();
    }
    rapidjson::Value fields(rapidjson::kArrayType), code(rapidjson::kObjectType);
    code.AddMember("name", "code", a);
    code.AddMember("label", rapidjson::Value(say(payload, "Code", "代碼").c_str(), a), a);
    code.AddMember("inputmode", "numeric", a);
    code.AddMember("autocomplete", "one-time-code", a);
    code.AddMember("max_length", 11, a);
    fields.PushBack(code, a);
    challenge.AddMember("fields", fields, a);
    patch.AddMember("challenge", challenge, a);
    return FilterResult::patch(patch);
  }

  FilterResult onVerifySecondFactor(Host& host, const rapidjson::Value& payload) override {
    std::string user(stringAt(payload, "user.id"));
    std::string code(stringAt(payload, "response.code"));
    code.erase(std::remove(code.begin(), code.end(), ' '), code.end());
    auto e = load(host, user);
    if (!e.exists) return FilterResult::reject(say(payload, "Two-factor sign-in is not set up.", "尚未設定兩步驟登入。"));
    if (code.size() > kDigits) { // a recovery code
      if (e.confirmed && useRecoveryCode(host, user, code)) return FilterResult::pass();
      return FilterResult::reject(say(payload, "That code is not valid.", "代碼無效。"));
    }
    std::int64_t now = host.nowUs().value() / 1000000;
    std::int64_t step = two_factor::matchStep(e.secret, code, two_factor::totpStep(now), 1, kDigits);
    if (step < 0) return FilterResult::reject(say(payload, "That code is not valid.", "代碼無效。"));
    if (step <= e.lastStep) { // accepted once only, and no earlier step after it
      if (step == e.enrolledStep) // the code that just confirmed the enrolment, typed again by its owner: no alarm
        return FilterResult::reject(say(payload, "That code was just used to set up two-factor sign-in. Wait for the next one.",
                                        "此代碼剛用於設定兩步驟登入，請等待下一組代碼。"));
      host.audit("code_reused", Subject::staff(user), JsonObject{{"step", step}}.str()).orThrow();
      host.notify({Subject::staff(user), "code_reused", "{}", false}); // the staff member is told by email
      return FilterResult::reject(say(payload, "That code was already used. Wait for the next one.", "此代碼已使用過，請等待下一組代碼。"));
    }
    bool enrolling = !e.confirmed;
    e.lastStep = step;
    e.confirmed = true;
    if (enrolling) {
      e.enrolledAt = host.nowUs().value();
      e.enrolledStep = step;
    }
    if (!saveIfUnchanged(host, user, e)) // another sign-in used a code since we read: this one loses
      return FilterResult::reject(say(payload, "That code was already used. Wait for the next one.", "此代碼已使用過，請等待下一組代碼。"));
    if (enrolling) host.audit("enrolled", Subject::staff(user), JsonObject{{"during", "sign-in"}}.str()).orThrow();
    return FilterResult::pass();
  }

  FilterResult onHttpRequest(Host& host, const rapidjson::Value& payload) override {
    std::string route(stringAt(payload, "request.route"));
    std::string user(stringAt(payload, "principal.id"));
    rapidjson::Document out(rapidjson::kObjectType);
    auto& a = out.GetAllocator();
    auto e = load(host, user);
    if (route == "status") {
      out.AddMember("enrolled", e.confirmed, a);
      out.AddMember("pending", e.exists && !e.confirmed, a);
      out.AddMember("required", requiredForAll(host), a);
      out.AddMember("recovery_codes_left", static_cast<int>(recoveryHashes(host, user).size()), a);
      return FilterResult::respond(200, out);
    }
    if (route == "enrol") {
      if (e.confirmed) return error(409, "already enrolled; disable it first to enrol a new device");
      std::string secret = newPending(host, user);
      std::string uri = otpauthUri(payload, secret);
      out.AddMember("otpauth_uri", rapidjson::Value(uri.c_str(), a), a);
      out.AddMember("secret", rapidjson::Value(two_factor::base32Encode(secret).c_str(), a), a);
      out.AddMember("qr_svg", rapidjson::Value(two_factor::qrSvg(uri).c_str(), a), a);
      return FilterResult::respond(201, out);
    }
    if (route == "enrol/confirm") {
      if (!e.exists || e.confirmed) return error(409, "start with POST enrol");
      rapidjson::Document body;
      atrium::sdk::parseJsonInto(body, stringAt(payload, "request.body"));
      std::string code = body.IsObject() && body.HasMember("code") && body["code"].IsString() ? body["code"].GetString() : "";
      std::int64_t step = two_factor::matchStep(e.secret, code, two_factor::totpStep(host.nowUs().value() / 1000000), 1, kDigits);
      if (step < 0) return error(422, "that code is not valid; check the device's clock and try the next code");
      e.confirmed = true;
      e.lastStep = step;
      e.enrolledStep = step;
      e.enrolledAt = host.nowUs().value();
      save(host, user, e);
      host.audit("enrolled", Subject::staff(user), "{}").orThrow();
      return codes(host, user, out);
    }
    if (route == "recovery-codes" || route == "recovery-codes/renew") {
      if (!e.confirmed) return error(409, "enrol first");
      if (route == "recovery-codes" && hasRecordOf(host, "recovery", user))
        return error(409, "you already have recovery codes; POST recovery-codes/renew (privacy mode) replaces them");
      host.audit("recovery_codes_generated", Subject::staff(user), "{}").orThrow();
      return codes(host, user, out);
    }
    if (route == "disable") {
      host.deleteRecord("totp", user);
      host.deleteRecord("recovery", user);
      host.audit("disabled", Subject::staff(user), "{}").orThrow();
      out.AddMember("enrolled", false, a);
      return FilterResult::respond(200, out);
    }
    return error(404, "no such resource");
  }

  FilterResult onPrivacyExport(Host& host, const rapidjson::Value& payload) override {
    if (stringAt(payload, "subject.kind") != "staff") return FilterResult::pass();
    std::string user(stringAt(payload, "subject.id"));
    auto e = load(host, user);
    rapidjson::Document patch(rapidjson::kObjectType);
    auto& a = patch.GetAllocator();
    rapidjson::Value section(rapidjson::kObjectType);
    section.AddMember("enrolled", e.confirmed, a);
    section.AddMember("enrolled_at_us", e.enrolledAt, a);
    section.AddMember("recovery_codes_left", static_cast<int>(recoveryHashes(host, user).size()), a);
    section.AddMember("note", "The TOTP secret is stored encrypted and is never exported.", a);
    patch.AddMember("section", section, a);
    return FilterResult::patch(patch);
  }

private:
  static FilterResult error(int status, const char* message) {
    return FilterResult::error(status, status == 409 ? "conflict" : status == 403 ? "forbidden" : status == 404 ? "not_found" : "invalid", message);
  }

  static std::string key(Host& host) {
    auto k = host.secretKey().value();
    return std::string(k.begin(), k.end());
  }

  static bool requiredForAll(Host& host) {
    auto config = host.config().value();
    return config.HasMember("require_for_all_staff") && config["require_for_all_staff"].IsBool() && config["require_for_all_staff"].GetBool();
  }

  static bool hasRecordOf(Host& host, std::string_view collection, const std::string& user) { return host.getRecord(collection, user).isOk(); }

  static Enrolment load(Host& host, const std::string& user) {
    Enrolment e;
    auto record = host.getRecordVersioned("totp", user);
    if (!record) {
      if (record.status().code() != atrium::sdk::StatusCode::NotFound) record.status().orThrow();
      return e;
    }
    const auto& v = record.value().value;
    e.version = record.value().version;
    auto secret = two_factor::open(key(host), stringAt(v, "secret"));
    if (!secret) throw atrium::sdk::Error(atrium::sdk::Status(atrium::sdk::StatusCode::Internal, "the stored secret does not open"));
    e.exists = true;
    e.secret = *secret;
    e.confirmed = v.HasMember("confirmed") && v["confirmed"].GetBool();
    e.lastStep = intAt(v, "last_step", -1);
    e.enrolledStep = intAt(v, "enrolled_step", -1);
    e.enrolledAt = intAt(v, "enrolled_at_us", 0);
    return e;
  }

  /// The stored value: the secret sealed under the plugin's key, and the state.
  static std::string sealed(Host& host, const Enrolment& e) {
    auto nonce = host.randomBytes(12).value();
    std::string box = two_factor::seal(key(host), e.secret, std::string(nonce.begin(), nonce.end()));
    return JsonObject{{"secret", box},           {"confirmed", e.confirmed},         {"last_step", e.lastStep},
                      {"enrolled_at_us", e.enrolledAt}, {"enrolled_step", e.enrolledStep}}.str();
  }

  static void save(Host& host, const std::string& user, const Enrolment& e) {
    std::string value = sealed(host, e);
    host.putRecord({"totp", user, Subject::staff(user), value, true, 0}).orThrow();
  }

  /// Compare-and-set: false when another request wrote the record since version `expected`
  /// was read (any other failure throws).
  static bool putIfUnchanged(Host& host, const atrium::sdk::Record& record, std::int64_t expected) {
    auto saved = host.putRecordIf(record, expected);
    if (saved) return true;
    if (saved.status().code() != atrium::sdk::StatusCode::Conflict) saved.status().orThrow();
    return false;
  }

  /// False when another request saved the enrolment since `e` was loaded.
  static bool saveIfUnchanged(Host& host, const std::string& user, const Enrolment& e) {
    std::string value = sealed(host, e);
    return putIfUnchanged(host, {"totp", user, Subject::staff(user), value, true, 0}, e.version);
  }

  /// A fresh 160-bit secret, stored unconfirmed until a first valid code.
  static std::string newPending(Host& host, const std::string& user) {
    auto bytes = host.randomBytes(20).value();
    Enrolment e;
    e.exists = true;
    e.secret = std::string(bytes.begin(), bytes.end());
    save(host, user, e);
    return e.secret;
  }

  static std::string otpauthUri(const rapidjson::Value& payload, const std::string& secret) {
    std::string issuer(stringAt(payload, "business.name"));
    std::string account = "user-" + std::string(stringAt(payload, payload.HasMember("principal") ? "principal.id" : "user.id"));
    return "otpauth://totp/" + two_factor::uriEncode(issuer) + ":" + two_factor::uriEncode(account) + "?secret=" +
           two_factor::base32Encode(secret) + "&issuer=" + two_factor::uriEncode(issuer) + "&algorithm=SHA1&digits=6&period=30";
  }

  static std::string codeHash(const std::string& k, const std::string& code) {
    unsigned char mac[32];
    unsigned int len = 0;
    HMAC(EVP_sha256(), k.data(), static_cast<int>(k.size()), reinterpret_cast<const unsigned char*>(code.data()), code.size(), mac, &len);
    return two_factor::base64Encode(std::string(reinterpret_cast<const char*>(mac), len));
  }

  static std::vector<std::string> recoveryHashes(Host& host, const std::string& user, std::int64_t* version = nullptr) {
    std::vector<std::string> out;
    auto record = host.getRecordVersioned("recovery", user);
    if (!record) return out;
    if (version) *version = record.value().version;
    const auto& v = record.value().value;
    if (!v.HasMember("hashes")) return out;
    for (auto& h : v["hashes"].GetArray()) out.emplace_back(h.GetString());
    return out;
  }

  /// `expected`: the version read, for a compare-and-set (-1: replace whatever is there).
  static bool storeHashes(Host& host, const std::string& user, const std::vector<std::string>& hashes, std::int64_t expected = -1) {
    JsonArray list;
    for (const auto& h : hashes) list.add(h);
    std::string value = JsonObject{{"hashes", list}}.str(); // the record views it
    atrium::sdk::Record record{"recovery", user, Subject::staff(user), value, true, 0};
    if (expected < 0) {
      host.putRecord(record).orThrow();
      return true;
    }
    return putIfUnchanged(host, record, expected);
  }

  /// Ten new codes (xxxxx-xxxxx, base32), stored as HMACs; the answer is the only time they are shown.
  static FilterResult codes(Host& host, const std::string& user, rapidjson::Document& out) {
    auto& a = out.GetAllocator();
    std::string k = key(host);
    std::vector<std::string> hashes;
    rapidjson::Value list(rapidjson::kArrayType);
    for (int i = 0; i < kRecoveryCodes; ++i) {
      auto bytes = host.randomBytes(7).value();
      std::string code = two_factor::base32Encode(std::string(bytes.begin(), bytes.end())).substr(0, 10);
      std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      code.insert(5, "-");
      hashes.push_back(codeHash(k, code));
      list.PushBack(rapidjson::Value(code.c_str(), a), a);
    }
    storeHashes(host, user, hashes);
    out.AddMember("recovery_codes", list, a);
    return FilterResult::respond(201, out);
  }

  static bool useRecoveryCode(Host& host, const std::string& user, std::string code) {
    std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (code.size() == 10) code.insert(5, "-");
    std::int64_t version = 0;
    auto hashes = recoveryHashes(host, user, &version);
    std::string h = codeHash(key(host), code);
    auto it = std::find(hashes.begin(), hashes.end(), h);
    if (it == hashes.end()) return false;
    hashes.erase(it); // single use: two sign-ins racing with one code cannot both remove it
    if (!storeHashes(host, user, hashes, version)) return false;
    host.audit("recovery_code_used", Subject::staff(user), JsonObject{{"left", hashes.size()}}.str()).orThrow();
    host.notify({Subject::staff(user), "recovery_code_used", "{}", false});
    return true;
  }
};

} // namespace

ATRIUM_PLUGIN(TwoFactor, ATRIUM_PLUGIN_MANIFEST)
