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

/// A record as read with its version (Host::getRecordVersioned), for a later
/// compare-and-set (Host::putRecordIf).
struct VersionedRecord {
  rapidjson::Document value;
  std::int64_t version = 0;
};

/// Valid only inside the hook, init or shutdown call it was handed to, on that
/// thread (it carries the kernel's per-call context); never store it. No
/// method throws except on allocation failure; failures come back as Status
/// whose message says which call failed and why ("record_put failed
/// (INVALID_ARGUMENT): record_put: value is not JSON"; the reason comes from
/// the kernel's last_error, ABI 1.2). Capabilities and "business only" rules
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
    atrium_record abi = toAbiRecord(record);
    return call(&atrium_host_api::record_put, "record_put",
                static_cast<const atrium_record*>(&abi));
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
    if (!has(&atrium_host_api::secret_key)) {
      return Status(StatusCode::Unimplemented,
                    "host has no secret_key (kernel ABI 1.0)");
    }
    std::vector<std::uint8_t> key(32);
    Status status = call(&atrium_host_api::secret_key, "secret_key", key.data());
    if (!status.isOk()) {
      return status;
    }
    return key;
  }

  /// The value and its version (ABI 1.2); NotFound when absent or expired.
  Result<VersionedRecord> getRecordVersioned(std::string_view collection,
                                             std::string_view key) {
    if (!has(&atrium_host_api::record_get_versioned)) {
      return Status(StatusCode::Unimplemented,
                    "host has no record_get_versioned (kernel ABI < 1.2)");
    }
    atrium_buffer out{};
    std::int64_t version = 0;
    Status status = call(&atrium_host_api::record_get_versioned,
                         "record_get_versioned", toAbi(collection), toAbi(key),
                         &out, &version);
    std::string text = takeBuffer(out);
    if (!status.isOk()) {
      return status;
    }
    Result<rapidjson::Document> value = parseJson(text);
    if (!value.isOk()) {
      return value.status();
    }
    VersionedRecord record;
    record.value = std::move(value.value());
    record.version = version;
    return record;
  }

  /// Compare-and-set (ABI 1.2): writes `record` only if its stored version is
  /// still `expectedVersion` (0: only if there is none). Returns the new
  /// version; Conflict when another writer came first (nothing was written).
  Result<std::int64_t> putRecordIf(const Record& record,
                                   std::int64_t expectedVersion) {
    if (!has(&atrium_host_api::record_put_if)) {
      return Status(StatusCode::Unimplemented,
                    "host has no record_put_if (kernel ABI < 1.2)");
    }
    atrium_record abi = toAbiRecord(record);
    std::int64_t version = 0;
    Status status = call(&atrium_host_api::record_put_if, "record_put_if",
                         static_cast<const atrium_record*>(&abi),
                         expectedVersion, &version);
    if (!status.isOk()) {
      return status;
    }
    return version;
  }

  /// Atomically adds `delta` to the integer counter at (record.collection,
  /// record.key), created at 0 with the record's subject, flags and expiry
  /// (its valueJson is ignored). Returns the value after the addition (ABI 1.2).
  Result<std::int64_t> addToCounter(const Record& record, std::int64_t delta) {
    if (!has(&atrium_host_api::counter_add)) {
      return Status(StatusCode::Unimplemented,
                    "host has no counter_add (kernel ABI < 1.2)");
    }
    atrium_record abi = toAbiRecord(record);
    std::int64_t value = 0;
    Status status = call(&atrium_host_api::counter_add, "counter_add",
                         static_cast<const atrium_record*>(&abi), delta, &value);
    if (!status.isOk()) {
      return status;
    }
    return value;
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
  /// True when the kernel's table reaches `function` (its struct_size covers
  /// it: a kernel of an older minor has a shorter table) and sets it.
  template <typename Function>
  bool has(Function atrium_host_api::*function) const noexcept {
    const auto* base = reinterpret_cast<const char*>(api_);
    const auto* field = reinterpret_cast<const char*>(&(api_->*function));
    const auto end = static_cast<std::size_t>(field - base) + sizeof(Function);
    return api_->struct_size >= end && api_->*function != nullptr;
  }

  static atrium_record toAbiRecord(const Record& record) noexcept {
    atrium_record abi{};
    abi.struct_size = sizeof abi;
    abi.collection = toAbi(record.collection);
    abi.key = toAbi(record.key);
    abi.subject = record.subject.toAbi();
    abi.value_json = toAbi(record.valueJson);
    abi.flags = record.secret ? ATRIUM_RECORD_SECRET : 0u;
    abi.expires_at_us = record.expiresAtUs;
    return abi;
  }

  /// The kernel's reason for the last non-OK host call (ABI 1.2), or empty.
  std::string lastError() {
    if (!has(&atrium_host_api::last_error)) {
      return std::string();
    }
    atrium_buffer out{};
    if (api_->last_error(ctx_, &out) != ATRIUM_OK) {
      atrium_buffer_release(&out);
      return std::string();
    }
    return takeBuffer(out);
  }

  /// Calls the table entry `function` with the context first; Unimplemented
  /// when the kernel left it NULL. A failure's message names the call, the
  /// status and the kernel's reason.
  template <typename Function, typename... Args>
  Status call(Function atrium_host_api::*function, const char* name,
              Args... args) {
    if (!has(function)) {
      return Status(StatusCode::Unimplemented,
                    std::string("host has no ") + name);
    }
    const atrium_status status = (api_->*function)(ctx_, args...);
    if (status == ATRIUM_OK) {
      return Status();
    }
    const StatusCode code = toStatusCode(status);
    std::string message = std::string(name) + " failed (" + statusName(code) + ")";
    const std::string reason = lastError();
    if (!reason.empty()) {
      message += ": " + reason;
    }
    return Status(code, std::move(message));
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
