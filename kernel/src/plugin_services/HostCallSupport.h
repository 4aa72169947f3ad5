#pragma once
// The helpers every host function (abi/host.h) shares: argument views, buffers handed to
// the plugin, the capability and business checks, refusals (logged, kept for last_error)
// and the guard that keeps kernel exceptions from crossing into a plugin. Only the
// HostRecordCalls.cpp and HostServiceCalls.cpp trampolines include it.
#include "core/Json.h"
#include "core/Log.h"
#include "plugin_services/HostServices.h"
#include "plugin_host/PluginRecords.h"
#include "plugin_host/PluginRegistry.h"
#include "store/DatabaseError.h"

#include <rapidjson/document.h>

#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>

namespace atrium::plugin_services {

using plugin_host::LoadedPlugin;
using plugin_host::PluginRecord;
using plugin_host::PluginRecords;
using plugin_host::Subject;

/// The services a call's context carries (admit() has checked it is there).
inline HostServices& services(atrium_host_ctx* ctx) { return *HostServices::of(ctx); }

/// Fills the record calls of the table (record_put … counter_add).
void installRecordCalls(atrium_host_api& api);
/// Fills the other calls of the table (log, config, audit, notify, jobs, routes, domain, …).
void installServiceCalls(atrium_host_api& api);

inline std::string_view view(atrium_str s) { return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view(); }

inline atrium_buffer hostBuffer(std::string text) {
  auto* owned = new std::string(std::move(text));
  return atrium_buffer{owned->data(), owned->size(), owned, [](void* p) { delete static_cast<std::string*>(p); }};
}

inline void clear(atrium_buffer* out) {
  if (out) *out = atrium_buffer{nullptr, 0, nullptr, nullptr};
}

/// A non-OK answer that is an ordinary outcome (no such record): the plugin may ask why
/// (host last_error), nothing is logged.
inline atrium_status answer(atrium_host_ctx* ctx, atrium_status status, std::string_view reason) {
  if (ctx) ctx->lastError = reason;
  return status;
}

/// Logs a refused call (plugin id, function, reason; never payloads), keeps the reason for
/// the plugin (host last_error) and returns status.
inline atrium_status refuse(atrium_host_ctx* ctx, std::string_view function, atrium_status status, std::string_view reason) {
  if (ctx) ctx->lastError = std::string(function) + ": " + std::string(reason);
  if (status == ATRIUM_PERMISSION_DENIED && ctx && ctx->host && ctx->plugin) services(ctx).refused().note(ctx->plugin->id(), function);
  core::Log::warn("plugin.host_call_refused",
                  {{"plugin", ctx && ctx->plugin ? std::string_view(ctx->plugin->id()) : std::string_view("?")},
                   {"function", function},
                   {"status", static_cast<std::int64_t>(status)},
                   {"reason", reason}});
  return status;
}

/// Common checks: a valid context, the capability (empty = always allowed), a business.
inline atrium_status admit(atrium_host_ctx* ctx, std::string_view function, std::string_view capability, bool needsBusiness) {
  if (!ctx || !ctx->host || !ctx->plugin) return ATRIUM_INVALID_ARGUMENT;
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
inline atrium_status guarded(atrium_host_ctx* ctx, std::string_view function, Body&& body) noexcept {
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

inline bool validCollection(std::string_view c) {
  static const std::regex kCollection("^[a-z0-9_.-]{1,64}$");
  return std::regex_match(c.begin(), c.end(), kCollection);
}

inline bool validJson(std::string_view text) {
  rapidjson::Document d;
  return !!core::parseJson(d, text);
}

inline std::optional<Subject> subjectFrom(const atrium_subject& s) {
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
inline bool subjectBelongs(store::Connection& c, std::int64_t businessId, const Subject& s) {
  if (s.kind != "staff") return true;
  return c.queryOne("SELECT 1 FROM users WHERE id = ? AND business_id = ?", {std::stoll(s.id), businessId}).has_value();
}

} // namespace atrium::plugin_services
