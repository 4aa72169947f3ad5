#pragma once
#include "plugin_host/HookCatalog.h"
#include "plugin_services/HostServices.h"

#include <rapidjson/document.h>

#include <string>

namespace atrium::cli {

/// The sample people and things of `atrium plugin check`: ids unlikely to appear by
/// chance in a record, so a record that still mentions them after erasure is a leak.
constexpr const char* kSampleClientId = "73019";
constexpr const char* kSampleBookingId = "555";
constexpr const char* kSampleCanary = "Canary-Zq7x";

/// Adds a realistic hook-specific payload for `hook` (docs/sdk.md) to `d`, naming the
/// sample client and the staff user `staffId`.
void samplePayload(plugin_host::HookId hook, rapidjson::Document& d, const std::string& staffId);

/// Adds the http.request@1 payload of a call of `route` to `d`, as the kernel's router
/// builds it: each {param} of the path filled with a sample value (a client, booking or
/// staff id when the name says so, else "sample"), a JSON body "{}" for methods that
/// carry one, and, for a staff route, the staff user `staffId` as an owner.
void sampleRoutePayload(const plugin_services::PluginRoute& route, rapidjson::Document& d, const std::string& staffId);

/// `route.path` with each {param} replaced by request.params.<param> of `request`.
std::string fillPath(const std::string& routePath, const rapidjson::Value& params);

/// What the checker's stand-in domain answers: the sample client and booking for
/// client.get@1 and booking.get@1 (NOT_FOUND for other ids), nothing purged for
/// history.purge@1, UNIMPLEMENTED for anything else.
plugin_services::DomainAnswer sampleDomainAnswer(const std::string& call, const std::string& paramsJson, const std::string& staffId);

} // namespace atrium::cli
