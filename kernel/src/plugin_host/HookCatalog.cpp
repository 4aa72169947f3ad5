#include "plugin_host/HookCatalog.h"

#include <atrium/abi/domain.h>
#include <atrium/abi/hooks.h>

#include <algorithm>

namespace atrium::plugin_host {
namespace {

constexpr std::array<HookInfo, kHookCount> kHooks{{
#define ATRIUM_KERNEL_HOOK_INFO(name, id, kind, targeted) {HookId::name, id, static_cast<HookKind>(kind), (targeted) != 0},
    ATRIUM_HOOKS(ATRIUM_KERNEL_HOOK_INFO)
#undef ATRIUM_KERNEL_HOOK_INFO
}};
static_assert(static_cast<int>(HookKind::Event) == ATRIUM_HOOK_EVENT && static_cast<int>(HookKind::Filter) == ATRIUM_HOOK_FILTER);

constexpr std::array<std::string_view, 6> kHostCapabilities{"records", "audit", "notify", "jobs", "routes", "domain"};
constexpr std::array<std::string_view, 5> kDomainCalls{ATRIUM_DOMAIN_BOOKING_GET_V1, ATRIUM_DOMAIN_CLIENT_GET_V1,
                                                       ATRIUM_DOMAIN_HISTORY_PURGE_V1, ATRIUM_DOMAIN_CLIENT_BOOKINGS_V1,
                                                       ATRIUM_DOMAIN_SERVICE_GET_V1};

} // namespace

const std::array<HookInfo, kHookCount>& hookCatalog() { return kHooks; }

const HookInfo& hookInfo(HookId id) { return kHooks[static_cast<std::size_t>(id)]; }

std::optional<HookId> findHook(std::string_view name) {
  for (const auto& h : kHooks)
    if (h.name == name) return h.id;
  return std::nullopt;
}

bool isHostCapability(std::string_view name) {
  return std::find(kHostCapabilities.begin(), kHostCapabilities.end(), name) != kHostCapabilities.end();
}

bool isDomainCall(std::string_view name) {
  return std::find(kDomainCalls.begin(), kDomainCalls.end(), name) != kDomainCalls.end();
}

} // namespace atrium::plugin_host
