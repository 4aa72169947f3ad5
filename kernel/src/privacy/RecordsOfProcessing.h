#pragma once
#include "plugin_host/PluginSystem.h"

#include <string>
#include <vector>

namespace atrium::privacy {

/// One processing activity (GDPR Art. 30(1)): what, about whom, why, on what basis,
/// who receives it and how long it is kept.
struct ProcessingActivity {
  std::string source;    ///< "kernel" or the plugin id
  std::string subject;   ///< client | staff | none
  std::string data;
  std::string purpose;
  std::string legalBasis;
  std::string recipients;
  std::string retention;
};

/// The business's records of processing: the kernel's own declarations plus the
/// personal_data section of every plugin the business has enabled.
std::vector<ProcessingActivity> recordsOfProcessing(plugin_host::PluginSystem& plugins, const plugin_host::BusinessRef& business);

} // namespace atrium::privacy
