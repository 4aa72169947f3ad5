#pragma once
#include <atrium/abi/host.h>

#include <cstdint>
#include <string>

namespace atrium::plugin_host {

struct LoadedPlugin;

/// The host-API table (abi/host.h) the runtime hands to plugins, and the opaque state its
/// functions find in every call's context. The runtime only carries both: what the
/// functions do is the host-services adapter's (src/plugin_services/), above the domain.
struct HostTable {
  const atrium_host_api* api = nullptr;
  void* state = nullptr;
};

} // namespace atrium::plugin_host

/// The context of one call into a plugin (opaque to plugins, abi/types.h). Lives on the
/// dispatching thread's stack for the duration of the callback.
struct atrium_host_ctx {
  void* host = nullptr;                                 ///< HostTable::state: the adapter's, opaque to the runtime
  const atrium::plugin_host::LoadedPlugin* plugin = nullptr;
  std::int64_t businessId = 0;                          ///< 0: no business (on_init, on_shutdown)
  bool initPhase = false;                               ///< routes may be registered only now
  const std::string* config = nullptr;                  ///< the business's config for the plugin, when already known
  std::string lastError;                                ///< why the last host call of this callback was not OK (host last_error)
};
