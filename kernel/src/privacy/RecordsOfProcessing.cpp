#include "privacy/RecordsOfProcessing.h"

namespace atrium::privacy {

std::vector<ProcessingActivity> recordsOfProcessing(plugin_host::PluginSystem& plugins, const plugin_host::BusinessRef& business) {
  std::vector<ProcessingActivity> out{
      {"kernel", "client", "Name, email address, phone number, language, notes the business keeps",
       "Booking and providing the services the client asks for; contacting the client about them",
       "Contract (GDPR Art. 6(1)(b))", "The business's staff; the Atrium installation as processor",
       "Until the client is erased (on request, or by a retention feature)"},
      {"kernel", "client", "Bookings: service, provider, times, status, note, price",
       "Providing and accounting for the booked services", "Contract (Art. 6(1)(b)); legal obligation for accounting (Art. 6(1)(c))",
       "The business's staff; the business's own integrations through webhooks (ids only)",
       "Until erased; after erasure only anonymised statistics remain (service, provider, price, month)"},
      {"kernel", "client", "Marketing preferences per channel (email, SMS) and their changes",
       "Sending promotional messages only to clients who opted in", "Consent (Art. 6(1)(a))", "The business",
       "While the client exists; every change is kept as evidence"},
      {"kernel", "staff", "Name, email address, role, password hash, working hours, days off, sessions",
       "Access control to the back office and scheduling", "Contract of employment / legitimate interest (Art. 6(1)(b), (f))",
       "The business's owners and admins", "While the account exists; sessions end after their timeout"},
      {"kernel", "none", "Audit log: who did what to which record, by internal id only",
       "Accountability and security (Art. 5(2), 32)", "Legal obligation / legitimate interest (Art. 6(1)(c), (f))",
       "The business's owners", "Append-only; holds ids, never the personal data itself"},
  };
  for (const auto& feature : plugins.features().list(business)) {
    if (!feature.enabled) continue;
    auto* plugin = plugins.registry().active(feature.pluginId);
    if (!plugin) continue;
    for (const auto& pd : plugin->manifest().personalData)
      out.push_back({feature.pluginId, pd.subject, pd.data, pd.purpose, "As declared by the business for this feature",
                     "The business; the plugin runs inside the Atrium installation", pd.retention});
  }
  return out;
}

} // namespace atrium::privacy
