#include "core/Version.h"

#ifndef ATRIUM_VERSION
#error "ATRIUM_VERSION must be defined by the build"
#endif

namespace atrium::core {

const char* version() { return ATRIUM_VERSION; }

} // namespace atrium::core
