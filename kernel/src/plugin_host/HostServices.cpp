#include "plugin_host/HostServices.h"
#include "core/Json.h"

#include "core/Log.h"
#include "core/Random.h"
#include "plugin_host/PluginRegistry.h"
#include "notify/Outbox.h"
#include "store/DatabaseError.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <regex>

namespace atrium::plugin_host {
namespace {

using Services = HostServices;

std::string_view view(atrium_str s) { return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view(); }

atrium_buffer hostBuffer(std::string text) {
  auto* owned = new std::string(std::move(text));
  return atrium_buffer{owned->data(), owned->size(), owned, [](void* p) { delete static_cast<std::string*>(p); }};
}

void clear(atrium_buffer* out) {
  if (out) *out = atrium_buffer{nullptr, 0, nullptr, nullptr};
}

/// A non-OK answer that is an ordinary outcome (no such record): the plugin may ask why
/// (host last_error), nothing is logged.
atrium_status answer(atrium_host_ctx* ctx, atrium_status status, std::string_view reason) {
  if (ctx) ctx->lastError = reason;
  return status;
}

/// Logs a refused call (plugin id, function, reason; never payloads), keeps the reason for
/// the plugin (host last_error) and returns status.
atrium_status refuse(atrium_host_ctx* ctx, std::string_view function, atrium_status status, std::string_view reason) {
  if (ctx) ctx->lastError = std::string(function) + ": " + std::string(reason);
  if (status == ATRIUM_PERMISSION_DENIED && ctx && ctx->services && ctx->plugin) ctx->services->noteDenied(ctx->plugin->id(), function);
  core::Log::warn("plugin.host_call_refused",
                  {{"plugin", ctx && ctx->plugin ? std::string_view(ctx->plugin->id()) : std::string_view("?")},
                   {"function", function},
                   {"status", static_cast<std::int64_t>(status)},
                   {"reason", reason}});
  return status;
}

/// Common checks: a valid context, the capability (empty = always allowed), a business.
atrium_status admit(atrium_host_ctx* ctx, std::string_view function, std::string_view capability, bool needsBusiness) {
  if (!ctx || !ctx->services || !ctx->plugin) return ATRIUM_INVALID_ARGUMENT;
  ctx->lastError.clear();
  if (!capability.empty() && !ctx->plugin->manifest().allowsHost(capability))
    return refuse(ctx, function, ATRIUM_PERMISSION_DENIED, "capability not declared in the manifest");
  if (needsBusiness && ctx->businessId == 0)
    return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "no business in this context (on_init/on_shutdown)");
  return ATRIUM_OK;
}

/// Runs a host function body, turning kernel exceptions into statuses: no exception
/// may cross into the plugin.
template <class Body>
atrium_status guarded(atrium_host_ctx* ctx, std::string_view function, Body&& body) noexcept {
  try {
    return body();
  } catch (const store::DatabaseError& e) {
    return refuse(ctx, function, ATRIUM_UNAVAILABLE, e.what());
  } catch (const std::invalid_argument& e) {
    return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, e.what());
  } catch (const std::exception&) {
    return refuse(ctx, function, ATRIUM_INTERNAL, "internal error");
  }
}

bool validCollection(std::string_view c) {
  static const std::regex kCollection("^[a-z0-9_.-]{1,64}$");
  return std::regex_match(c.begin(), c.end(), kCollection);
}

bool validJson(std::string_view text) {
  rapidjson::Document d;
  return !!core::parseJson(d, text);
}

