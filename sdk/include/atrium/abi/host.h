/// The host API: function pointers the kernel provides to a plugin.
///
/// The table is owned by the kernel and valid from on_init until on_shutdown
/// returns. Every function takes the atrium_host_ctx of the callback the
/// plugin is in (so host calls are made only from inside a callback, on its
/// thread) and returns an atrium_status. Inputs are borrowed for the call only.
/// An out buffer is set to a host-allocated atrium_buffer on ATRIUM_OK, which
/// the plugin releases with atrium_buffer_release; on any other status it is
/// left empty. The reason of a non-OK status is kept for last_error (ABI 1.2);
/// a refusal is also logged, an ordinary outcome (NOT_FOUND, CONFLICT) is not.
///
/// Capabilities: log, config_get, random_bytes, clock_now, secret_key and
/// last_error are always allowed; every other function names the manifest
/// capability it needs and returns ATRIUM_PERMISSION_DENIED without it.
/// Functions marked "business" return ATRIUM_INVALID_ARGUMENT from a context
/// without a business (on_init, on_shutdown).
///
/// New functions are appended at the end in a minor version (1.1: secret_key;
/// 1.2: last_error, record_get_versioned, record_put_if, counter_add). A plugin
/// only runs on a kernel of its own minor or newer; a descriptor claiming an
/// older minor checks ATRIUM_HAS_FIELD(host, atrium_host_api, name) first.
#ifndef ATRIUM_ABI_HOST_H
#define ATRIUM_ABI_HOST_H

#include "atrium/abi/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t atrium_log_level;

enum atrium_log_level_code {
  ATRIUM_LOG_DEBUG = 0,
  ATRIUM_LOG_INFO = 1,
  ATRIUM_LOG_WARNING = 2,
  ATRIUM_LOG_ERROR = 3
};

/// atrium_record.flags: the value is left out of the automatic data export
/// (e.g. a TOTP secret); the plugin describes it through privacy.export@1.
/// Erasure still removes it.
#define ATRIUM_RECORD_SECRET UINT32_C(0x1)

/// A record in the plugin's namespace for the current business. Built by the
/// plugin, borrowed by the kernel for the call.
typedef struct atrium_record {
  size_t struct_size;
  /// Plugin-chosen grouping, [a-z0-9_.-]{1,64}.
  atrium_str collection;
  /// Unique within the collection, 1 to 256 bytes.
  atrium_str key;
  /// Whom the value is about; CLIENT and STAFF ids must exist in the business.
  /// Data exports and erasure of that person include this record.
  atrium_subject subject;
  /// Any JSON value; the kernel enforces a size limit (RESOURCE_EXHAUSTED).
  atrium_str value_json;
  /// ATRIUM_RECORD_* bits.
  uint32_t flags;
  /// Kernel clock time after which the kernel deletes the record; 0 = never.
  int64_t expires_at_us;
} atrium_record;

/// Which records record_list returns, a page at a time, ordered by key.
typedef struct atrium_record_query {
  size_t struct_size;
  atrium_str collection;
  /// Empty = every key.
  atrium_str key_prefix;
  /// NULL = any subject; otherwise only records naming exactly this one.
  const atrium_subject* subject;
  /// 0 = the kernel's default page size; the kernel also caps it.
  uint32_t limit;
  /// Empty = first page; otherwise "next_cursor" from the previous page.
  atrium_str cursor;
} atrium_record_query;

/// atrium_notification.flags: marketing, not service; not sent to recipients
/// who opted out.
#define ATRIUM_NOTIFY_PROMOTIONAL UINT32_C(0x1)

/// A notification to enqueue (delivered later by the outbox, in the
/// recipient's locale, through notification.render@1).
typedef struct atrium_notification {
  size_t struct_size;
  /// CLIENT or STAFF of the current business.
  atrium_subject recipient;
  /// Key of the template in the manifest's ui strings:
  /// "notification.<key>.subject" and "notification.<key>.text", with
  /// {{name}} placeholders filled from data_json.
  atrium_str template_key;
  atrium_str data_json;
  /// ATRIUM_NOTIFY_* bits.
  uint32_t flags;
} atrium_notification;

