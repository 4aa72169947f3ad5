#pragma once
#include "auth/Sessions.h"
#include "base/Business.h"
#include "plugin_host/PluginRuntime.h"

namespace atrium::auth {

/// Connects login to the plugins enabled for the user's business: auth.second_factor@1
/// (a plugin may demand a challenge), auth.verify_second_factor@1 (to the issuer),
/// session.policy@1 (may lower the timeouts) and auth.login_succeeded@1. A plugin fault
/// in a filter fails closed: the login is refused rather than let through unchecked.
LoginHooks pluginLoginHooks(plugin_host::PluginRuntime& plugins, base::BusinessDirectory& businesses);

} // namespace atrium::auth