std::optional<Subject> subjectFrom(const atrium_subject& s) {
  switch (s.kind) {
  case ATRIUM_SUBJECT_NONE: return Subject{"none", ""};
  case ATRIUM_SUBJECT_CLIENT:
  case ATRIUM_SUBJECT_STAFF: {
    std::string id(view(s.id));
    if (id.empty() || id.size() > 64 || id.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return Subject{s.kind == ATRIUM_SUBJECT_CLIENT ? "client" : "staff", id};
  }
  default: return std::nullopt;
  }
}

/// A staff subject must be a user of the business. (Clients are checked once the
/// booking core has them; until then any numeric id is accepted.)
bool subjectBelongs(store::Connection& c, std::int64_t businessId, const Subject& s) {
  if (s.kind != "staff") return true;
  return c.queryOne("SELECT 1 FROM users WHERE id = ? AND business_id = ?", {std::stoll(s.id), businessId}).has_value();
}

atrium_status hostLog(atrium_host_ctx* ctx, atrium_log_level level, atrium_str message) {
  if (auto s = admit(ctx, "log", "", false); s != ATRIUM_OK) return s;
  auto lvl = level <= ATRIUM_LOG_DEBUG ? core::LogLevel::Debug
             : level == ATRIUM_LOG_INFO ? core::LogLevel::Info
             : level == ATRIUM_LOG_WARNING ? core::LogLevel::Warn : core::LogLevel::Error;
  std::string_view text = view(message).substr(0, 1000);
  core::Log::write(lvl, "plugin.log", {{"plugin", std::string_view(ctx->plugin->id())}, {"business", ctx->businessId}, {"message", text}});
  return ATRIUM_OK;
}

atrium_status hostConfigGet(atrium_host_ctx* ctx, atrium_buffer* out) {
  clear(out);
  if (auto s = admit(ctx, "config_get", "", true); s != ATRIUM_OK) return s;
  if (!out) return ATRIUM_INVALID_ARGUMENT;
  return guarded(ctx, "config_get", [&] {
    *out = hostBuffer(ctx->config ? *ctx->config : ctx->services->configFor(ctx->businessId, *ctx->plugin));
    return ATRIUM_OK;
  });
}

/// Checks a record the plugin hands over and fills `r`; `withValue`: value_json must be JSON.
atrium_status readRecord(atrium_host_ctx* ctx, std::string_view function, const atrium_record* record, bool withValue, PluginRecord& r) {
  if (!record || !ATRIUM_HAS_FIELD(record, atrium_record, expires_at_us))
    return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "the record is missing or older than ABI 1.0");
  r.pluginId = ctx->plugin->id();
  r.collection = view(record->collection);
  r.key = view(record->key);
  if (withValue) r.valueJson = view(record->value_json);
  r.flags = record->flags;
  r.expiresAt = record->expires_at_us;
  if (!validCollection(r.collection)) return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "collection must match [a-z0-9_.-]{1,64}");
  if (r.key.empty() || r.key.size() > 256) return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "key must have 1 to 256 bytes");
  if (r.valueJson.size() > PluginRecords::kMaxValueBytes) return refuse(ctx, function, ATRIUM_RESOURCE_EXHAUSTED, "value larger than 64 KiB");
  if (withValue && !validJson(r.valueJson)) return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "value is not JSON");
  auto subject = subjectFrom(record->subject);
  if (!subject) return refuse(ctx, function, ATRIUM_INVALID_ARGUMENT, "subject must be none, or client/staff with a numeric id");
  {
    auto lease = ctx->services->database().acquire();
    if (!subjectBelongs(*lease, ctx->businessId, *subject))
      return refuse(ctx, function, ATRIUM_NOT_FOUND, "the subject is not a person of this business");
  }
  r.subject = *subject;
  return ATRIUM_OK;
}

atrium_status hostRecordPut(atrium_host_ctx* ctx, const atrium_record* record) {
  if (auto s = admit(ctx, "record_put", "records", true); s != ATRIUM_OK) return s;
  return guarded(ctx, "record_put", [&]() -> atrium_status {
    PluginRecord r;
    if (auto s = readRecord(ctx, "record_put", record, true, r); s != ATRIUM_OK) return s;
    ctx->services->records().put(ctx->businessId, r);
    return ATRIUM_OK;
  });
}

