#pragma once
#include <atrium/abi/hooks.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace atrium::plugin_host {

/// The hooks of the ABI (ATRIUM_HOOKS in sdk/include/atrium/abi/hooks.h, in its order).
/// Indexes the per-business dispatch tables, so dispatch never compares strings.
enum class HookId : std::size_t {
#define ATRIUM_KERNEL_HOOK_ID(name, id, kind, targeted) name,
  ATRIUM_HOOKS(ATRIUM_KERNEL_HOOK_ID)
#undef ATRIUM_KERNEL_HOOK_ID
  Count
};

enum class HookKind { Event = 1, Filter = 2 };

struct HookInfo {
  HookId id;
  std::string_view name; ///< "booking.validate@1"
  HookKind kind;
  /// Delivered only to one plugin (the enabled/disabled one, the job's or route's owner, the challenge issuer).
  bool targeted;
};

constexpr std::size_t kHookCount = static_cast<std::size_t>(HookId::Count);

const std::array<HookInfo, kHookCount>& hookCatalog();
const HookInfo& hookInfo(HookId id);
std::optional<HookId> findHook(std::string_view name);

/// Host capabilities a manifest may declare (capabilities.host).
bool isHostCapability(std::string_view name);
/// Domain calls a manifest may declare (capabilities.domain), see abi/domain.h.
bool isDomainCall(std::string_view name);

} // namespace atrium::plugin_host
