#include "plugin_host/HookCatalog.h"

#include <atrium/abi/domain.h>
#include <atrium/abi/hooks.h>

#include <algorithm>

namespace atrium::plugin_host {
namespace {

constexpr std::array<HookInfo, kHookCount> kHooks{{
    {HookId::AuthSecondFactor, ATRIUM_HOOK_AUTH_SECOND_FACTOR_V1, HookKind::Filter, false},
    {HookId::AuthVerifySecondFactor, ATRIUM_HOOK_AUTH_VERIFY_SECOND_FACTOR_V1, HookKind::Filter, true},
    {HookId::AuthLoginSucceeded, ATRIUM_HOOK_AUTH_LOGIN_SUCCEEDED_V1, HookKind::Event, false},
    {HookId::SessionPolicy, ATRIUM_HOOK_SESSION_POLICY_V1, HookKind::Filter, false},
    {HookId::BookingValidate, ATRIUM_HOOK_BOOKING_VALIDATE_V1, HookKind::Filter, false},
    {HookId::BookingCreated, ATRIUM_HOOK_BOOKING_CREATED_V1, HookKind::Event, false},
    {HookId::BookingCancelValidate, ATRIUM_HOOK_BOOKING_CANCEL_VALIDATE_V1, HookKind::Filter, false},
    {HookId::NotificationRender, ATRIUM_HOOK_NOTIFICATION_RENDER_V1, HookKind::Filter, false},
    {HookId::PrivacyExport, ATRIUM_HOOK_PRIVACY_EXPORT_V1, HookKind::Filter, false},
    {HookId::PrivacyErase, ATRIUM_HOOK_PRIVACY_ERASE_V1, HookKind::Event, false},
    {HookId::FeatureEnabled, ATRIUM_HOOK_BUSINESS_FEATURE_ENABLED_V1, HookKind::Event, true},
    {HookId::FeatureDisabled, ATRIUM_HOOK_BUSINESS_FEATURE_DISABLED_V1, HookKind::Event, true},
    {HookId::JobRun, ATRIUM_HOOK_JOB_RUN_V1, HookKind::Event, true},
    {HookId::HttpRequest, ATRIUM_HOOK_HTTP_REQUEST_V1, HookKind::Filter, true},
}};

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