atrium_status hostRecordPutIf(atrium_host_ctx* ctx, const atrium_record* record, int64_t expected, int64_t* outVersion) {
  if (auto s = admit(ctx, "record_put_if", "records", true); s != ATRIUM_OK) return s;
  if (!outVersion) return refuse(ctx, "record_put_if", ATRIUM_INVALID_ARGUMENT, "out_version is NULL");
  *outVersion = 0;
  if (expected < 0) return refuse(ctx, "record_put_if", ATRIUM_INVALID_ARGUMENT, "expected_version must be 0 or a version read before");
  return guarded(ctx, "record_put_if", [&]() -> atrium_status {
    PluginRecord r;
    if (auto s = readRecord(ctx, "record_put_if", record, true, r); s != ATRIUM_OK) return s;
    auto version = ctx->services->records().putIf(ctx->businessId, r, expected);
    if (!version) return answer(ctx, ATRIUM_CONFLICT, "record_put_if: the record changed since it was read");
    *outVersion = *version;
    return ATRIUM_OK;
  });
}

atrium_status hostCounterAdd(atrium_host_ctx* ctx, const atrium_record* record, int64_t delta, int64_t* outValue) {
  if (auto s = admit(ctx, "counter_add", "records", true); s != ATRIUM_OK) return s;
  if (!outValue) return refuse(ctx, "counter_add", ATRIUM_INVALID_ARGUMENT, "out_value is NULL");
  *outValue = 0;
  return guarded(ctx, "counter_add", [&]() -> atrium_status {
    PluginRecord r;
    if (auto s = readRecord(ctx, "counter_add", record, false, r); s != ATRIUM_OK) return s;
    *outValue = ctx->services->records().counterAdd(ctx->businessId, r, delta);
    return ATRIUM_OK;
  });
}

atrium_status hostRecordGet(atrium_host_ctx* ctx, atrium_str collection, atrium_str key, atrium_buffer* out) {
  clear(out);
  if (auto s = admit(ctx, "record_get", "records", true); s != ATRIUM_OK) return s;
  if (!out) return ATRIUM_INVALID_ARGUMENT;
  return guarded(ctx, "record_get", [&]() -> atrium_status {
    auto r = ctx->services->records().get(ctx->businessId, ctx->plugin->id(), std::string(view(collection)), std::string(view(key)));
    if (!r) return answer(ctx, ATRIUM_NOT_FOUND, "record_get: no such record");
    *out = hostBuffer(std::move(r->valueJson));
    return ATRIUM_OK;
  });
}

atrium_status hostRecordGetVersioned(atrium_host_ctx* ctx, atrium_str collection, atrium_str key, atrium_buffer* out, int64_t* outVersion) {
  clear(out);
  if (auto s = admit(ctx, "record_get_versioned", "records", true); s != ATRIUM_OK) return s;
  if (!out || !outVersion) return refuse(ctx, "record_get_versioned", ATRIUM_INVALID_ARGUMENT, "an out argument is NULL");
  *outVersion = 0;
  return guarded(ctx, "record_get_versioned", [&]() -> atrium_status {
    auto r = ctx->services->records().get(ctx->businessId, ctx->plugin->id(), std::string(view(collection)), std::string(view(key)));
    if (!r) return answer(ctx, ATRIUM_NOT_FOUND, "record_get_versioned: no such record");
    *outVersion = r->version;
    *out = hostBuffer(std::move(r->valueJson));
    return ATRIUM_OK;
  });
}

atrium_status hostRecordDelete(atrium_host_ctx* ctx, atrium_str collection, atrium_str key) {
  if (auto s = admit(ctx, "record_delete", "records", true); s != ATRIUM_OK) return s;
  return guarded(ctx, "record_delete", [&]() -> atrium_status {
    return ctx->services->records().remove(ctx->businessId, ctx->plugin->id(), std::string(view(collection)), std::string(view(key)))
               ? ATRIUM_OK : answer(ctx, ATRIUM_NOT_FOUND, "record_delete: no such record");
  });
}

