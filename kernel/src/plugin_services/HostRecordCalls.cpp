#include "plugin_services/HostCallSupport.h"

#include "core/JsonOut.h"


#include <algorithm>

namespace atrium::plugin_services {
namespace {

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
    auto lease = services(ctx).database().acquire();
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
    services(ctx).records().put(ctx->businessId, r);
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
    auto version = services(ctx).records().putIf(ctx->businessId, r, expected);
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
    *outValue = services(ctx).records().counterAdd(ctx->businessId, r, delta);
    return ATRIUM_OK;
  });
}

atrium_status hostRecordGet(atrium_host_ctx* ctx, atrium_str collection, atrium_str key, atrium_buffer* out) {
  clear(out);
  if (auto s = admit(ctx, "record_get", "records", true); s != ATRIUM_OK) return s;
  if (!out) return ATRIUM_INVALID_ARGUMENT;
  return guarded(ctx, "record_get", [&]() -> atrium_status {
    auto r = services(ctx).records().get(ctx->businessId, ctx->plugin->id(), std::string(view(collection)), std::string(view(key)));
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
    auto r = services(ctx).records().get(ctx->businessId, ctx->plugin->id(), std::string(view(collection)), std::string(view(key)));
    if (!r) return answer(ctx, ATRIUM_NOT_FOUND, "record_get_versioned: no such record");
    *outVersion = r->version;
    *out = hostBuffer(std::move(r->valueJson));
    return ATRIUM_OK;
  });
}

atrium_status hostRecordDelete(atrium_host_ctx* ctx, atrium_str collection, atrium_str key) {
  if (auto s = admit(ctx, "record_delete", "records", true); s != ATRIUM_OK) return s;
  return guarded(ctx, "record_delete", [&]() -> atrium_status {
    return services(ctx).records().remove(ctx->businessId, ctx->plugin->id(), std::string(view(collection)), std::string(view(key)))
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
    auto records = services(ctx).records().list(ctx->businessId, ctx->plugin->id(), std::string(view(q->collection)),
                                                 std::string(view(q->key_prefix)), subject, std::string(view(q->cursor)), limit + 1);
    core::JsonOut json;
    json.w().StartObject();
    json.key("records").w().StartArray();
    for (std::size_t i = 0; i < records.size() && i < limit; ++i) {
      const auto& record = records[i];
      json.w().StartObject();
      json.field("key", record.key);
      json.key("subject").w().StartObject();
      json.field("kind", record.subject.kind).field("id", record.subject.id);
      json.w().EndObject();
      json.raw("value", record.valueJson).field("updated_at_us", record.updatedAt).field("expires_at_us", record.expiresAt);
      json.w().EndObject();
    }
    json.w().EndArray();
    json.key("next_cursor"); // the whole key, whatever bytes it holds
    if (records.size() > limit) json.str(records[limit - 1].key);
    else json.null();
    json.w().EndObject();
    *out = hostBuffer(json.text());
    return ATRIUM_OK;
  });
}

} // namespace

void installRecordCalls(atrium_host_api& api) {
  api.record_put = hostRecordPut;
  api.record_get = hostRecordGet;
  api.record_delete = hostRecordDelete;
  api.record_list = hostRecordList;
  api.record_get_versioned = hostRecordGetVersioned;
  api.record_put_if = hostRecordPutIf;
  api.counter_add = hostCounterAdd;
}

} // namespace atrium::plugin_services
