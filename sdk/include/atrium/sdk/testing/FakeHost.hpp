/// FakeHost: an in-memory host for a plugin's unit tests, no kernel needed.
///
/// It hands the plugin a real atrium_host_api (struct_size = sizeof, every function
/// set) and a context for a chosen business, so the plugin's code runs unchanged
/// through atrium::sdk::Host. Compile the plugin's sources into the test executable
/// (atrium_add_plugin_test() in the SDK's CMake package does it) and drive it:
///
///   #include <atrium/sdk/testing/FakeHost.hpp>
///   atrium::sdk::testing::FakeHost fake;
///   fake.setConfig(R"({"max_future": 2})");
///   fake.onDomain("client.bookings@1", [](const std::string& params) {
///     return std::make_pair(ATRIUM_OK, std::string(R"({"bookings":[],"total":2,"next_cursor":null})"));
///   });
///   fake.init(atrium_plugin_entry_v1()).orThrow();
///   auto out = fake.call("booking.validate@1", R"({"booking": {"client_id": "7"}})");
///   // out.status == StatusCode::Rejected, out.message, out.patch
///   fake.records("refusals");  fake.audits();  fake.jobs();  fake.domainCalls();
///
/// What it does like the kernel (docs/sdk.md, atrium/abi/host.h):
///  - capabilities from the manifest (the descriptor's, or setManifest()):
///    PERMISSION_DENIED for a host function or domain call not declared; functions
///    that need a business answer INVALID_ARGUMENT from init and shutdown; routes are
///    registered during init only; init refuses a hook the manifest does not list;
///  - records per business: put/get/delete/list (prefix, subject, pages of `limit`,
///    default 100, cap 1000, cursor), expiry against the fake clock, versions (1 at
///    the first write, +1 per write), put_if with CONFLICT, counter_add; the kernel's
///    argument checks (collection, key, JSON value of at most 64 KiB, subject ids of
///    digits);
///  - config_get: the config set for the business with the manifest's config_schema
///    defaults filled in (not validated against the schema);
///  - audit (action prefixed with the plugin id), notify, job_schedule / job_cancel,
///    route_register: recorded for inspection, checked like the kernel does;
///  - domain_call: answered by handlers you register with onDomain(); an id without a
///    handler answers UNIMPLEMENTED; every call is recorded;
///  - last_error: the reason of the last host call of the callback when it failed;
///  - random_bytes: deterministic (a seeded PRNG, NOT cryptographic: tests only);
///  - secret_key: 32 fixed bytes, or setSecretKey();
///  - call(): fills "hook", and "business", "locale" and "now_us" when the payload has
///    none, walks the descriptor's hook table with its stride, and turns a filter
///    patch that is not a JSON object into INTERNAL ("malformed result").
/// It does not check that client or staff ids exist, nor validate configs against
/// config_schema; `atrium plugin check` and the kernel tests do. Single-threaded.
///
/// Header-only; needs the SDK headers and RapidJSON, nothing of the kernel.
#ifndef ATRIUM_SDK_TESTING_FAKE_HOST_HPP
#define ATRIUM_SDK_TESTING_FAKE_HOST_HPP

#include "atrium/abi/atrium.h"
#include "atrium/sdk/Abi.hpp"
#include "atrium/sdk/Json.hpp"
#include "atrium/sdk/JsonBuilder.hpp"
#include "atrium/sdk/Status.hpp"
#include "atrium/sdk/Types.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atrium::sdk::testing {

/// What a hook call answered.
struct HookOutcome {
  StatusCode status = StatusCode::Ok;
  /// The filter's patch (JSON text); empty = none.
  std::string patch;
  /// With Rejected: the user-facing message; otherwise a diagnostic.
  std::string message;

  bool ok() const noexcept { return status == StatusCode::Ok; }
  bool rejected() const noexcept { return status == StatusCode::Rejected; }
  /// The patch parsed; an empty object when there is none.
  rapidjson::Document patchJson() const {
    if (patch.empty()) {
      rapidjson::Document empty(rapidjson::kObjectType);
      return empty;
    }
    return parseJson(patch).value();
  }
  /// For http.request@1: the HTTP status the kernel would answer (response.status of
  /// the patch; REJECTED 422, INVALID_ARGUMENT 400, NOT_FOUND 404, PERMISSION_DENIED
  /// 403, any other fault 500; OK without a response 404).
  int httpStatus() const {
    switch (status) {
    case StatusCode::Ok: {
      const rapidjson::Document p = patchJson();
      return static_cast<int>(intAt(p, "response.status", 404));
    }
    case StatusCode::Rejected: return 422;
    case StatusCode::InvalidArgument: return 400;
    case StatusCode::NotFound: return 404;
    case StatusCode::PermissionDenied: return 403;
    default: return 500;
    }
  }
  /// For http.request@1: response.json of the patch (null when none).
  rapidjson::Document responseJson() const {
    rapidjson::Document out;
    const rapidjson::Document p = patchJson();
    if (const rapidjson::Value* json = findPath(p, "response.json")) {
      out.CopyFrom(*json, out.GetAllocator());
    }
    return out;
  }
};

/// An http.request@1 call made with FakeHost::request().
struct FakeRequest {
  std::string body;
  std::map<std::string, std::string> query;
  /// Lower-case names.
  std::map<std::string, std::string> headers;
  /// The principal JSON; empty = by the route's audience: none for PUBLIC, a client
  /// "1" for CLIENT, a staff owner "1" for STAFF.
  std::string principalJson;
  std::string ip = "127.0.0.1";
};

class FakeHost {
public:
  /// Answers one domain call: its status and, with ATRIUM_OK, the result JSON
  /// (otherwise a reason, which the plugin reads through last_error).
  using DomainHandler =
      std::function<std::pair<atrium_status, std::string>(const std::string& paramsJson)>;

  struct StoredRecord {
    std::string collection;
    std::string key;
    Subject subject;
    std::string valueJson;
    bool secret = false;
    std::int64_t expiresAtUs = 0;
    std::int64_t updatedAtUs = 0;
    std::int64_t version = 0;
  };
  struct AuditEntry {
    std::string businessId; // empty: from init/shutdown
    std::string action;     // prefixed with the plugin id, as the kernel stores it
    Subject subject;
    std::string detailsJson;
  };
  struct SentNotification {
    std::string businessId;
    Subject recipient;
    std::string templateKey;
    std::string dataJson;
    bool promotional = false;
  };
  struct ScheduledJob {
    std::string businessId;
    std::string name;
    std::int64_t runAtUs = 0;
    std::int64_t intervalUs = 0;
    std::string payloadJson;
  };
  struct RegisteredRoute {
    std::string method;
    std::string path;
    Audience audience = Audience::Staff;
    bool requiresReauth = false;
  };
  struct DomainCallMade {
    std::string businessId;
    std::string callId;
    std::string paramsJson;
    StatusCode status = StatusCode::Ok;
  };
  struct LogLine {
    LogLevel level = LogLevel::Info;
    std::string message;
  };

