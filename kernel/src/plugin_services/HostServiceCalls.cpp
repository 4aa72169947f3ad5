#include "plugin_services/HostCallSupport.h"

#include "core/Random.h"
#include "plugin_host/PluginConfig.h"
#include "notify/Outbox.h"

#include <algorithm>

namespace atrium::plugin_services {
namespace {

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
    *out = hostBuffer(ctx->config ? *ctx->config : plugin_host::pluginConfigFor(services(ctx).database(), ctx->businessId, *ctx->plugin));
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
    services(ctx).database().inTransaction([&](store::Connection& c) { services(ctx).audit().append(c, entry); });
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
    auto& db = services(ctx).database();
    std::int64_t now = services(ctx).clock().nowMicros();
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
    std::int64_t now = services(ctx).clock().nowMicros();
    j.runAt = job->run_at_us > 0 ? job->run_at_us : now;
    j.intervalUs = job->interval_us;
    if (!std::regex_match(j.name, kName)) return refuse(ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "name must match [a-z0-9_.-]{1,64}");
    if (j.intervalUs != 0 && j.intervalUs < 60'000'000) return refuse(ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "interval must be at least a minute");
    rapidjson::Document d;
    if (!core::parseJson(d, j.payloadJson) || !d.IsObject() || j.payloadJson.size() > 16 * 1024)
      return refuse(ctx, "job_schedule", ATRIUM_INVALID_ARGUMENT, "payload must be a JSON object of at most 16 KiB");
    services(ctx).jobs().schedule(j);
    return ATRIUM_OK;
  });
}

atrium_status hostJobCancel(atrium_host_ctx* ctx, atrium_str name) {
  if (auto s = admit(ctx, "job_cancel", "jobs", true); s != ATRIUM_OK) return s;
  return guarded(ctx, "job_cancel", [&]() -> atrium_status {
    return services(ctx).jobs().cancel(ctx->businessId, ctx->plugin->id(), std::string(view(name))) ? ATRIUM_OK
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
    services(ctx).routes().add({ctx->plugin->id(), method, path, route->audience, route->flags});
    return ATRIUM_OK;
  });
}

atrium_status hostDomainCall(atrium_host_ctx* ctx, atrium_str call, atrium_str params, atrium_buffer* out) {
  clear(out);
  if (auto s = admit(ctx, "domain_call", "domain", true); s != ATRIUM_OK) return s;
  if (!out) return ATRIUM_INVALID_ARGUMENT;
  if (!ctx->plugin->manifest().allowsDomainCall(view(call)))
    return refuse(ctx, "domain_call", ATRIUM_PERMISSION_DENIED, "domain call not declared in capabilities.domain");
  const auto& handler = services(ctx).domainHandler();
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
  *out = services(ctx).clock().nowMicros();
  return ATRIUM_OK;
}

atrium_status hostSecretKey(atrium_host_ctx* ctx, uint8_t out[32]) {
  if (auto s = admit(ctx, "secret_key", "", false); s != ATRIUM_OK) return s;
  if (!out) return ATRIUM_INVALID_ARGUMENT;
  return guarded(ctx, "secret_key", [&] {
    std::string key = services(ctx).pluginKey(ctx->plugin->id());
    std::copy(key.begin(), key.end(), out);
    return ATRIUM_OK;
  });
}

atrium_status hostLastError(atrium_host_ctx* ctx, atrium_buffer* out) {
  clear(out);
  if (!ctx || !ctx->host || !ctx->plugin || !out) return ATRIUM_INVALID_ARGUMENT;
  if (!ctx->lastError.empty()) *out = hostBuffer(ctx->lastError.substr(0, 400)); // not admit(): it would clear it
  return ATRIUM_OK;
}

} // namespace

void installServiceCalls(atrium_host_api& api) {
  api.log = hostLog;
  api.config_get = hostConfigGet;
  api.audit = hostAudit;
  api.notify = hostNotify;
  api.job_schedule = hostJobSchedule;
  api.job_cancel = hostJobCancel;
  api.route_register = hostRouteRegister;
  api.domain_call = hostDomainCall;
  api.random_bytes = hostRandomBytes;
  api.clock_now = hostClockNow;
  api.secret_key = hostSecretKey;
  api.last_error = hostLastError;
}

} // namespace atrium::plugin_services