atrium_status hostRecordList(atrium_host_ctx* ctx, const atrium_record_query* q, atrium_buffer* out) {
  clear(out);
  if (auto s = admit(ctx, "record_list", "records", true); s != ATRIUM_OK) return s;
  if (!q || !out || !ATRIUM_HAS_FIELD(q, atrium_record_query, cursor))
    return refuse(ctx, "record_list", ATRIUM_INVALID_ARGUMENT, "the query or out buffer is missing");
  return guarded(ctx, "record_list", [&]() -> atrium_status {
    std::optional<Subject> subject;
    if (q->subject) {
      subject = subjectFrom(*q->subject);
      if (!subject) return refuse(ctx, "record_list", ATRIUM_INVALID_ARGUMENT, "subject must be none, or client/staff with a numeric id");
    }
    std::size_t limit = q->limit == 0 ? 100 : std::min<std::size_t>(q->limit, 1000);
    auto records = ctx->services->records().list(ctx->businessId, ctx->plugin->id(), std::string(view(q->collection)),
                                                 std::string(view(q->key_prefix)), subject, std::string(view(q->cursor)), limit + 1);
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    w.Key("records");
    w.StartArray();
    for (std::size_t i = 0; i < records.size() && i < limit; ++i) {
      const auto& r = records[i];
      w.StartObject();
      w.Key("key");
      w.String(r.key.c_str(), static_cast<rapidjson::SizeType>(r.key.size()));
      w.Key("subject");
      w.StartObject();
      w.Key("kind");
      w.String(r.subject.kind.c_str());
      w.Key("id");
      w.String(r.subject.id.c_str());
      w.EndObject();
      w.Key("value");
      w.RawValue(r.valueJson.c_str(), r.valueJson.size(), rapidjson::kObjectType);
      w.Key("updated_at_us");
      w.Int64(r.updatedAt);
      w.Key("expires_at_us");
      w.Int64(r.expiresAt);
      w.EndObject();
    }
    w.EndArray();
    w.Key("next_cursor");
    if (records.size() > limit) w.String(records[limit - 1].key.c_str());
    else w.Null();
    w.EndObject();
    *out = hostBuffer(std::string(buffer.GetString(), buffer.GetSize()));
    return ATRIUM_OK;
  });
}

atrium_status hostAudit(atrium_host_ctx* ctx, atrium_str action, atrium_subject subject, atrium_str details) {
  if (auto s = admit(ctx, "audit", "audit", false); s != ATRIUM_OK) return s;
  return guarded(ctx, "audit", [&]() -> atrium_status {
    static const std::regex kAction("^[a-z0-9_.]{1,64}$");
    std::string act(view(action));
    if (!std::regex_match(act, kAction)) return refuse(ctx, "audit", ATRIUM_INVALID_ARGUMENT, "action must match [a-z0-9_.]{1,64}");
    std::string detailsJson = details.len ? std::string(view(details)) : "{}";
    if (!validJson(detailsJson)) return refuse(ctx, "audit", ATRIUM_INVALID_ARGUMENT, "details are not JSON");
    auto who = subjectFrom(subject);
    if (!who) return refuse(ctx, "audit", ATRIUM_INVALID_ARGUMENT, "subject must be none, or client/staff with a numeric id");
    base::AuditEntry entry;
    if (ctx->businessId) entry.businessId = ctx->businessId;
    entry.actor = {"plugin", ctx->plugin->id()};
    entry.action = ctx->plugin->id() + "." + act;
    entry.subject = {who->kind, who->id};
    entry.detailsJson = detailsJson;
    ctx->services->database().inTransaction([&](store::Connection& c) { ctx->services->audit().append(c, entry); });
    return ATRIUM_OK;
  });
}

