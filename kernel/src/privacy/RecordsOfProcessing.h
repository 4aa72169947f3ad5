#pragma once
#include "plugin_host/PluginRuntime.h"

#include <string>
#include <string_view>
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
  std::string locale;    ///< the language the texts are in: the one asked for, or "en" when not offered in it
};

/// The business's records of processing: the kernel's own declarations plus the
/// personal_data section of every plugin the business has enabled, in `locale` ("en",
/// "zh-TW"): the kernel's through its message catalogue, a plugin's from its manifest's
/// ui.<locale> "personal_data.<n>.<field>" strings, each activity in English where its
/// plugin gives no such translation.
std::vector<ProcessingActivity> recordsOfProcessing(plugin_host::PluginRuntime& plugins, const plugin_host::BusinessRef& business,
                                                    std::string_view locale = "en");

} // namespace atrium::privacy
