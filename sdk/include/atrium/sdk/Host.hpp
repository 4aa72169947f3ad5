/// Host: the host table and the current call's context, with C++ types.
#ifndef ATRIUM_SDK_HOST_HPP
#define ATRIUM_SDK_HOST_HPP

#include "atrium/abi/host.h"
#include "atrium/sdk/Abi.hpp"
#include "atrium/sdk/Json.hpp"
#include "atrium/sdk/Status.hpp"
#include "atrium/sdk/Types.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::sdk {

/// Valid only inside the hook, init or shutdown call it was handed to, on that
/// thread (it carries the kernel's per-call context); never store it. No
/// method throws except on allocation failure; failures come back as Status,
/// and the kernel logs their reason. Capabilities and "business only" rules
/// are those of atrium/abi/host.h.
class Host {
public:
  Host(const atrium_host_api& api, atrium_host_ctx* ctx) noexcept
      : api_(&api), ctx_(ctx) {}

  /// Must not contain personal data.
  Status log(LogLevel level, std::string_view message) {
    return call(&atrium_host_api::log, "log",
                static_cast<atrium_log_level>(level), toAbi(message));
  }

  /// The plugin's validated config for the business, defaults filled in.
  Result<rapidjson::Document> config() {
    return callJson(&atrium_host_api::config_get, "config_get");
  }

  Status putRecord(const Record& record) {
    atrium_record abi{};
    abi.struct_size = sizeof abi;
    abi.collection = toAbi(record.collection);
    abi.key = toAbi(record.key);
    abi.subject = record.subject.toAbi();
    abi.value_json = toAbi(record.valueJson);
    abi.flags = record.secret ? ATRIUM_RECORD_SECRET : 0u;
    abi.expires_at_us = record.expiresAtUs;
    return call(&atrium_host_api::record_put, "record_put", &abi);
  }

  /// The stored value; NotFound when absent or expired.
  Result<rapidjson::Document> getRecord(std::string_view collection,
                                        std::string_view key) {
    return callJson(&atrium_host_api::record_get, "record_get",
                    toAbi(collection), toAbi(key));
  }

  Status deleteRecord(std::string_view collection, std::string_view key) {
    return call(&atrium_host_api::record_delete, "record_delete",
                toAbi(collection), toAbi(key));
  }

  /// One page: {"records": [...], "next_cursor": ...} (see host.h).
  Result<rapidjson::Document> listRecords(const RecordQuery& query) {
    atrium_subject subject{};
    if (query.subject) {
      subject = query.subject->toAbi();
    }
    atrium_record_query abi{};
    abi.struct_size = sizeof abi;
    abi.collection = toAbi(query.collection);
    abi.key_prefix = toAbi(query.keyPrefix);
    abi.subject = query.subject ? &subject : nullptr;
    abi.limit = query.limit;
    abi.cursor = toAbi(query.cursor);
    return callJson(&atrium_host_api::record_list, "record_list",
                    static_cast<const atrium_record_query*>(&abi));
  }

  /// Every record the query matches, page after page in key order (`query.limit`
  /// is the page size, `query.cursor` where to start); `visit` gets each
  /// {"key", "subject", "value", ...} of host.h. Stops at the first error.
  template <typename Visit>
  Status forEachRecord(RecordQuery query, Visit&& visit) {
    std::string cursor(query.cursor);
    for (;;) {
      query.cursor = cursor;
      Result<rapidjson::Document> page = listRecords(query);
      if (!page.isOk()) {
        return page.status();
      }
      for (const auto& record : page.value()["records"].GetArray()) {
        visit(record);
      }
      const rapidjson::Value& next = page.value()["next_cursor"];
      if (!next.IsString()) {
        return Status();
      }
      cursor = next.GetString();
    }
  }

  /// `action` is prefixed with the plugin id by the kernel.
  Status audit(std::string_view action, const Subject& subject,
               std::string_view detailsJson = "{}") {
    return call(&atrium_host_api::audit, "audit", toAbi(action),
                subject.toAbi(), toAbi(detailsJson));
  }

