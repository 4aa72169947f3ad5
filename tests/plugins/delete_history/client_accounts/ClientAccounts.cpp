/// A stand-in for a client login feature: it does nothing but exist under the id that
/// delete_history's manifest names in "conflicts", so the test can enable both.
#include <atrium/sdk/Sdk.hpp>

namespace {
class ClientAccounts : public atrium::sdk::Plugin {};
} // namespace

ATRIUM_PLUGIN(ClientAccounts, ATRIUM_PLUGIN_MANIFEST)