  /// 2026-01-01T00:00:00Z, the fake clock's start.
  static constexpr std::int64_t kDefaultNowUs = 1767225600LL * 1000 * 1000;

  FakeHost() {
    api_.struct_size = sizeof(atrium_host_api);
    api_.log = &hostLog;
    api_.config_get = &hostConfigGet;
    api_.record_put = &hostRecordPut;
    api_.record_get = &hostRecordGet;
    api_.record_delete = &hostRecordDelete;
    api_.record_list = &hostRecordList;
    api_.audit = &hostAudit;
    api_.notify = &hostNotify;
    api_.job_schedule = &hostJobSchedule;
    api_.job_cancel = &hostJobCancel;
    api_.route_register = &hostRouteRegister;
    api_.domain_call = &hostDomainCall;
    api_.random_bytes = &hostRandomBytes;
    api_.clock_now = &hostClockNow;
    api_.secret_key = &hostSecretKey;
    api_.last_error = &hostLastError;
    api_.record_get_versioned = &hostRecordGetVersioned;
    api_.record_put_if = &hostRecordPutIf;
    api_.counter_add = &hostCounterAdd;
    for (std::size_t i = 0; i < secretKey_.size(); ++i) {
      secretKey_[i] = static_cast<std::uint8_t>(0xa0 + i);
    }
    business("1");
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;
  ~FakeHost() { shutdown(); }

  // ---- the world the plugin sees -------------------------------------------------

  /// Makes `id` (digits, like the kernel's ids) the business of the next calls.
  FakeHost& business(std::string id, std::string name = "Test business",
                     std::string timezone = "Europe/London") {
    businessId_ = std::move(id);
    businessName_ = std::move(name);
    timezone_ = std::move(timezone);
    return *this;
  }
  const std::string& businessId() const noexcept { return businessId_; }
  /// The payload "locale" of the next calls when the payload has none ("en").
  FakeHost& locale(std::string locale) {
    locale_ = std::move(locale);
    return *this;
  }
  FakeHost& setNow(std::int64_t nowUs) noexcept {
    nowUs_ = nowUs;
    return *this;
  }
  FakeHost& advance(std::int64_t us) noexcept {
    nowUs_ += us;
    return *this;
  }
  std::int64_t now() const noexcept { return nowUs_; }
  /// The current business's config (a JSON object); the manifest's config_schema
  /// defaults fill what it leaves out.
  FakeHost& setConfig(std::string json) {
    parseObject(json, "setConfig");
    configs_[businessId_] = std::move(json);
    return *this;
  }
  /// Capabilities, plugin id, ui strings and config defaults from this manifest
  /// instead of the descriptor's.
  FakeHost& setManifest(std::string json) {
    parseObject(json, "setManifest");
    manifestOverride_ = std::move(json);
    loadManifest(manifestOverride_);
    return *this;
  }
  /// false: every host function and domain call is allowed whatever the manifest says.
  FakeHost& enforceCapabilities(bool enforce) noexcept {
    enforce_ = enforce;
    return *this;
  }
  FakeHost& onDomain(std::string callId, DomainHandler handler) {
    domain_[std::move(callId)] = std::move(handler);
    return *this;
  }
  FakeHost& setSecretKey(const std::vector<std::uint8_t>& key) {
    if (key.size() != secretKey_.size()) {
      throw std::invalid_argument("FakeHost::setSecretKey: the key has 32 bytes");
    }
    std::copy(key.begin(), key.end(), secretKey_.begin());
    return *this;
  }
  FakeHost& seedRandom(std::uint64_t seed) {
    random_.seed(seed);
    return *this;
  }
  /// Stores a record in the current business as if the plugin had (no checks).
  FakeHost& putRecord(StoredRecord record) {
    auto& stored = records_[businessId_][{record.collection, record.key}];
    const std::int64_t version = stored.version;
    stored = std::move(record);
    stored.version = version + 1;
    stored.updatedAtUs = nowUs_;
    return *this;
  }

  // ---- driving the plugin --------------------------------------------------------

  /// Checks the descriptor as the loader does (ABI version, manifest, hook table
  /// against capabilities.hooks), then runs on_init (no business in the context).
  Status init(const atrium_plugin_descriptor* descriptor) {
    if (descriptor_ != nullptr) {
      return Status(StatusCode::InvalidArgument, "FakeHost: already initialised");
    }
    if (descriptor == nullptr ||
        descriptor->struct_size < sizeof(atrium_plugin_descriptor)) {
      return Status(StatusCode::InvalidArgument, "FakeHost: no descriptor, or one too small");
    }
    if (descriptor->abi_major != ATRIUM_ABI_MAJOR || descriptor->abi_minor > ATRIUM_ABI_MINOR) {
      return Status(StatusCode::InvalidArgument,
                    "built for ABI " + std::to_string(descriptor->abi_major) + "." +
                        std::to_string(descriptor->abi_minor) + ", this SDK speaks " +
                        ATRIUM_ABI_VERSION_STRING);
    }
    if (manifestOverride_.empty()) {
      const std::string text(fromAbi(descriptor->manifest_json));
      Result<rapidjson::Document> parsed = parseJson(text);
      if (!parsed.isOk() || !parsed.value().IsObject()) {
        return Status(StatusCode::InvalidArgument, "manifest: not a JSON object");
      }
      loadManifest(text);
    }
    for (std::size_t i = 0; i < descriptor->hook_count; ++i) {
      const atrium_hook& hook = hookAt(descriptor, i);
      const std::string id(fromAbi(hook.id));
      if (hasManifest_ && !listed("hooks", id)) {
        return Status(StatusCode::InvalidArgument,
                      "hook " + id + " is not listed in capabilities.hooks");
      }
    }
    Context ctx{this, false, true, {}};
    atrium_buffer message{};
    void* instance = nullptr;
    const atrium_status status =
        descriptor->on_init(&api_, toCtx(ctx), &instance, &message);
    lastError_ = ctx.lastError;
    const std::string text = takeBuffer(message);
    if (status != ATRIUM_OK) {
      return Status(toStatusCode(status), text.empty() ? "on_init failed" : text);
    }
    descriptor_ = descriptor;
    instance_ = instance;
    return Status();
  }

  /// Runs on_shutdown (also done by the destructor).
  void shutdown() {
    if (descriptor_ == nullptr) {
      return;
    }
    Context ctx{this, false, false, {}};
    if (descriptor_->on_shutdown != nullptr) {
      descriptor_->on_shutdown(instance_, toCtx(ctx));
    }
    descriptor_ = nullptr;
    instance_ = nullptr;
  }

  /// Calls hook `hookId` with `payloadJson` (an object) for the current business,
  /// adding "hook" and, when absent, "business", "locale" and "now_us".
  /// Unimplemented when the plugin does not handle the hook.
  HookOutcome call(std::string_view hookId, std::string_view payloadJson = "{}") {
    if (descriptor_ == nullptr) {
      throw std::logic_error("FakeHost::call before a successful init");
    }
    const atrium_hook* hook = nullptr;
    for (std::size_t i = 0; i < descriptor_->hook_count; ++i) {
      if (fromAbi(hookAt(descriptor_, i).id) == hookId) {
        hook = &hookAt(descriptor_, i);
      }
    }
    if (hook == nullptr) {
      return HookOutcome{StatusCode::Unimplemented, {},
                         "the plugin does not handle " + std::string(hookId)};
    }
    rapidjson::Document payload = parseObject(payloadJson, "FakeHost::call payload");
    auto& a = payload.GetAllocator();
    setMember(payload, "hook", rapidjson::Value(hookId.data(), static_cast<rapidjson::SizeType>(hookId.size()), a));
    if (!payload.HasMember("business")) {
      rapidjson::Value business(rapidjson::kObjectType);
      business.AddMember("id", rapidjson::Value(businessId_.c_str(), a), a);
      business.AddMember("name", rapidjson::Value(businessName_.c_str(), a), a);
      business.AddMember("timezone", rapidjson::Value(timezone_.c_str(), a), a);
      setMember(payload, "business", std::move(business));
    }
    if (!payload.HasMember("locale")) {
      setMember(payload, "locale", rapidjson::Value(locale_.c_str(), a));
    }
    if (!payload.HasMember("now_us")) {
      setMember(payload, "now_us", rapidjson::Value(static_cast<std::int64_t>(nowUs_)));
    }
    const std::string text = toJson(payload);
    Context ctx{this, true, false, {}};
    atrium_hook_result result{};
    result.struct_size = sizeof result;
    const atrium_status status =
        hook->on_hook(instance_, toCtx(ctx), toAbi(text), &result);
    lastError_ = ctx.lastError;
    HookOutcome outcome;
    outcome.status = toStatusCode(status);
    outcome.patch = takeBuffer(result.patch);
    outcome.message = takeBuffer(result.message);
    if (hook->kind == ATRIUM_HOOK_FILTER && outcome.ok() && !outcome.patch.empty()) {
      Result<rapidjson::Document> patch = parseJson(outcome.patch);
      if (!patch.isOk() || !patch.value().IsObject()) {
        outcome.status = StatusCode::Internal;
        outcome.message = "malformed result: the patch is not a JSON object";
      }
    }
    return outcome;
  }

  /// Calls the route the plugin registered for `method` and `path` (relative, e.g.
  /// "stats" or "notes/7") through http.request@1, as the kernel would. A path no
  /// route matches answers NotFound without calling the plugin.
  HookOutcome request(std::string_view method, std::string_view path,
                      const FakeRequest& request = {}) {
    for (const RegisteredRoute& route : routes_) {
      std::map<std::string, std::string> params;
      if (route.method != method || !matches(route.path, path, params)) {
        continue;
      }
      JsonObject params_;
      for (const auto& [name, value] : params) params_.add(name, value);
      JsonObject query;
      for (const auto& [name, value] : request.query) query.add(name, value);
      JsonObject headers;
      for (const auto& [name, value] : request.headers) headers.add(name, value);
      std::string principal = request.principalJson;
      if (principal.empty()) {
        principal = route.audience == Audience::Public
                        ? R"({"kind":"none","id":null,"roles":[],"label":null})"
                    : route.audience == Audience::Client
                        ? R"({"kind":"client","id":"1","roles":[],"label":null})"
                        : R"({"kind":"staff","id":"1","roles":["owner"],"label":"owner"})";
      }
      const std::string payload =
          JsonObject{{"request", JsonObject{{"method", method},
                                            {"route", route.path},
                                            {"path", path},
                                            {"params", params_},
                                            {"query", query},
                                            {"headers", headers},
                                            {"body", request.body},
                                            {"ip", request.ip}}},
                     {"principal", Json::raw(principal)},
                     {"response", JsonObject{{"status", 404}}}}
              .str();
      return call(ATRIUM_HOOK_HTTP_REQUEST_V1, payload);
    }
    return HookOutcome{StatusCode::NotFound, {},
                       "no route " + std::string(method) + " " + std::string(path)};
  }

  /// Runs the current business's job `name` through job.run@1 (attempt 1). After an OK
  /// run a one-off job is gone and a periodic one moves on by its interval.
  HookOutcome runJob(std::string_view name) {
    auto& jobs = jobs_[businessId_];
    auto found = jobs.find(std::string(name));
    if (found == jobs.end()) {
      throw std::logic_error("FakeHost::runJob: no job " + std::string(name));
    }
    const ScheduledJob job = found->second;
    HookOutcome outcome = call(
        ATRIUM_HOOK_JOB_RUN_V1,
        JsonObject{{"job", JsonObject{{"name", job.name},
                                      {"payload", Json::raw(job.payloadJson)},
                                      {"scheduled_for_us", job.runAtUs},
                                      {"attempt", 1}}}}
            .str());
    auto again = jobs.find(job.name);
    if (outcome.ok() && again != jobs.end() && again->second.runAtUs == job.runAtUs) {
      if (job.intervalUs == 0) {
        jobs.erase(again);
      } else {
        again->second.runAtUs += job.intervalUs;
      }
    }
    return outcome;
  }

  // ---- what the plugin did -------------------------------------------------------

  /// A live (unexpired) record of the current business.
  std::optional<StoredRecord> record(std::string_view collection, std::string_view key) {
    const StoredRecord* found = live(businessId_, collection, key);
    if (found == nullptr) {
      return std::nullopt;
    }
    return *found;
  }
  /// The live records of the current business, in (collection, key) order;
  /// `collection` empty = all.
  std::vector<StoredRecord> records(std::string_view collection = {}) {
    sweep();
    std::vector<StoredRecord> out;
    for (const auto& [id, record] : records_[businessId_]) {
      if (collection.empty() || record.collection == collection) {
        out.push_back(record);
      }
    }
    return out;
  }
  /// Deletes every record of the current business naming `subject`, as the kernel
  /// does after an erasure.
  void eraseSubject(const Subject& subject) {
    auto& records = records_[businessId_];
    for (auto it = records.begin(); it != records.end();) {
      if (it->second.subject.kind == subject.kind && it->second.subject.id == subject.id) {
        it = records.erase(it);
      } else {
        ++it;
      }
    }
  }
  const std::vector<AuditEntry>& audits() const noexcept { return audits_; }
  const std::vector<SentNotification>& notifications() const noexcept { return notifications_; }
  /// The current business's scheduled jobs by name.
  const std::map<std::string, ScheduledJob>& jobs() { return jobs_[businessId_]; }
  const std::vector<RegisteredRoute>& routes() const noexcept { return routes_; }
  const std::vector<DomainCallMade>& domainCalls() const noexcept { return domainCalls_; }
  const std::vector<LogLine>& logs() const noexcept { return logs_; }
  /// last_error at the end of the last callback (empty when its last host call was OK).
  const std::string& lastError() const noexcept { return lastError_; }
  /// The table and a business context, to call Host directly from a test.
  const atrium_host_api& api() const noexcept { return api_; }

private:
  struct Context {
    FakeHost* host;
    bool business;
    bool initPhase;
    std::string lastError;
  };
  using RecordId = std::pair<std::string, std::string>;

  static atrium_host_ctx* toCtx(Context& ctx) noexcept {
    return reinterpret_cast<atrium_host_ctx*>(&ctx);
  }
  static Context* fromCtx(atrium_host_ctx* ctx) noexcept {
    return reinterpret_cast<Context*>(ctx);
  }

  static const atrium_hook& hookAt(const atrium_plugin_descriptor* d, std::size_t i) noexcept {
    const std::size_t stride = d->hooks[0].struct_size;
    return *reinterpret_cast<const atrium_hook*>(reinterpret_cast<const char*>(d->hooks) +
                                                 i * stride);
  }

  static rapidjson::Document parseObject(std::string_view text, const char* what) {
    Result<rapidjson::Document> parsed = parseJson(text);
    if (!parsed.isOk() || !parsed.value().IsObject()) {
      throw std::invalid_argument(std::string(what) + ": not a JSON object");
    }
    return std::move(parsed.value());
  }

  static void setMember(rapidjson::Document& doc, const char* name, rapidjson::Value value) {
    auto& a = doc.GetAllocator();
    if (auto it = doc.FindMember(name); it != doc.MemberEnd()) {
      it->value = std::move(value);
    } else {
      doc.AddMember(rapidjson::Value(name, a), std::move(value), a);
    }
  }

  static bool matches(std::string_view pattern, std::string_view path,
                      std::map<std::string, std::string>& params) {
    auto split = [](std::string_view text) {
      std::vector<std::string_view> parts;
      std::size_t start = 0;
      for (;;) {
        const std::size_t slash = text.find('/', start);
        parts.push_back(text.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) return parts;
        start = slash + 1;
      }
    };
    const auto want = split(pattern);
    const auto have = split(path);
    if (want.size() != have.size()) {
      return false;
    }
    for (std::size_t i = 0; i < want.size(); ++i) {
      if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
        if (have[i].empty()) return false;
        params[std::string(want[i].substr(1, want[i].size() - 2))] = std::string(have[i]);
      } else if (want[i] != have[i]) {
        return false;
      }
    }
    return true;
  }

