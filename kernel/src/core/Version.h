#pragma once

namespace atrium::core {

/// The kernel's release version (semver), from the top-level CMake project().
const char* version();

} // namespace atrium::core