/// A job of the plugin for the current business, run through job.run@1.
typedef struct atrium_job {
  size_t struct_size;
  /// Unique per plugin and business; scheduling an existing name replaces it.
  atrium_str name;
  /// Kernel clock time of the first run; 0 = the next tick.
  int64_t run_at_us;
  /// Time between runs; 0 = run once.
  int64_t interval_us;
  /// JSON object handed back in job.run@1 as job.payload.
  atrium_str payload_json;
} atrium_job;

typedef int32_t atrium_route_audience;

enum atrium_route_audience_code {
  /// Anyone, on the business's public booking page (business from the page).
  ATRIUM_ROUTE_PUBLIC = 1,
  /// A signed-in client of the business.
  ATRIUM_ROUTE_CLIENT = 2,
  /// A signed-in staff user of the business.
  ATRIUM_ROUTE_STAFF = 3
};

/// atrium_route.flags: the user must have re-authenticated in the last few
/// minutes.
#define ATRIUM_ROUTE_REQUIRES_REAUTH UINT32_C(0x1)

/// An HTTP route under /api/v1/plugins/<plugin id>/, served by http.request@1
/// for businesses that enabled the plugin.
typedef struct atrium_route {
  size_t struct_size;
  /// "GET", "POST", "PUT", "PATCH" or "DELETE".
  atrium_str method;
  /// Relative pattern with {name} segments, e.g. "notes/{client_id}".
  atrium_str path;
  atrium_route_audience audience;
  /// ATRIUM_ROUTE_* bits.
  uint32_t flags;
} atrium_route;

/// Writes a line to the kernel log, tagged with plugin, business and request.
/// Must not contain personal data.
typedef atrium_status (*atrium_host_log_fn)(atrium_host_ctx* ctx,
                                            atrium_log_level level,
                                            atrium_str message);
/// business. The plugin's validated config for the business, defaults filled.
typedef atrium_status (*atrium_host_config_get_fn)(atrium_host_ctx* ctx,
                                                   atrium_buffer* out_json);
/// business, capability "records". Inserts or replaces (collection, key).
typedef atrium_status (*atrium_host_record_put_fn)(atrium_host_ctx* ctx,
                                                   const atrium_record* record);
/// business, "records". The value JSON; NOT_FOUND if absent or expired.
typedef atrium_status (*atrium_host_record_get_fn)(atrium_host_ctx* ctx,
                                                   atrium_str collection,
                                                   atrium_str key,
                                                   atrium_buffer* out_json);
/// business, "records". NOT_FOUND if absent.
typedef atrium_status (*atrium_host_record_delete_fn)(atrium_host_ctx* ctx,
                                                      atrium_str collection,
                                                      atrium_str key);
/// business, "records". out: {"records": [{"key", "subject": {"kind", "id"},
/// "value", "updated_at_us", "expires_at_us"}], "next_cursor": "..."|null}.
typedef atrium_status (*atrium_host_record_list_fn)(
    atrium_host_ctx* ctx, const atrium_record_query* query,
    atrium_buffer* out_json);
/// capability "audit". Appends to the hash-chained audit log; `action` is
/// prefixed with the plugin id ("two_factor.enrolled"); `subject` may be NONE.
typedef atrium_status (*atrium_host_audit_fn)(atrium_host_ctx* ctx,
                                              atrium_str action,
                                              atrium_subject subject,
                                              atrium_str details_json);
/// business, "notify". Enqueues; delivery happens later, with retries.
typedef atrium_status (*atrium_host_notify_fn)(
    atrium_host_ctx* ctx, const atrium_notification* notification);
/// business, "jobs".
typedef atrium_status (*atrium_host_job_schedule_fn)(atrium_host_ctx* ctx,
                                                     const atrium_job* job);
/// business, "jobs". NOT_FOUND if no such job.
typedef atrium_status (*atrium_host_job_cancel_fn)(atrium_host_ctx* ctx,
                                                   atrium_str name);
/// capability "routes". Only during on_init (INVALID_ARGUMENT otherwise);
/// routes are installation-wide and dispatched per enabled business.
typedef atrium_status (*atrium_host_route_register_fn)(
    atrium_host_ctx* ctx, const atrium_route* route);