atrium_status hostNotify(atrium_host_ctx* ctx, const atrium_notification* n) {
  if (auto s = admit(ctx, "notify", "notify", true); s != ATRIUM_OK) return s;
  if (!n || !ATRIUM_HAS_FIELD(n, atrium_notification, flags)) return refuse(ctx, "notify", ATRIUM_INVALID_ARGUMENT, "the notification is missing");
  return guarded(ctx, "notify", [&]() -> atrium_status {
    static const std::regex kKey("^[a-z0-9_]{1,48}$");
    std::string key(view(n->template_key));
    if (!std::regex_match(key, kKey)) return refuse(ctx, "notify", ATRIUM_INVALID_ARGUMENT, "template_key must match [a-z0-9_]{1,48}");
    if (ctx->plugin->manifest().text("en", "notification." + key + ".text") == "notification." + key + ".text")
      return refuse(ctx, "notify", ATRIUM_NOT_FOUND, "the manifest has no ui string notification.<key>.text");
    auto who = subjectFrom(n->recipient);
    if (!who || who->kind == "none") return refuse(ctx, "notify", ATRIUM_INVALID_ARGUMENT, "the recipient must be a client or a staff user");
    std::string data = n->data_json.len ? std::string(view(n->data_json)) : "{}";
    rapidjson::Document d;
    if (!core::parseJson(d, data) || !d.IsObject()) return refuse(ctx, "notify", ATRIUM_INVALID_ARGUMENT, "data must be a JSON object");
    auto& db = ctx->services->database();
    std::int64_t now = ctx->services->clock().nowMicros();
    std::int64_t id = db.inTransaction([&](store::Connection& c) -> std::int64_t {
      std::int64_t person = std::stoll(who->id);
      std::string locale = "en";
      std::optional<store::Row> row = who->kind == "client"
          ? c.queryOne("SELECT locale FROM clients WHERE business_id = ? AND id = ? AND erased_at IS NULL", {ctx->businessId, person})
          : c.queryOne("SELECT 'en' FROM users WHERE business_id = ? AND id = ?", {ctx->businessId, person});
      if (!row) return 0;
      locale = row->getText(0);
      notify::NewMessage m;
      m.businessId = ctx->businessId;
      if (who->kind == "client") m.clientId = person;
      else m.userId = person;
      m.category = (n->flags & ATRIUM_NOTIFY_PROMOTIONAL) ? "promotional" : "service";
      m.templateName = ctx->plugin->id() + "." + key;
      m.locale = locale;
      m.dataJson = data;
      return notify::Outbox::enqueue(c, m, now);
    });
    return id ? ATRIUM_OK : refuse(ctx, "notify", ATRIUM_NOT_FOUND, "the recipient is not a person of this business");
  });
}

atrium_status hostJobSchedule(atrium_host_ctx* ctx, const atrium_job* job) {
  if (auto s = admit(ctx, "job_schedule", "jobs", true); s != ATRIUM_OK) return s;
  if (!job || !ATRIUM_HAS_FIELD(job, atrium_job, payload_json)) return refuse(ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "the job is missing");
  return guarded(ctx, "job_schedule", [&]() -> atrium_status {
    static const std::regex kName("^[a-z0-9_.-]{1,64}$");
    PluginJob j;
    j.businessId = ctx->businessId;
    j.pluginId = ctx->plugin->id();
    j.name = view(job->name);
    j.payloadJson = job->payload_json.len ? std::string(view(job->payload_json)) : "{}";
    std::int64_t now = ctx->services->clock().nowMicros();
    j.runAt = job->run_at_us > 0 ? job->run_at_us : now;
    j.intervalUs = job->interval_us;
    if (!std::regex_match(j.name, kName)) return refuse(ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "name must match [a-z0-9_.-]{1,64}");
    if (j.intervalUs != 0 && j.intervalUs < 60'000'000) return refuse(ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "interval must be at least a minute");
    rapidjson::Document d;
    if (!core::parseJson(d, j.payloadJson) || !d.IsObject() || j.payloadJson.size() > 16 * 1024)
      return refuse(ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "payload must be a JSON object of at most 16 KiB");
    ctx->services->scheduleJob(j);
    return ATRIUM_OK;
  });
}

