/// The Atrium plugin SDK for C++17: include this, derive from
/// atrium::sdk::Plugin and export the class with ATRIUM_PLUGIN.
#ifndef ATRIUM_SDK_SDK_HPP
#define ATRIUM_SDK_SDK_HPP

#include "atrium/abi/atrium.h"
#include "atrium/sdk/Abi.hpp"
#include "atrium/sdk/Glue.hpp"
#include "atrium/sdk/Host.hpp"
#include "atrium/sdk/Json.hpp"
#include "atrium/sdk/JsonBuilder.hpp"
#include "atrium/sdk/Plugin.hpp"
#include "atrium/sdk/Status.hpp"
#include "atrium/sdk/Types.hpp"

#endif
