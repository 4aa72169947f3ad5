/* Layout pins of every ABI struct, for x86-64 (LP64): the offset of every field and
 * the size of every struct as ABI 1.1 defines them, checked at compile time. Included by
 * a C and a C++ translation unit (tests/sdk/CMakeLists.txt), so the headers keep one
 * layout in both languages and a field inserted, removed, reordered or retyped fails the
 * build.
 *
 * The value types atrium_str, atrium_buffer and atrium_subject are frozen: their size is
 * pinned exactly. Every other struct may grow at the end in a minor version: its size is
 * pinned as a minimum, and a field appended by a new minor gets its pin here in the same
 * change (the pins of the fields before it must not change). Never edit a pin to make a
 * build pass: a pin that fails is an ABI break. */
#ifndef ATRIUM_TESTS_ABI_LAYOUT_PINS_H
#define ATRIUM_TESTS_ABI_LAYOUT_PINS_H

#include <atrium/abi/atrium.h>

#include <stddef.h>

#if defined(__cplusplus)
#define ATRIUM_PIN(condition, what) static_assert(condition, #what)
#else
#define ATRIUM_PIN(condition, what) _Static_assert(condition, #what)
#endif
#define ATRIUM_PIN_OFFSET(type, field, offset) \
  ATRIUM_PIN(offsetof(type, field) == (offset), type##_##field##_is_at_##offset)

#if defined(__x86_64__) && defined(__LP64__)

/* atrium_str */
ATRIUM_PIN_OFFSET(atrium_str, ptr, 0);
ATRIUM_PIN_OFFSET(atrium_str, len, 8);
ATRIUM_PIN(sizeof(atrium_str) == 16, atrium_str_size_is_frozen);
/* atrium_buffer */
ATRIUM_PIN_OFFSET(atrium_buffer, ptr, 0);
ATRIUM_PIN_OFFSET(atrium_buffer, len, 8);
ATRIUM_PIN_OFFSET(atrium_buffer, owner, 16);
ATRIUM_PIN_OFFSET(atrium_buffer, release, 24);
ATRIUM_PIN(sizeof(atrium_buffer) == 32, atrium_buffer_size_is_frozen);
/* atrium_subject */
ATRIUM_PIN_OFFSET(atrium_subject, kind, 0);
ATRIUM_PIN_OFFSET(atrium_subject, id, 8);
ATRIUM_PIN(sizeof(atrium_subject) == 24, atrium_subject_size_is_frozen);
/* atrium_record */
ATRIUM_PIN_OFFSET(atrium_record, struct_size, 0);
ATRIUM_PIN_OFFSET(atrium_record, collection, 8);
ATRIUM_PIN_OFFSET(atrium_record, key, 24);
ATRIUM_PIN_OFFSET(atrium_record, subject, 40);
ATRIUM_PIN_OFFSET(atrium_record, value_json, 64);
ATRIUM_PIN_OFFSET(atrium_record, flags, 80);
ATRIUM_PIN_OFFSET(atrium_record, expires_at_us, 88);
ATRIUM_PIN(sizeof(atrium_record) >= 96, atrium_record_only_grows);
/* atrium_record_query */
ATRIUM_PIN_OFFSET(atrium_record_query, struct_size, 0);
ATRIUM_PIN_OFFSET(atrium_record_query, collection, 8);
ATRIUM_PIN_OFFSET(atrium_record_query, key_prefix, 24);
ATRIUM_PIN_OFFSET(atrium_record_query, subject, 40);
ATRIUM_PIN_OFFSET(atrium_record_query, limit, 48);
ATRIUM_PIN_OFFSET(atrium_record_query, cursor, 56);
ATRIUM_PIN(sizeof(atrium_record_query) >= 72, atrium_record_query_only_grows);
/* atrium_notification */
ATRIUM_PIN_OFFSET(atrium_notification, struct_size, 0);
ATRIUM_PIN_OFFSET(atrium_notification, recipient, 8);
ATRIUM_PIN_OFFSET(atrium_notification, template_key, 32);
ATRIUM_PIN_OFFSET(atrium_notification, data_json, 48);
ATRIUM_PIN_OFFSET(atrium_notification, flags, 64);
ATRIUM_PIN(sizeof(atrium_notification) >= 72, atrium_notification_only_grows);
/* atrium_job */
ATRIUM_PIN_OFFSET(atrium_job, struct_size, 0);
ATRIUM_PIN_OFFSET(atrium_job, name, 8);
ATRIUM_PIN_OFFSET(atrium_job, run_at_us, 24);
ATRIUM_PIN_OFFSET(atrium_job, interval_us, 32);
ATRIUM_PIN_OFFSET(atrium_job, payload_json, 40);
ATRIUM_PIN(sizeof(atrium_job) >= 56, atrium_job_only_grows);
/* atrium_route */
ATRIUM_PIN_OFFSET(atrium_route, struct_size, 0);
ATRIUM_PIN_OFFSET(atrium_route, method, 8);
ATRIUM_PIN_OFFSET(atrium_route, path, 24);
ATRIUM_PIN_OFFSET(atrium_route, audience, 40);
ATRIUM_PIN_OFFSET(atrium_route, flags, 44);
ATRIUM_PIN(sizeof(atrium_route) >= 48, atrium_route_only_grows);
/* atrium_host_api */
ATRIUM_PIN_OFFSET(atrium_host_api, struct_size, 0);
ATRIUM_PIN_OFFSET(atrium_host_api, log, 8);
ATRIUM_PIN_OFFSET(atrium_host_api, config_get, 16);
ATRIUM_PIN_OFFSET(atrium_host_api, record_put, 24);
ATRIUM_PIN_OFFSET(atrium_host_api, record_get, 32);
ATRIUM_PIN_OFFSET(atrium_host_api, record_delete, 40);
ATRIUM_PIN_OFFSET(atrium_host_api, record_list, 48);
ATRIUM_PIN_OFFSET(atrium_host_api, audit, 56);
ATRIUM_PIN_OFFSET(atrium_host_api, notify, 64);
ATRIUM_PIN_OFFSET(atrium_host_api, job_schedule, 72);
ATRIUM_PIN_OFFSET(atrium_host_api, job_cancel, 80);
ATRIUM_PIN_OFFSET(atrium_host_api, route_register, 88);
ATRIUM_PIN_OFFSET(atrium_host_api, domain_call, 96);
ATRIUM_PIN_OFFSET(atrium_host_api, random_bytes, 104);
ATRIUM_PIN_OFFSET(atrium_host_api, clock_now, 112);
ATRIUM_PIN_OFFSET(atrium_host_api, secret_key, 120);
ATRIUM_PIN(sizeof(atrium_host_api) >= 128, atrium_host_api_only_grows);
/* atrium_hook_result */
ATRIUM_PIN_OFFSET(atrium_hook_result, struct_size, 0);
ATRIUM_PIN_OFFSET(atrium_hook_result, patch, 8);
ATRIUM_PIN_OFFSET(atrium_hook_result, message, 40);
ATRIUM_PIN(sizeof(atrium_hook_result) >= 72, atrium_hook_result_only_grows);
/* atrium_hook */
ATRIUM_PIN_OFFSET(atrium_hook, struct_size, 0);
ATRIUM_PIN_OFFSET(atrium_hook, id, 8);
ATRIUM_PIN_OFFSET(atrium_hook, kind, 24);
ATRIUM_PIN_OFFSET(atrium_hook, on_hook, 32);
ATRIUM_PIN(sizeof(atrium_hook) >= 40, atrium_hook_only_grows);
/* atrium_plugin_descriptor */
ATRIUM_PIN_OFFSET(atrium_plugin_descriptor, struct_size, 0);
ATRIUM_PIN_OFFSET(atrium_plugin_descriptor, abi_major, 8);
ATRIUM_PIN_OFFSET(atrium_plugin_descriptor, abi_minor, 12);
ATRIUM_PIN_OFFSET(atrium_plugin_descriptor, manifest_json, 16);
ATRIUM_PIN_OFFSET(atrium_plugin_descriptor, on_init, 32);
ATRIUM_PIN_OFFSET(atrium_plugin_descriptor, on_shutdown, 40);
ATRIUM_PIN_OFFSET(atrium_plugin_descriptor, hooks, 48);
ATRIUM_PIN_OFFSET(atrium_plugin_descriptor, hook_count, 56);
ATRIUM_PIN(sizeof(atrium_plugin_descriptor) >= 64, atrium_plugin_descriptor_only_grows);

/* The constants a plugin compiles into its binary. */
ATRIUM_PIN(ATRIUM_ABI_MAJOR == 1, abi_major_is_1);
ATRIUM_PIN(ATRIUM_OK == 0 && ATRIUM_INVALID_ARGUMENT == 1 && ATRIUM_NOT_FOUND == 2 && ATRIUM_PERMISSION_DENIED == 3 &&
               ATRIUM_REJECTED == 4 && ATRIUM_UNAVAILABLE == 5 && ATRIUM_INTERNAL == 6 && ATRIUM_UNIMPLEMENTED == 7 &&
               ATRIUM_RESOURCE_EXHAUSTED == 8,
           status_codes);
ATRIUM_PIN(ATRIUM_SUBJECT_NONE == 0 && ATRIUM_SUBJECT_CLIENT == 1 && ATRIUM_SUBJECT_STAFF == 2, subject_kinds);
ATRIUM_PIN(ATRIUM_HOOK_EVENT == 1 && ATRIUM_HOOK_FILTER == 2, hook_kinds);
ATRIUM_PIN(ATRIUM_LOG_DEBUG == 0 && ATRIUM_LOG_INFO == 1 && ATRIUM_LOG_WARNING == 2 && ATRIUM_LOG_ERROR == 3, log_levels);
ATRIUM_PIN(ATRIUM_ROUTE_PUBLIC == 1 && ATRIUM_ROUTE_CLIENT == 2 && ATRIUM_ROUTE_STAFF == 3, route_audiences);
ATRIUM_PIN(ATRIUM_RECORD_SECRET == 1 && ATRIUM_NOTIFY_PROMOTIONAL == 1 && ATRIUM_ROUTE_REQUIRES_REAUTH == 1, flags);

#endif

#endif