  Status notify(const Notification& notification) {
    atrium_notification abi{};
    abi.struct_size = sizeof abi;
    abi.recipient = notification.recipient.toAbi();
    abi.template_key = toAbi(notification.templateKey);
    abi.data_json = toAbi(notification.dataJson);
    abi.flags = notification.promotional ? ATRIUM_NOTIFY_PROMOTIONAL : 0u;
    return call(&atrium_host_api::notify, "notify", &abi);
  }

  /// Replaces a job of the same name.
  Status scheduleJob(const Job& job) {
    atrium_job abi{};
    abi.struct_size = sizeof abi;
    abi.name = toAbi(job.name);
    abi.run_at_us = job.runAtUs;
    abi.interval_us = job.intervalUs;
    abi.payload_json = toAbi(job.payloadJson);
    return call(&atrium_host_api::job_schedule, "job_schedule", &abi);
  }

  Status cancelJob(std::string_view name) {
    return call(&atrium_host_api::job_cancel, "job_cancel", toAbi(name));
  }

  /// Only from Plugin::init.
  Status registerRoute(const Route& route) {
    atrium_route abi{};
    abi.struct_size = sizeof abi;
    abi.method = toAbi(route.method);
    abi.path = toAbi(route.path);
    abi.audience = static_cast<atrium_route_audience>(route.audience);
    abi.flags = route.requiresReauth ? ATRIUM_ROUTE_REQUIRES_REAUTH : 0u;
    return call(&atrium_host_api::route_register, "route_register", &abi);
  }

  /// One of the atrium/abi/domain.h calls.
  Result<rapidjson::Document> callDomain(std::string_view callId,
                                         std::string_view paramsJson) {
    return callJson(&atrium_host_api::domain_call, "domain_call",
                    toAbi(callId), toAbi(paramsJson));
  }

  /// `count` bytes from the kernel's CSPRNG.
  Result<std::vector<std::uint8_t>> randomBytes(std::size_t count) {
    std::vector<std::uint8_t> bytes(count);
    Status status = call(&atrium_host_api::random_bytes, "random_bytes",
                         bytes.data(), count);
    if (!status.isOk()) {
      return status;
    }
    return bytes;
  }

  /// The plugin's 256-bit installation key (ABI 1.1; Unimplemented on a 1.0 kernel).
  Result<std::vector<std::uint8_t>> secretKey() {
    if (api_->struct_size < offsetof(atrium_host_api, secret_key) + sizeof(api_->secret_key) || api_->secret_key == nullptr)
      return Status(StatusCode::Unimplemented, "host has no secret_key (kernel ABI 1.0)");
    std::vector<std::uint8_t> key(32);
    Status status = call(&atrium_host_api::secret_key, "secret_key", key.data());
    if (!status.isOk()) {
      return status;
    }
    return key;
  }

  /// Microseconds since the Unix epoch from the kernel's (injectable) clock.
  Result<std::int64_t> nowUs() {
    std::int64_t now = 0;
    Status status = call(&atrium_host_api::clock_now, "clock_now", &now);
    if (!status.isOk()) {
      return status;
    }
    return now;
  }

private:
  /// Calls the table entry `function` with the context first; Unimplemented
  /// when the kernel left it NULL.
  template <typename Function, typename... Args>
  Status call(Function atrium_host_api::*function, const char* name,
              Args... args) {
    const Function entry = api_->*function;
    if (entry == nullptr) {
      return Status(StatusCode::Unimplemented,
                    std::string("host has no ") + name);
    }
    const atrium_status status = entry(ctx_, args...);
    if (status == ATRIUM_OK) {
      return Status();
    }
    return Status(toStatusCode(status), std::string(name) + " failed");
  }

  /// call() with a trailing out buffer, parsed as JSON.
  template <typename Function, typename... Args>
  Result<rapidjson::Document> callJson(Function atrium_host_api::*function,
                                       const char* name, Args... args) {
    atrium_buffer out{};
    Status status = call(function, name, args..., &out);
    std::string text = takeBuffer(out);
    if (!status.isOk()) {
      return status;
    }
    return parseJson(text);
  }

  const atrium_host_api* api_;
  atrium_host_ctx* ctx_;
};

} // namespace atrium::sdk

#endif
