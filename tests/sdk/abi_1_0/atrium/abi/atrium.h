/// The whole Atrium plugin ABI (pure C99, usable from C++).
#ifndef ATRIUM_ABI_ATRIUM_H
#define ATRIUM_ABI_ATRIUM_H

#include "atrium/abi/version.h"
#include "atrium/abi/types.h"
#include "atrium/abi/hooks.h"
#include "atrium/abi/host.h"
#include "atrium/abi/domain.h"
#include "atrium/abi/plugin.h"
#include "atrium/abi/entry.h"

#endif