atrium_status hostJobCancel(atrium_host_ctx* ctx, atrium_str name) {
  if (auto s = admit(ctx, "job_cancel", "jobs", true); s != ATRIUM_OK) return s;
  return guarded(ctx, "job_cancel", [&]() -> atrium_status {
    return ctx->services->cancelJob(ctx->businessId, ctx->plugin->id(), std::string(view(name))) ? ATRIUM_OK
                                                                                                 : answer(ctx, ATRIUM_NOT_FOUND, "job_cancel: no such job");
  });
}

atrium_status hostRouteRegister(atrium_host_ctx* ctx, const atrium_route* route) {
  if (auto s = admit(ctx, "route_register", "routes", false); s != ATRIUM_OK) return s;
  if (!ctx->initPhase) return refuse(ctx, "route_register", ATRIUM_INVALID_ARGUMENT, "routes are registered during on_init only");
  if (!route || !ATRIUM_HAS_FIELD(route, atrium_route, flags)) return refuse(ctx, "route_register", ATRIUM_INVALID_ARGUMENT, "the route is missing");
  return guarded(ctx, "route_register", [&]() -> atrium_status {
    static const std::regex kPath("^[a-z0-9_-]+(/([a-z0-9_-]+|\\{[a-z_]+\\}))*$");
    std::string method(view(route->method)), path(view(route->path));
    if (method != "GET" && method != "POST" && method != "PUT" && method != "PATCH" && method != "DELETE")
      return refuse(ctx, "route_register", ATRIUM_INVALID_ARGUMENT, "method must be GET, POST, PUT, PATCH or DELETE");
    if (!std::regex_match(path, kPath)) return refuse(ctx, "route_register", ATRIUM_INVALID_ARGUMENT, "path must be segments of [a-z0-9_-] or {name}");
    if (route->audience < ATRIUM_ROUTE_PUBLIC || route->audience > ATRIUM_ROUTE_STAFF)
      return refuse(ctx, "route_register", ATRIUM_INVALID_ARGUMENT, "audience must be PUBLIC, CLIENT or STAFF");
    ctx->services->addRoute({ctx->plugin->id(), method, path, route->audience, route->flags});
    return ATRIUM_OK;
  });
}

atrium_status hostDomainCall(atrium_host_ctx* ctx, atrium_str call, atrium_str params, atrium_buffer* out) {
  clear(out);
  if (auto s = admit(ctx, "domain_call", "domain", true); s != ATRIUM_OK) return s;
  if (!out) return ATRIUM_INVALID_ARGUMENT;
  if (!ctx->plugin->manifest().allowsDomainCall(view(call)))
    return refuse(ctx, "domain_call", ATRIUM_PERMISSION_DENIED, "domain call not declared in capabilities.domain");
  const auto& handler = ctx->services->domainHandler();
  if (!handler) return refuse(ctx, "domain_call", ATRIUM_UNIMPLEMENTED, "no domain in this process");
  return guarded(ctx, "domain_call", [&]() -> atrium_status {
    auto result = handler(ctx->businessId, ctx->plugin->id(), std::string(view(call)), params.len ? std::string(view(params)) : "{}");
    if (result.status == ATRIUM_OK) *out = hostBuffer(std::move(result.json));
    else if (result.status == ATRIUM_UNIMPLEMENTED) return refuse(ctx, "domain_call", result.status, "this kernel does not know " + std::string(view(call)));
    else return answer(ctx, result.status, "domain_call " + std::string(view(call)) + ": " + (result.reason.empty() ? "refused" : result.reason));
    return result.status;
  });
}

