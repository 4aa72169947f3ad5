#include "privacy/RecordsOfProcessing.h"

#include "core/Text.h"

namespace atrium::privacy {

namespace {

using core::Text;

struct KernelActivity {
  const char* subject;
  Text data, purpose, legalBasis, recipients, retention;
};

/// The kernel's own processing, each text an English template translated through the
/// kernel's message catalogue (kernel/i18n/messages.<locale>.json).
const std::vector<KernelActivity>& kernelActivities() {
  static const std::vector<KernelActivity> activities{
      {"client", Text("Name, email address, phone number, language, notes the business keeps"),
       Text("Booking and providing the services the client asks for; contacting the client about them"),
       Text("Contract (GDPR Art. 6(1)(b))"), Text("The business's staff; the Atrium installation as processor"),
       Text("Until the client is erased (on request, or by a retention feature)")},
      {"client", Text("Bookings: service, provider, times, status, note, price"),
       Text("Providing and accounting for the booked services"),
       Text("Contract (Art. 6(1)(b)); legal obligation for accounting (Art. 6(1)(c))"),
       Text("The business's staff; the business's own integrations through webhooks (ids only)"),
       Text("Until erased; after erasure only anonymised statistics remain (service, provider, price, month)")},
      {"client", Text("Marketing preferences per channel (email, SMS) and their changes"),
       Text("Sending promotional messages only to clients who opted in"), Text("Consent (Art. 6(1)(a))"), Text("The business"),
       Text("While the client exists; every change is kept as evidence")},
      {"staff", Text("Name, email address, role, password hash, working hours, days off, sessions"),
       Text("Access control to the back office and scheduling"),
       Text("Contract of employment / legitimate interest (Art. 6(1)(b), (f))"), Text("The business's owners and admins"),
       Text("While the account exists; sessions end after their timeout")},
      {"none", Text("Audit log: who did what to which record, by internal id only"),
       Text("Accountability and security (Art. 5(2), 32)"), Text("Legal obligation / legitimate interest (Art. 6(1)(c), (f))"),
       Text("The business's owners"), Text("Append-only; holds ids, never the personal data itself")},
  };
  return activities;
}

/// The kernel's catalogues cover every locale they list (a test checks every entry).
bool kernelSpeaks(std::string_view locale) {
  for (auto l : core::kLocales)
    if (l == locale) return true;
  return false;
}

} // namespace

std::vector<ProcessingActivity> recordsOfProcessing(plugin_host::PluginRuntime& plugins, const plugin_host::BusinessRef& business,
                                                    std::string_view locale) {
  const std::string kernelLocale = kernelSpeaks(locale) ? std::string(locale) : "en";
  std::vector<ProcessingActivity> out;
  for (const auto& a : kernelActivities())
    out.push_back({"kernel", a.subject, a.data.render(kernelLocale), a.purpose.render(kernelLocale), a.legalBasis.render(kernelLocale),
                   a.recipients.render(kernelLocale), a.retention.render(kernelLocale), kernelLocale});
  const std::string legalBasis = Text("As declared by the business for this feature").render(kernelLocale);
  const std::string recipients = Text("The business; the plugin runs inside the Atrium installation").render(kernelLocale);
  for (const auto& feature : plugins.features().list(business)) {
    if (!feature.enabled) continue;
    auto* plugin = plugins.registry().active(feature.pluginId);
    if (!plugin) continue;
    const auto& manifest = plugin->manifest();
    for (size_t i = 0; i < manifest.personalData.size(); ++i) {
      auto pd = manifest.personalDataIn(locale, i);
      out.push_back({feature.pluginId, pd.subject, pd.data, pd.purpose, legalBasis, recipients, pd.retention,
                     pd.translated ? std::string(locale) : "en"});
    }
  }
  return out;
}

} // namespace atrium::privacy
