/// The one symbol a plugin library exports.
///
/// The kernel resolves ATRIUM_PLUGIN_ENTRY_SYMBOL (e.g. with
/// boost::dll::shared_library::get<atrium_plugin_entry_fn_type>), calls it
/// once, checks the descriptor's struct_size and ABI version, then the
/// manifest, and only then calls on_init. "_v1" names this entry protocol (a
/// function returning a descriptor whose first three fields are frozen), not
/// the ABI major: it stays when the ABI major changes.
#ifndef ATRIUM_ABI_ENTRY_H
#define ATRIUM_ABI_ENTRY_H

#include "atrium/abi/plugin.h"

#if defined(_WIN32) || defined(__CYGWIN__)
#define ATRIUM_PLUGIN_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define ATRIUM_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define ATRIUM_PLUGIN_EXPORT
#endif

#define ATRIUM_PLUGIN_ENTRY_SYMBOL "atrium_plugin_entry_v1"

#ifdef __cplusplus
extern "C" {
#endif

/// Returns the plugin's static descriptor; never NULL, never fails, runs no
/// plugin logic (no allocation, no I/O), callable from any thread.
typedef const atrium_plugin_descriptor* atrium_plugin_entry_fn_type(void);
typedef atrium_plugin_entry_fn_type* atrium_plugin_entry_fn;

ATRIUM_PLUGIN_EXPORT const atrium_plugin_descriptor* atrium_plugin_entry_v1(void);

#ifdef __cplusplus
}
#endif

#endif