  void loadManifest(std::string_view text) {
    Result<rapidjson::Document> parsed = parseJson(text);
    manifest_.SetObject();
    hasManifest_ = parsed.isOk() && parsed.value().IsObject();
    if (hasManifest_) {
      manifest_.CopyFrom(parsed.value(), manifest_.GetAllocator());
      pluginId_ = std::string(stringAt(manifest_, "id", "plugin"));
    }
  }

  bool listed(std::string_view list, std::string_view item) const {
    const rapidjson::Value* caps = findMember(manifest_, "capabilities");
    const rapidjson::Value* values = caps == nullptr ? nullptr : findMember(*caps, list);
    if (values == nullptr || !values->IsArray()) {
      return false;
    }
    for (const auto& v : values->GetArray()) {
      if (v.IsString() && std::string_view(v.GetString(), v.GetStringLength()) == item) {
        return true;
      }
    }
    return false;
  }

  bool allowsHost(std::string_view capability) const {
    return !enforce_ || !hasManifest_ || listed("host", capability);
  }

  /// The kernel's refusal: keeps the reason for last_error.
  static atrium_status refuse(Context& ctx, std::string_view function, atrium_status status,
                              std::string_view reason) {
    ctx.lastError = std::string(function) + ": " + std::string(reason);
    return status;
  }

