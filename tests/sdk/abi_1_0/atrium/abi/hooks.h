/// Hooks: the calls the kernel makes into a plugin, named and versioned as
/// "<area>.<name>@<version>". A new version of a hook is a new id; the old id
/// keeps its payload for the whole major version.
///
/// Kinds:
/// - event: the kernel notifies; the plugin's status only reports a fault.
/// - filter: the plugin may veto (ATRIUM_REJECTED plus a user-facing message)
///   or return a patch: a JSON object holding some of the fields the hook lists
///   under "may change". The kernel copies those fields into its payload,
///   ignores (and logs) any other field, and the next plugin sees the result.
///
/// Dispatch: only to plugins enabled for the business, in ascending manifest
/// "priority", then plugin id. A veto stops the chain. "Targeted" hooks go to
/// one plugin only (named per hook). A fault is any status other than OK,
/// except REJECTED from a filter; it is logged, audited and counts toward safe
/// mode. An event fault never stops the chain; a filter fault fails closed: the
/// operation is refused with a generic message (notifications and exports are
/// retried later, an http.request gets a 500).
///
/// Every payload is a JSON object holding, besides its own fields:
///   "hook":     the hook id
///   "business": {"id", "name", "timezone" (IANA)}
///   "locale":   "en" | "zh-TW", the language of whoever will read the result
///   "now_us":   the kernel clock, microseconds since the Unix epoch (UTC)
/// Times are integers in microseconds since the epoch ("..._us"); ids are
/// opaque strings. A person is {"kind": "client"|"staff"|"none", "id"}.
/// Payloads may gain fields in a minor version; ignore fields you don't know.
#ifndef ATRIUM_ABI_HOOKS_H
#define ATRIUM_ABI_HOOKS_H

#include "atrium/abi/types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t atrium_hook_kind;

enum atrium_hook_kind_code {
  ATRIUM_HOOK_EVENT = 1,
  ATRIUM_HOOK_FILTER = 2
};

/// auth.second_factor@1 - filter. After the password was verified, before a
/// session exists; a plugin may demand a challenge.
///   {"purpose": "login"|"reauth", "user": {"kind", "id"}, "ip", "user_agent",
///    "challenge": null | {...set by an earlier plugin}}
/// May change: "challenge", only while it is null:
///   {"type": "totp", "prompt", "fields": [{"name", "label", "inputmode",
///    "autocomplete", "max_length"}]}
/// The plugin that set it becomes the issuer for auth.verify_second_factor@1.
#define ATRIUM_HOOK_AUTH_SECOND_FACTOR_V1 "auth.second_factor@1"

/// auth.verify_second_factor@1 - filter, targeted to the challenge's issuer.
///   {"purpose", "user": {"kind", "id"}, "ip", "user_agent",
///    "challenge": {...as issued}, "response": {"<field name>": "<value>"},
///    "attempt": 1-based count for this challenge}
/// OK = verified; REJECTED + message = wrong answer. May change: nothing.
/// The kernel limits attempts and expires the challenge.
#define ATRIUM_HOOK_AUTH_VERIFY_SECOND_FACTOR_V1 "auth.verify_second_factor@1"

/// auth.login_succeeded@1 - event. A session was created (or re-auth passed).
///   {"purpose", "user": {"kind", "id"}, "ip", "user_agent",
///    "second_factor": null | "<challenge type>"}
#define ATRIUM_HOOK_AUTH_LOGIN_SUCCEEDED_V1 "auth.login_succeeded@1"

/// session.policy@1 - filter. Once when a session is created; the result is
/// stored with the session.
///   {"user": {"kind", "id", "roles": [...]},
///    "policy": {"idle_timeout_s", "absolute_timeout_s", "login_notice": null}}
/// May change: "policy.idle_timeout_s", "policy.absolute_timeout_s" (only
/// lower), "policy.login_notice": {"title", "text", "require_ack": bool}.
#define ATRIUM_HOOK_SESSION_POLICY_V1 "session.policy@1"

/// booking.validate@1 - filter. Before a booking is created or moved.
///   {"operation": "create"|"reschedule", "actor": {"kind", "id"|null},
///    "booking": {"id"|null, "service_id", "staff_id", "client_id"|null
///      (null: new client not stored yet), "start_us", "end_us", "note",
///      "source": "public_page"|"back_office"|"api"},
///    "extra": {...fields the plugin's own booking-page assets posted}}
/// May change: nothing (veto only).
#define ATRIUM_HOOK_BOOKING_VALIDATE_V1 "booking.validate@1"

/// booking.created@1 - event. After the booking was stored.
///   {"actor", "booking": {...as in booking.validate@1, with "id",
///    "client_id", "status", "created_at_us"}, "extra": {...}}
#define ATRIUM_HOOK_BOOKING_CREATED_V1 "booking.created@1"

/// booking.cancel_validate@1 - filter. Before a booking is cancelled.
///   {"actor": {"kind", "id"}, "booking": {"id", "service_id", "staff_id",
///    "client_id", "start_us", "end_us", "status", "created_at_us"},
///    "reason": null | "..."}
/// May change: nothing (veto only).
#define ATRIUM_HOOK_BOOKING_CANCEL_VALIDATE_V1 "booking.cancel_validate@1"