atrium_status hostRandomBytes(atrium_host_ctx* ctx, uint8_t* out, size_t len) {
  if (auto s = admit(ctx, "random_bytes", "", false); s != ATRIUM_OK) return s;
  if (!out && len) return refuse(ctx, "random_bytes", ATRIUM_INVALID_ARGUMENT, "out is NULL");
  if (len > 1 << 20) return refuse(ctx, "random_bytes", ATRIUM_RESOURCE_EXHAUSTED, "at most 1 MiB per call");
  return guarded(ctx, "random_bytes", [&] {
    std::string bytes = core::randomBytes(len);
    std::copy(bytes.begin(), bytes.end(), out);
    return ATRIUM_OK;
  });
}

atrium_status hostClockNow(atrium_host_ctx* ctx, int64_t* out) {
  if (auto s = admit(ctx, "clock_now", "", false); s != ATRIUM_OK) return s;
  if (!out) return ATRIUM_INVALID_ARGUMENT;
  *out = ctx->services->clock().nowMicros();
  return ATRIUM_OK;
}

atrium_status hostSecretKey(atrium_host_ctx* ctx, uint8_t out[32]) {
  if (auto s = admit(ctx, "secret_key", "", false); s != ATRIUM_OK) return s;
  if (!out) return ATRIUM_INVALID_ARGUMENT;
  return guarded(ctx, "secret_key", [&] {
    std::string key = ctx->services->pluginKey(ctx->plugin->id());
    std::copy(key.begin(), key.end(), out);
    return ATRIUM_OK;
  });
}

atrium_status hostLastError(atrium_host_ctx* ctx, atrium_buffer* out) {
  clear(out);
  if (!ctx || !ctx->services || !ctx->plugin || !out) return ATRIUM_INVALID_ARGUMENT;
  if (!ctx->lastError.empty()) *out = hostBuffer(ctx->lastError.substr(0, 400)); // not admit(): it would clear it
  return ATRIUM_OK;
}

} // namespace

std::string HostServices::pluginKey(const std::string& pluginId) { return secrets_.hmac("plugin-keys", "plugin:" + pluginId); }

HostServices::HostServices(store::Database& database, const core::Clock& clock, base::AuditLog& audit, PluginRecords& records)
    : database_(database), clock_(clock), audit_(audit), records_(records), secrets_(database, clock) {
  api_.struct_size = sizeof(atrium_host_api);
  api_.log = hostLog;
  api_.config_get = hostConfigGet;
  api_.record_put = hostRecordPut;
  api_.record_get = hostRecordGet;
  api_.record_delete = hostRecordDelete;
  api_.record_list = hostRecordList;
  api_.audit = hostAudit;
  api_.notify = hostNotify;
  api_.job_schedule = hostJobSchedule;
  api_.job_cancel = hostJobCancel;
  api_.route_register = hostRouteRegister;
  api_.domain_call = hostDomainCall;
  api_.random_bytes = hostRandomBytes;
  api_.clock_now = hostClockNow;
  api_.secret_key = hostSecretKey;
  api_.last_error = hostLastError;
  api_.record_get_versioned = hostRecordGetVersioned;
  api_.record_put_if = hostRecordPutIf;
  api_.counter_add = hostCounterAdd;
}

std::string HostServices::configFor(std::int64_t businessId, const LoadedPlugin& plugin) {
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT config_json FROM business_features WHERE business_id = ? AND plugin_id = ?",
                             {businessId, plugin.id()});
  if (row) return row->getText(0);
  try {
    return plugin.manifest().configSchema.defaults();
  } catch (const std::exception&) {
    return "{}";
  }
}