  /// The common checks of every function: a context, the capability, a business.
  static Context* admit(atrium_host_ctx* raw, std::string_view function,
                        std::string_view capability, bool needsBusiness,
                        atrium_status& status) {
    Context* ctx = fromCtx(raw);
    if (ctx == nullptr || ctx->host == nullptr) {
      status = ATRIUM_INVALID_ARGUMENT;
      return nullptr;
    }
    ctx->lastError.clear();
    if (!capability.empty() && !ctx->host->allowsHost(capability)) {
      status = refuse(*ctx, function, ATRIUM_PERMISSION_DENIED,
                      "capability not declared in the manifest");
      return nullptr;
    }
    if (needsBusiness && !ctx->business) {
      status = refuse(*ctx, function, ATRIUM_INVALID_ARGUMENT,
                      "no business in this context (on_init/on_shutdown)");
      return nullptr;
    }
    status = ATRIUM_OK;
    return ctx;
  }

  template <typename Body>
  static atrium_status guarded(Context& ctx, std::string_view function, Body&& body) noexcept {
    try {
      return body();
    } catch (const std::exception& e) {
      return refuse(ctx, function, ATRIUM_INTERNAL, e.what());
    } catch (...) {
      return refuse(ctx, function, ATRIUM_INTERNAL, "unknown exception");
    }
  }

  static void clear(atrium_buffer* out) noexcept {
    if (out != nullptr) *out = atrium_buffer{nullptr, 0, nullptr, nullptr};
  }

  static bool validJson(std::string_view text) { return parseJson(text).isOk(); }