/// business, capability "domain" listing `call_id` (see domain.h).
typedef atrium_status (*atrium_host_domain_call_fn)(atrium_host_ctx* ctx,
                                                    atrium_str call_id,
                                                    atrium_str params_json,
                                                    atrium_buffer* out_json);
/// Fills `len` bytes at `out` (owned by the plugin) from a CSPRNG.
typedef atrium_status (*atrium_host_random_bytes_fn)(atrium_host_ctx* ctx,
                                                     uint8_t* out, size_t len);
/// The kernel clock (injectable in tests), microseconds since the Unix epoch.
typedef atrium_status (*atrium_host_clock_now_fn)(atrium_host_ctx* ctx,
                                                  int64_t* out_us);

/// ABI 1.1. A 256-bit key private to the plugin and stable for the installation
/// (derived from a server secret the kernel generated; the same on every node), for
/// encrypting what the plugin stores, e.g. a TOTP secret. Writes 32 bytes to `out`.
/// Never log it or return it to a client.
typedef atrium_status (*atrium_host_secret_key_fn)(atrium_host_ctx* ctx, uint8_t out[32]);

/// ABI 1.2. Why the most recent host call made in this callback did not
/// return ATRIUM_OK, as "<function>: <reason>" ("record_put: value is not
/// JSON"), at most 400 bytes; empty when that call succeeded (every other host
/// call resets it). The text names no person and is for the plugin's own
/// diagnostics (the C++ wrapper puts it in its Status message).
typedef atrium_status (*atrium_host_last_error_fn)(atrium_host_ctx* ctx,
                                                   atrium_buffer* out_text);

/// ABI 1.2, business, "records". Like record_get, and also the record's
/// version: 1 when it was first written, one more at every write.
typedef atrium_status (*atrium_host_record_get_versioned_fn)(
    atrium_host_ctx* ctx, atrium_str collection, atrium_str key,
    atrium_buffer* out_json, int64_t* out_version);

/// ABI 1.2, business, "records". Compare-and-set: writes the record only if
/// its version is still `expected_version` (0: only if there is no live
/// record). On ATRIUM_OK *out_version is the new version; ATRIUM_CONFLICT when
/// another writer came first (nothing written). Load, decide, put_if: two
/// requests racing on one record cannot both win.
typedef atrium_status (*atrium_host_record_put_if_fn)(
    atrium_host_ctx* ctx, const atrium_record* record,
    int64_t expected_version, int64_t* out_version);

/// ABI 1.2, business, "records". Atomically adds `delta` to the integer stored
/// at (record->collection, record->key), creating it at 0 first (with the
/// record's subject, flags and expiry; value_json is ignored). *out_value is
/// the value after the addition. INVALID_ARGUMENT when the stored value is not
/// an integer.
typedef atrium_status (*atrium_host_counter_add_fn)(atrium_host_ctx* ctx,
                                                    const atrium_record* record,
                                                    int64_t delta,
                                                    int64_t* out_value);

/// The host table. Append-only: new functions go at the end.
typedef struct atrium_host_api {
  size_t struct_size;
  atrium_host_log_fn log;
  atrium_host_config_get_fn config_get;
  atrium_host_record_put_fn record_put;
  atrium_host_record_get_fn record_get;
  atrium_host_record_delete_fn record_delete;
  atrium_host_record_list_fn record_list;
  atrium_host_audit_fn audit;
  atrium_host_notify_fn notify;
  atrium_host_job_schedule_fn job_schedule;
  atrium_host_job_cancel_fn job_cancel;
  atrium_host_route_register_fn route_register;
  atrium_host_domain_call_fn domain_call;
  atrium_host_random_bytes_fn random_bytes;
  atrium_host_clock_now_fn clock_now;
  /// Since ABI 1.1: check ATRIUM_HAS_FIELD(host, atrium_host_api, secret_key).
  atrium_host_secret_key_fn secret_key;
  /// Since ABI 1.2 (check ATRIUM_HAS_FIELD(host, atrium_host_api, <name>)).
  atrium_host_last_error_fn last_error;
  atrium_host_record_get_versioned_fn record_get_versioned;
  atrium_host_record_put_if_fn record_put_if;
  atrium_host_counter_add_fn counter_add;
} atrium_host_api;

#ifdef __cplusplus
}
#endif

#endif
