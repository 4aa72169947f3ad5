/// The plugin descriptor: what a plugin's entry symbol returns.
#ifndef ATRIUM_ABI_PLUGIN_H
#define ATRIUM_ABI_PLUGIN_H

#include "atrium/abi/host.h"
#include "atrium/abi/hooks.h"
#include "atrium/abi/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Called once after the kernel accepted the descriptor and the manifest,
/// before any hook. `host` is valid until on_shutdown returns; `ctx` has no
/// business. Routes are registered here. On ATRIUM_OK, *out_instance is the
/// plugin's state, handed back to every hook and to on_shutdown (may be NULL).
/// On any other status the plugin is marked failed with *out_message (a
/// plugin-allocated buffer the kernel releases; may stay empty) and
/// on_shutdown is not called.
typedef atrium_status (*atrium_on_init_fn)(const atrium_host_api* host,
                                           atrium_host_ctx* ctx,
                                           void** out_instance,
                                           atrium_buffer* out_message);

/// Called once before the library is unloaded, after the last hook returned;
/// frees everything on_init produced. `ctx` has no business.
typedef void (*atrium_on_shutdown_fn)(void* instance, atrium_host_ctx* ctx);

/// Static data owned by the plugin, valid while the library is loaded.
/// The first three fields are frozen across every major version so that any
/// kernel can read the ABI version of any plugin before refusing it.
typedef struct atrium_plugin_descriptor {
  size_t struct_size;
  /// ATRIUM_ABI_MAJOR and ATRIUM_ABI_MINOR the plugin was built against.
  uint32_t abi_major;
  uint32_t abi_minor;
  /// The plugin.json text (JSON object); the kernel copies what it keeps.
  atrium_str manifest_json;
  atrium_on_init_fn on_init;
  /// May be NULL when on_init allocates nothing.
  atrium_on_shutdown_fn on_shutdown;
  /// hook_count entries; each id at most once.
  const atrium_hook* hooks;
  size_t hook_count;
} atrium_plugin_descriptor;

#ifdef __cplusplus
}
#endif

#endif