void HostServices::scheduleJob(const PluginJob& j) {
  database_.inTransaction([&](store::Connection& c) {
    if (c.execute("UPDATE plugin_jobs SET payload_json = ?, run_at = ?, interval_us = ?, attempts = 0, lease_until = 0 "
                  "WHERE business_id = ? AND plugin_id = ? AND name = ?",
                  {j.payloadJson, j.runAt, j.intervalUs, j.businessId, j.pluginId, j.name}) == 0)
      c.execute("INSERT INTO plugin_jobs (business_id, plugin_id, name, payload_json, run_at, interval_us, attempts, lease_until) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, 0)",
                {j.businessId, j.pluginId, j.name, j.payloadJson, j.runAt, j.intervalUs});
  });
}

bool HostServices::cancelJob(std::int64_t businessId, const std::string& pluginId, const std::string& name) {
  auto lease = database_.acquire();
  return lease->execute("DELETE FROM plugin_jobs WHERE business_id = ? AND plugin_id = ? AND name = ?", {businessId, pluginId, name}) > 0;
}

std::vector<PluginJob> HostServices::claimDueJobs(int max, std::chrono::seconds leaseFor) {
  std::int64_t now = clock_.nowMicros();
  std::vector<PluginJob> due, claimed;
  auto lease = database_.acquire();
  lease->forEach("SELECT business_id, plugin_id, name, payload_json, run_at, interval_us, attempts FROM plugin_jobs "
                 "WHERE run_at <= ? AND lease_until <= ? ORDER BY run_at LIMIT " + std::to_string(max),
                 {now, now}, [&due](const store::Row& r) {
                   due.push_back({r.getInt(0), r.getText(1), r.getText(2), r.getText(3), r.getInt(4), r.getInt(5), static_cast<int>(r.getInt(6))});
                 });
  for (auto& j : due) // only the node whose UPDATE matched runs the job this tick
    if (lease->execute("UPDATE plugin_jobs SET lease_until = ? WHERE business_id = ? AND plugin_id = ? AND name = ? AND run_at = ? "
                       "AND lease_until <= ?",
                       {now + leaseFor.count() * 1'000'000, j.businessId, j.pluginId, j.name, j.runAt, now}) == 1)
      claimed.push_back(std::move(j));
  return claimed;
}

void HostServices::finishJob(const PluginJob& j, bool succeeded) {
  std::int64_t now = clock_.nowMicros();
  auto lease = database_.acquire();
  if (succeeded && j.intervalUs == 0) {
    // a one-off job is done, unless the plugin rescheduled it meanwhile (run_at changed)
    lease->execute("DELETE FROM plugin_jobs WHERE business_id = ? AND plugin_id = ? AND name = ? AND run_at = ?",
                   {j.businessId, j.pluginId, j.name, j.runAt});
    return;
  }
  std::int64_t next = succeeded ? std::max(j.runAt + j.intervalUs, now) : now + std::min<std::int64_t>(60'000'000LL << std::min(j.attempts, 10), 3600'000'000LL);
  lease->execute("UPDATE plugin_jobs SET run_at = ?, attempts = ?, lease_until = 0 WHERE business_id = ? AND plugin_id = ? AND name = ? AND run_at = ?",
                 {next, succeeded ? 0 : j.attempts + 1, j.businessId, j.pluginId, j.name, j.runAt});
}

void HostServices::addRoute(PluginRoute route) {
  std::lock_guard lock(routesMutex_);
  routes_.push_back(std::move(route));
}

void HostServices::noteDenied(const std::string& pluginId, std::string_view function) {
  std::lock_guard lock(routesMutex_);
  if (denied_.size() < 1000) denied_.emplace_back(pluginId, std::string(function));
}

std::vector<std::string> HostServices::deniedCalls(const std::string& pluginId) const {
  std::lock_guard lock(routesMutex_);
  std::vector<std::string> out;
  for (const auto& [plugin, function] : denied_)
    if (plugin == pluginId) out.push_back(function);
  return out;
}

std::vector<PluginRoute> HostServices::routes() const {
  std::lock_guard lock(routesMutex_);
  return routes_;
}

} // namespace atrium::plugin_host
