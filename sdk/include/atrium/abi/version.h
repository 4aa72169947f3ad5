/// Atrium plugin ABI version.
///
/// A minor version only appends: new hooks, new host functions at the end of
/// the host table, new fields at the end of structs, new status or enum values.
/// Anything else is a major bump. The kernel refuses a plugin whose major
/// differs from its own or whose minor is newer than its own, before running
/// any plugin code beyond the entry symbol (see docs/sdk.md ("Versioning")).
///
/// Which rule covers which direction: a kernel reads an older plugin's structs
/// honouring their struct_size (it never reads past what that minor defined).
/// Since a newer minor is refused, ATRIUM_HAS_FIELD checks in a plugin matter
/// only when it runs on an OLDER kernel (same major, lower minor than its SDK)
/// and uses something a later minor added.
#ifndef ATRIUM_ABI_VERSION_H
#define ATRIUM_ABI_VERSION_H

#include <stdint.h>

/// Typed like atrium_plugin_descriptor.abi_major/abi_minor (uint32_t).
#define ATRIUM_ABI_MAJOR UINT32_C(1)
#define ATRIUM_ABI_MINOR UINT32_C(2)

/// "major.minor" for messages; kept in step with the two numbers above.
#define ATRIUM_ABI_VERSION_STRING "1.2"

#endif