  static bool validName(std::string_view text, std::size_t max, std::string_view extra) {
    if (text.empty() || text.size() > max) return false;
    for (char c : text) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      extra.find(c) != std::string_view::npos;
      if (!ok) return false;
    }
    return true;
  }

  static std::optional<Subject> subjectFrom(const atrium_subject& s) {
    switch (s.kind) {
    case ATRIUM_SUBJECT_NONE: return Subject::none();
    case ATRIUM_SUBJECT_CLIENT:
    case ATRIUM_SUBJECT_STAFF: {
      const std::string id(fromAbi(s.id));
      if (id.empty() || id.size() > 64 || id.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
      }
      return s.kind == ATRIUM_SUBJECT_CLIENT ? Subject::client(id) : Subject::staff(id);
    }
    default: return std::nullopt;
    }
  }

  static const char* kindName(SubjectKind kind) noexcept {
    return kind == SubjectKind::Client ? "client" : kind == SubjectKind::Staff ? "staff" : "none";
  }

  bool expired(const StoredRecord& r) const noexcept {
    return r.expiresAtUs > 0 && r.expiresAtUs <= nowUs_;
  }

  void sweep() {
    for (auto& [business, records] : records_) {
      for (auto it = records.begin(); it != records.end();) {
        it = expired(it->second) ? records.erase(it) : std::next(it);
      }
    }
  }

  StoredRecord* live(const std::string& business, std::string_view collection, std::string_view key) {
    sweep();
    auto& records = records_[business];
    auto it = records.find(RecordId(collection, key));
    return it == records.end() ? nullptr : &it->second;
  }

  /// Checks a record the plugin hands over, as the kernel does.
  static atrium_status readRecord(Context& ctx, std::string_view function,
                                  const atrium_record* record, bool withValue,
                                  StoredRecord& out) {
    if (record == nullptr || !ATRIUM_HAS_FIELD(record, atrium_record, expires_at_us)) {
      return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "the record is missing or older than ABI 1.0");
    }
    out.collection = std::string(fromAbi(record->collection));
    out.key = std::string(fromAbi(record->key));
    if (withValue) out.valueJson = std::string(fromAbi(record->value_json));
    out.secret = (record->flags & ATRIUM_RECORD_SECRET) != 0;
    out.expiresAtUs = record->expires_at_us;
    if (!validName(out.collection, 64, "_.-")) {
      return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "collection must match [a-z0-9_.-]{1,64}");
    }
    if (out.key.empty() || out.key.size() > 256) {
      return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "key must have 1 to 256 bytes");
    }
    if (out.valueJson.size() > 64 * 1024) {
      return refuse(ctx, function, ATRIUM_RESOURCE_EXHAUSTED, "value larger than 64 KiB");
    }
    if (withValue && !validJson(out.valueJson)) {
      return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "value is not JSON");
    }
    std::optional<Subject> subject = subjectFrom(record->subject);
    if (!subject) {
      return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT,
                    "subject must be none, or client/staff with a numeric id");
    }
    out.subject = *subject;
    return ATRIUM_OK;
  }

  /// Writes `r` if the live record's version is `expected` (nullopt: always).
  std::optional<std::int64_t> write(StoredRecord r, std::optional<std::int64_t> expected) {
    StoredRecord* current = live(businessId_, r.collection, r.key);
    const std::int64_t version = current == nullptr ? 0 : current->version;
    if (expected && *expected != version) {
      return std::nullopt;
    }
    r.version = version + 1;
    r.updatedAtUs = nowUs_;
    records_[businessId_][{r.collection, r.key}] = r;
    return r.version;
  }

  // ---- the host functions --------------------------------------------------------

  static atrium_status hostLog(atrium_host_ctx* raw, atrium_log_level level, atrium_str message) {
    atrium_status status;
    Context* ctx = admit(raw, "log", "", false, status);
    if (ctx == nullptr) return status;
    return guarded(*ctx, "log", [&]() -> atrium_status {
      ctx->host->logs_.push_back(LogLine{static_cast<LogLevel>(level), std::string(fromAbi(message))});
      return ATRIUM_OK;
    });
  }

  static atrium_status hostConfigGet(atrium_host_ctx* raw, atrium_buffer* out) {
    clear(out);
    atrium_status status;
    Context* ctx = admit(raw, "config_get", "", true, status);
    if (ctx == nullptr) return status;
    if (out == nullptr) return ATRIUM_INVALID_ARGUMENT;
    return guarded(*ctx, "config_get", [&]() -> atrium_status {
      FakeHost& self = *ctx->host;
      auto given = self.configs_.find(self.businessId_);
      rapidjson::Document config =
          parseObject(given == self.configs_.end() ? "{}" : given->second, "config");
      auto& a = config.GetAllocator();
      const rapidjson::Value* properties = findPath(self.manifest_, "config_schema.properties");
      if (properties != nullptr && properties->IsObject()) {
        for (const auto& property : properties->GetObject()) {
          const rapidjson::Value* fallback = findMember(property.value, "default");
          if (fallback != nullptr && !config.HasMember(property.name)) {
            config.AddMember(rapidjson::Value(property.name, a), rapidjson::Value(*fallback, a), a);
          }
        }
      }
      *out = makeBuffer(toJson(config));
      return ATRIUM_OK;
    });
  }

  static atrium_status hostRecordPut(atrium_host_ctx* raw, const atrium_record* record) {
    atrium_status status;
    Context* ctx = admit(raw, "record_put", "records", true, status);
    if (ctx == nullptr) return status;
    return guarded(*ctx, "record_put", [&]() -> atrium_status {
      StoredRecord r;
      if (atrium_status s = readRecord(*ctx, "record_put", record, true, r); s != ATRIUM_OK) return s;
      ctx->host->write(std::move(r), std::nullopt);
      return ATRIUM_OK;
    });
  }

  static atrium_status hostRecordGet(atrium_host_ctx* raw, atrium_str collection, atrium_str key,
                                     atrium_buffer* out) {
    clear(out);
    atrium_status status;
    Context* ctx = admit(raw, "record_get", "records", true, status);
    if (ctx == nullptr) return status;
    if (out == nullptr) return ATRIUM_INVALID_ARGUMENT;
    return guarded(*ctx, "record_get", [&]() -> atrium_status {
      const StoredRecord* r = ctx->host->live(ctx->host->businessId_, fromAbi(collection), fromAbi(key));
      if (r == nullptr) {
        ctx->lastError = "record_get: no such record";
        return ATRIUM_NOT_FOUND;
      }
      *out = makeBuffer(r->valueJson);
      return ATRIUM_OK;
    });
  }

  static atrium_status hostRecordGetVersioned(atrium_host_ctx* raw, atrium_str collection,
                                              atrium_str key, atrium_buffer* out,
                                              std::int64_t* outVersion) {
    clear(out);
    atrium_status status;
    Context* ctx = admit(raw, "record_get_versioned", "records", true, status);
    if (ctx == nullptr) return status;
    if (out == nullptr || outVersion == nullptr) {
      return refuse(*ctx, "record_get_versioned", ATRIUM_INVALID_ARGUMENT, "an out argument is NULL");
    }
    *outVersion = 0;
    return guarded(*ctx, "record_get_versioned", [&]() -> atrium_status {
      const StoredRecord* r = ctx->host->live(ctx->host->businessId_, fromAbi(collection), fromAbi(key));
      if (r == nullptr) {
        ctx->lastError = "record_get_versioned: no such record";
        return ATRIUM_NOT_FOUND;
      }
      *outVersion = r->version;
      *out = makeBuffer(r->valueJson);
      return ATRIUM_OK;
    });
  }

  static atrium_status hostRecordPutIf(atrium_host_ctx* raw, const atrium_record* record,
                                       std::int64_t expected, std::int64_t* outVersion) {
    atrium_status status;
    Context* ctx = admit(raw, "record_put_if", "records", true, status);
    if (ctx == nullptr) return status;
    if (outVersion == nullptr) {
      return refuse(*ctx, "record_put_if", ATRIUM_INVALID_ARGUMENT, "out_version is NULL");
    }
    *outVersion = 0;
    if (expected < 0) {
      return refuse(*ctx, "record_put_if", ATRIUM_INVALID_ARGUMENT,
                    "expected_version must be 0 or a version read before");
    }
    return guarded(*ctx, "record_put_if", [&]() -> atrium_status {
      StoredRecord r;
      if (atrium_status s = readRecord(*ctx, "record_put_if", record, true, r); s != ATRIUM_OK) return s;
      std::optional<std::int64_t> version = ctx->host->write(std::move(r), expected);
      if (!version) {
        ctx->lastError = "record_put_if: the record changed since it was read";
        return ATRIUM_CONFLICT;
      }
      *outVersion = *version;
      return ATRIUM_OK;
    });
  }

  static atrium_status hostCounterAdd(atrium_host_ctx* raw, const atrium_record* record,
                                      std::int64_t delta, std::int64_t* outValue) {
    atrium_status status;
    Context* ctx = admit(raw, "counter_add", "records", true, status);
    if (ctx == nullptr) return status;
    if (outValue == nullptr) {
      return refuse(*ctx, "counter_add", ATRIUM_INVALID_ARGUMENT, "out_value is NULL");
    }
    *outValue = 0;
    return guarded(*ctx, "counter_add", [&]() -> atrium_status {
      StoredRecord r;
      if (atrium_status s = readRecord(*ctx, "counter_add", record, false, r); s != ATRIUM_OK) return s;
      FakeHost& self = *ctx->host;
      std::int64_t value = 0;
      if (const StoredRecord* current = self.live(self.businessId_, r.collection, r.key)) {
        rapidjson::Document stored;
        if (!parseJsonInto(stored, current->valueJson).ok() || !stored.IsInt64()) {
          return refuse(*ctx, "counter_add", ATRIUM_INVALID_ARGUMENT, "the stored value is not an integer");
        }
        value = stored.GetInt64();
        // the counter keeps whom it is about and when it expires
        r.subject = current->subject;
        r.secret = current->secret;
        r.expiresAtUs = current->expiresAtUs;
      }
      r.valueJson = std::to_string(value + delta);
      self.write(std::move(r), std::nullopt);
      *outValue = value + delta;
      return ATRIUM_OK;
    });
  }

  static atrium_status hostRecordDelete(atrium_host_ctx* raw, atrium_str collection, atrium_str key) {
    atrium_status status;
    Context* ctx = admit(raw, "record_delete", "records", true, status);
    if (ctx == nullptr) return status;
    return guarded(*ctx, "record_delete", [&]() -> atrium_status {
      FakeHost& self = *ctx->host;
      if (self.live(self.businessId_, fromAbi(collection), fromAbi(key)) == nullptr) {
        ctx->lastError = "record_delete: no such record";
        return ATRIUM_NOT_FOUND;
      }
      self.records_[self.businessId_].erase(RecordId(fromAbi(collection), fromAbi(key)));
      return ATRIUM_OK;
    });
  }

  static atrium_status hostRecordList(atrium_host_ctx* raw, const atrium_record_query* q,
                                      atrium_buffer* out) {
    clear(out);
    atrium_status status;
    Context* ctx = admit(raw, "record_list", "records", true, status);
    if (ctx == nullptr) return status;
    if (q == nullptr || out == nullptr || !ATRIUM_HAS_FIELD(q, atrium_record_query, cursor)) {
      return refuse(*ctx, "record_list", ATRIUM_INVALID_ARGUMENT, "the query or out buffer is missing");
    }
    return guarded(*ctx, "record_list", [&]() -> atrium_status {
      std::optional<Subject> subject;
      if (q->subject != nullptr) {
        subject = subjectFrom(*q->subject);
        if (!subject) {
          return refuse(*ctx, "record_list", ATRIUM_INVALID_ARGUMENT,
                        "subject must be none, or client/staff with a numeric id");
        }
      }
      const std::size_t limit = q->limit == 0 ? 100 : std::min<std::size_t>(q->limit, 1000);
      const std::string collection(fromAbi(q->collection));
      const std::string_view prefix = fromAbi(q->key_prefix);
      const std::string after(fromAbi(q->cursor));
      FakeHost& self = *ctx->host;
      self.sweep();
      std::vector<const StoredRecord*> page;
      bool more = false;
      for (const auto& [id, r] : self.records_[self.businessId_]) {
        if (r.collection != collection || r.key.compare(0, prefix.size(), prefix) != 0 ||
            (!after.empty() && r.key <= after) ||
            (subject && (r.subject.kind != subject->kind || r.subject.id != subject->id))) {
          continue;
        }
        if (page.size() == limit) {
          more = true;
          break;
        }
        page.push_back(&r);
      }
      JsonArray records;
      for (const StoredRecord* r : page) {
        records.add(JsonObject{{"key", r->key},
                               {"subject", JsonObject{{"kind", kindName(r->subject.kind)},
                                                      {"id", r->subject.id}}},
                               {"value", Json::raw(r->valueJson)},
                               {"updated_at_us", r->updatedAtUs},
                               {"expires_at_us", r->expiresAtUs}});
      }
      JsonObject result{{"records", records}};
      if (more) {
        result.add("next_cursor", page.back()->key);
      } else {
        result.add("next_cursor", nullptr);
      }
      *out = makeBuffer(result.str());
      return ATRIUM_OK;
    });
  }

  static atrium_status hostAudit(atrium_host_ctx* raw, atrium_str action, atrium_subject subject,
                                 atrium_str details) {
    atrium_status status;
    Context* ctx = admit(raw, "audit", "audit", false, status);
    if (ctx == nullptr) return status;
    return guarded(*ctx, "audit", [&]() -> atrium_status {
      const std::string act(fromAbi(action));
      if (!validName(act, 64, "_.")) {
        return refuse(*ctx, "audit", ATRIUM_INVALID_ARGUMENT, "action must match [a-z0-9_.]{1,64}");
      }
      const std::string detailsJson = details.len ? std::string(fromAbi(details)) : "{}";
      if (!validJson(detailsJson)) {
        return refuse(*ctx, "audit", ATRIUM_INVALID_ARGUMENT, "details are not JSON");
      }
      std::optional<Subject> who = subjectFrom(subject);
      if (!who) {
        return refuse(*ctx, "audit", ATRIUM_INVALID_ARGUMENT,
                      "subject must be none, or client/staff with a numeric id");
      }
      FakeHost& self = *ctx->host;
      self.audits_.push_back(AuditEntry{ctx->business ? self.businessId_ : std::string(),
                                        self.pluginId_ + "." + act, *who, detailsJson});
      return ATRIUM_OK;
    });
  }

  static atrium_status hostNotify(atrium_host_ctx* raw, const atrium_notification* n) {
    atrium_status status;
    Context* ctx = admit(raw, "notify", "notify", true, status);
    if (ctx == nullptr) return status;
    if (n == nullptr || !ATRIUM_HAS_FIELD(n, atrium_notification, flags)) {
      return refuse(*ctx, "notify", ATRIUM_INVALID_ARGUMENT, "the notification is missing");
    }
    return guarded(*ctx, "notify", [&]() -> atrium_status {
      FakeHost& self = *ctx->host;
      const std::string key(fromAbi(n->template_key));
      if (!validName(key, 48, "_")) {
        return refuse(*ctx, "notify", ATRIUM_INVALID_ARGUMENT, "template_key must match [a-z0-9_]{1,48}");
      }
      if (self.hasManifest_ &&
          findPath(self.manifest_, "ui.en") != nullptr &&
          findMember(*findPath(self.manifest_, "ui.en"), "notification." + key + ".text") == nullptr) {
        return refuse(*ctx, "notify", ATRIUM_NOT_FOUND,
                      "the manifest has no ui string notification.<key>.text");
      }
      std::optional<Subject> who = subjectFrom(n->recipient);
      if (!who || who->kind == SubjectKind::None) {
        return refuse(*ctx, "notify", ATRIUM_INVALID_ARGUMENT, "the recipient must be a client or a staff user");
      }
      const std::string data = n->data_json.len ? std::string(fromAbi(n->data_json)) : "{}";
      Result<rapidjson::Document> parsed = parseJson(data);
      if (!parsed.isOk() || !parsed.value().IsObject()) {
        return refuse(*ctx, "notify", ATRIUM_INVALID_ARGUMENT, "data must be a JSON object");
      }
      self.notifications_.push_back(SentNotification{self.businessId_, *who, key, data,
                                                     (n->flags & ATRIUM_NOTIFY_PROMOTIONAL) != 0});
      return ATRIUM_OK;
    });
  }

  static atrium_status hostJobSchedule(atrium_host_ctx* raw, const atrium_job* job) {
    atrium_status status;
    Context* ctx = admit(raw, "job_schedule", "jobs", true, status);
    if (ctx == nullptr) return status;
    if (job == nullptr || !ATRIUM_HAS_FIELD(job, atrium_job, payload_json)) {
      return refuse(*ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "the job is missing");
    }
    return guarded(*ctx, "job_schedule", [&]() -> atrium_status {
      FakeHost& self = *ctx->host;
      ScheduledJob j;
      j.businessId = self.businessId_;
      j.name = std::string(fromAbi(job->name));
      j.payloadJson = job->payload_json.len ? std::string(fromAbi(job->payload_json)) : "{}";
      j.runAtUs = job->run_at_us > 0 ? job->run_at_us : self.nowUs_;
      j.intervalUs = job->interval_us;
      if (!validName(j.name, 64, "_.-")) {
        return refuse(*ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "name must match [a-z0-9_.-]{1,64}");
      }
      if (j.intervalUs != 0 && j.intervalUs < 60LL * 1000 * 1000) {
        return refuse(*ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "interval must be at least a minute");
      }
      Result<rapidjson::Document> parsed = parseJson(j.payloadJson);
      if (!parsed.isOk() || !parsed.value().IsObject() || j.payloadJson.size() > 16 * 1024) {
        return refuse(*ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT,
                      "payload must be a JSON object of at most 16 KiB");
      }
      self.jobs_[self.businessId_][j.name] = j;
      return ATRIUM_OK;
    });
  }

  static atrium_status hostJobCancel(atrium_host_ctx* raw, atrium_str name) {
    atrium_status status;
    Context* ctx = admit(raw, "job_cancel", "jobs", true, status);
    if (ctx == nullptr) return status;
    return guarded(*ctx, "job_cancel", [&]() -> atrium_status {
      FakeHost& self = *ctx->host;
      if (self.jobs_[self.businessId_].erase(std::string(fromAbi(name))) == 0) {
        ctx->lastError = "job_cancel: no such job";
        return ATRIUM_NOT_FOUND;
      }
      return ATRIUM_OK;
    });
  }

  static atrium_status hostRouteRegister(atrium_host_ctx* raw, const atrium_route* route) {
    atrium_status status;
    Context* ctx = admit(raw, "route_register", "routes", false, status);
    if (ctx == nullptr) return status;
    if (!ctx->initPhase) {
      return refuse(*ctx, "route_register", ATRIUM_INVALID_ARGUMENT, "routes are registered during on_init only");
    }
    if (route == nullptr || !ATRIUM_HAS_FIELD(route, atrium_route, flags)) {
      return refuse(*ctx, "route_register", ATRIUM_INVALID_ARGUMENT, "the route is missing");
    }
    return guarded(*ctx, "route_register", [&]() -> atrium_status {
      const std::string method(fromAbi(route->method));
      const std::string path(fromAbi(route->path));
      if (method != "GET" && method != "POST" && method != "PUT" && method != "PATCH" &&
          method != "DELETE") {
        return refuse(*ctx, "route_register", ATRIUM_INVALID_ARGUMENT,
                      "method must be GET, POST, PUT, PATCH or DELETE");
      }
      bool pathOk = !path.empty();
      std::size_t start = 0;
      for (bool first = true; pathOk; first = false) {
        const std::size_t slash = path.find('/', start);
        const std::string segment =
            path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        const bool param = !first && segment.size() > 2 && segment.front() == '{' &&
                           segment.back() == '}' &&
                           validName(segment.substr(1, segment.size() - 2), 64, "_") &&
                           segment.find_first_of("0123456789") == std::string::npos;
        pathOk = param || validName(segment, 256, "_-");
        if (slash == std::string::npos) break;
        start = slash + 1;
      }
      if (!pathOk) {
        return refuse(*ctx, "route_register", ATRIUM_INVALID_ARGUMENT,
                      "path must be segments of [a-z0-9_-] or {name}");
      }
      if (route->audience < ATRIUM_ROUTE_PUBLIC || route->audience > ATRIUM_ROUTE_STAFF) {
        return refuse(*ctx, "route_register", ATRIUM_INVALID_ARGUMENT,
                      "audience must be PUBLIC, CLIENT or STAFF");
      }
      ctx->host->routes_.push_back(RegisteredRoute{method, path, static_cast<Audience>(route->audience),
                                                   (route->flags & ATRIUM_ROUTE_REQUIRES_REAUTH) != 0});
      return ATRIUM_OK;
    });
  }

  static atrium_status hostDomainCall(atrium_host_ctx* raw, atrium_str call, atrium_str params,
                                      atrium_buffer* out) {
    clear(out);
    atrium_status status;
    Context* ctx = admit(raw, "domain_call", "domain", true, status);
    if (ctx == nullptr) return status;
    if (out == nullptr) return ATRIUM_INVALID_ARGUMENT;
    FakeHost& self = *ctx->host;
    const std::string callId(fromAbi(call));
    if (self.enforce_ && self.hasManifest_ && !self.listed("domain", callId)) {
      return refuse(*ctx, "domain_call", ATRIUM_PERMISSION_DENIED,
                    "domain call not declared in capabilities.domain");
    }
    return guarded(*ctx, "domain_call", [&]() -> atrium_status {
      const std::string paramsJson = params.len ? std::string(fromAbi(params)) : "{}";
      self.domainCalls_.push_back(DomainCallMade{self.businessId_, callId, paramsJson, StatusCode::Ok});
      auto handler = self.domain_.find(callId);
      atrium_status result = ATRIUM_UNIMPLEMENTED;
      if (handler == self.domain_.end()) {
        refuse(*ctx, "domain_call", result, "this kernel does not know " + callId);
      } else {
        std::pair<atrium_status, std::string> answer = handler->second(paramsJson);
        result = answer.first;
        if (result == ATRIUM_OK) {
          *out = makeBuffer(std::move(answer.second));
        } else {
          ctx->lastError = "domain_call " + callId + ": " +
                           (answer.second.empty() ? std::string("refused") : answer.second);
        }
      }
      self.domainCalls_.back().status = toStatusCode(result);
      return result;
    });
  }

  static atrium_status hostRandomBytes(atrium_host_ctx* raw, std::uint8_t* out, std::size_t len) {
    atrium_status status;
    Context* ctx = admit(raw, "random_bytes", "", false, status);
    if (ctx == nullptr) return status;
    if (out == nullptr && len != 0) {
      return refuse(*ctx, "random_bytes", ATRIUM_INVALID_ARGUMENT, "out is NULL");
    }
    if (len > (1u << 20)) {
      return refuse(*ctx, "random_bytes", ATRIUM_RESOURCE_EXHAUSTED, "at most 1 MiB per call");
    }
    for (std::size_t i = 0; i < len; ++i) {
      out[i] = static_cast<std::uint8_t>(ctx->host->random_() & 0xff);
    }
    return ATRIUM_OK;
  }

  static atrium_status hostClockNow(atrium_host_ctx* raw, std::int64_t* out) {
    atrium_status status;
    Context* ctx = admit(raw, "clock_now", "", false, status);
    if (ctx == nullptr) return status;
    if (out == nullptr) return ATRIUM_INVALID_ARGUMENT;
    *out = ctx->host->nowUs_;
    return ATRIUM_OK;
  }

  static atrium_status hostSecretKey(atrium_host_ctx* raw, std::uint8_t out[32]) {
    atrium_status status;
    Context* ctx = admit(raw, "secret_key", "", false, status);
    if (ctx == nullptr) return status;
    if (out == nullptr) return ATRIUM_INVALID_ARGUMENT;
    std::copy(ctx->host->secretKey_.begin(), ctx->host->secretKey_.end(), out);
    return ATRIUM_OK;
  }

  static atrium_status hostLastError(atrium_host_ctx* raw, atrium_buffer* out) {
    clear(out);
    Context* ctx = fromCtx(raw);
    if (ctx == nullptr || ctx->host == nullptr || out == nullptr) return ATRIUM_INVALID_ARGUMENT;
    if (!ctx->lastError.empty()) {
      try {
        *out = makeBuffer(ctx->lastError.substr(0, 400));
      } catch (...) {
        return ATRIUM_INTERNAL;
      }
    }
    return ATRIUM_OK;
  }

  atrium_host_api api_{};
  const atrium_plugin_descriptor* descriptor_ = nullptr;
  void* instance_ = nullptr;

  rapidjson::Document manifest_{rapidjson::kObjectType};
  bool hasManifest_ = false;
  std::string manifestOverride_;
  std::string pluginId_ = "plugin";
  bool enforce_ = true;

  std::string businessId_;
  std::string businessName_;
  std::string timezone_;
  std::string locale_ = "en";
  std::int64_t nowUs_ = kDefaultNowUs;
  std::map<std::string, std::string> configs_;
  std::map<std::string, std::map<RecordId, StoredRecord>> records_;
  std::map<std::string, std::map<std::string, ScheduledJob>> jobs_;
  std::map<std::string, DomainHandler> domain_;
  std::vector<AuditEntry> audits_;
  std::vector<SentNotification> notifications_;
  std::vector<RegisteredRoute> routes_;
  std::vector<DomainCallMade> domainCalls_;
  std::vector<LogLine> logs_;
  std::string lastError_;
  std::array<std::uint8_t, 32> secretKey_{};
  std::mt19937_64 random_{20260101};
};

} // namespace atrium::sdk::testing

#endif