/// notification.render@1 - filter. Before a notification is delivered (also
/// the kernel's own); the kernel appends the unsubscribe footer afterwards.
///   {"notification": {"id", "template": "booking.confirmation" |
///      "<plugin id>.<key>" | ..., "channel": "email", "recipient": {"kind",
///      "id"}, "promotional": bool, "subject", "text", "html"|null},
///    "data": {...the values the template was rendered from}}
/// May change: "notification.subject", "notification.text",
/// "notification.html".
#define ATRIUM_HOOK_NOTIFICATION_RENDER_V1 "notification.render@1"

/// privacy.export@1 - filter. While building a subject's data export, which
/// already holds the plugin's records naming the subject (values of SECRET
/// records left out); the plugin adds what those records do not say.
///   {"subject": {"kind", "id"}, "requested_by": {"kind", "id"}}
/// May change: "section": any JSON object, placed under plugins.<plugin id>.
#define ATRIUM_HOOK_PRIVACY_EXPORT_V1 "privacy.export@1"

/// privacy.erase@1 - event. Before the kernel erases a subject; afterwards the
/// kernel deletes every record of the plugin naming the subject, whatever the
/// plugin did.
///   {"subject": {"kind", "id"}, "requested_by": {"kind", "id"}}
#define ATRIUM_HOOK_PRIVACY_ERASE_V1 "privacy.erase@1"

/// business.feature_enabled@1 - event, targeted to the plugin a business just
/// enabled.   {"actor": {"kind", "id"}, "config": {...validated config}}
#define ATRIUM_HOOK_BUSINESS_FEATURE_ENABLED_V1 "business.feature_enabled@1"

/// business.feature_disabled@1 - event, targeted to the plugin a business just
/// disabled (its last call for that business). Records are kept; jobs do not
/// run while disabled.   {"actor": {"kind", "id"}}
#define ATRIUM_HOOK_BUSINESS_FEATURE_DISABLED_V1 "business.feature_disabled@1"

/// job.run@1 - event, targeted to the plugin that scheduled the job; once per
/// tick across all nodes. A fault is retried at the next tick.
///   {"job": {"name", "payload": {...}, "scheduled_for_us", "attempt"}}
#define ATRIUM_HOOK_JOB_RUN_V1 "job.run@1"

/// http.request@1 - filter, targeted to the plugin owning the route. The
/// kernel has already authenticated, checked the audience and CSRF.
///   {"request": {"method", "route": "<registered pattern>", "path",
///      "params": {"<name>": "..."}, "query": {"<name>": "..."},
///      "headers": {"<lower-case name>": "..."}, "body": "<text>", "ip"},
///    "principal": {"kind": "client"|"staff"|"none", "id"|null,
///      "roles": [...], "label": "<login name>"|null},
///    "response": {"status": 404}}
/// May change: "response": {"status", "json": <any>} or {"status", "body",
/// "content_type"}. Statuses map to HTTP: REJECTED 422, INVALID_ARGUMENT 400,
/// NOT_FOUND 404, PERMISSION_DENIED 403, with the message in a JSON body.
#define ATRIUM_HOOK_HTTP_REQUEST_V1 "http.request@1"

/// What a hook callback hands back. Allocated and zeroed by the kernel, which
/// sets struct_size; the plugin fills only fields that struct_size covers.
/// The buffers are allocated by the plugin; the kernel takes ownership when
/// the callback returns and releases them, whatever the status.
typedef struct atrium_hook_result {
  size_t struct_size;
  /// Filter patch (JSON object, see the hook); empty = unchanged.
  atrium_buffer patch;
  /// With REJECTED: shown to the user, in the payload's "locale". With any
  /// other non-OK status: a diagnostic for the log, never shown to users.
  atrium_buffer message;
} atrium_hook_result;

/// A plugin's handler for one hook. `instance` is what on_init produced;
/// `ctx` and `payload_json` are kernel-owned and valid until the call returns;
/// `result` is never NULL. May be called concurrently from several threads,
/// for different businesses; never concurrently with on_init or on_shutdown.
/// Must not unwind (no C++ exception or longjmp may escape).
typedef atrium_status (*atrium_on_hook_fn)(void* instance, atrium_host_ctx* ctx,
                                           atrium_str payload_json,
                                           atrium_hook_result* result);

/// One entry of the plugin's hook table. The table is owned by the plugin and
/// must stay valid and unchanged while the library is loaded (static data).
/// Each id must also be listed in the manifest's capabilities.hooks.
typedef struct atrium_hook {
  size_t struct_size;
  /// One of the ATRIUM_HOOK_*_V1 ids; the kernel refuses unknown ids.
  atrium_str id;
  /// Must match the hook's kind as documented above.
  atrium_hook_kind kind;
  atrium_on_hook_fn on_hook;
} atrium_hook;

#ifdef __cplusplus
}
#endif

#endif
