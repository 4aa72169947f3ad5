#pragma once
#include "plugin_host/ConfigSchema.h"
#include "plugin_host/HookCatalog.h"
#include "plugin_host/SemVer.h"

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::plugin_host {

/// A manifest that breaks the rules of docs/sdk.md; the message starts with
/// "manifest: " and names the first field at fault.
class ManifestError : public std::runtime_error {
public:
  explicit ManifestError(const std::string& what) : std::runtime_error("manifest: " + what) {}
};

struct PersonalData {
  std::string subject; ///< client | staff | none
  std::string data;
  std::string purpose;
  std::string retention;
  bool translated = false; ///< personalDataIn(): data, purpose and retention all came from ui.<locale>
};

/// A page piece a plugin ships under its web/ folder and where the pages mount it
/// (docs/sdk.md, "Pages"): an ES module exporting mount(element, context).
struct WebMount {
  std::string slot;   ///< settings | account | client_tab | booking_step | manage_booking
  std::string module; ///< path under the plugin's web/ folder, e.g. "settings.js"
};

struct Dependency {
  std::string pluginId;
  VersionRange range;
};

/// A parsed, validated plugin.json. Immutable once parsed.
struct Manifest {
  std::string id;
  std::string name;
  SemVer version;
  std::string vendor;
  std::string licence;
  std::string description;
  VersionRange abi;
  int priority = 100;
  std::vector<Dependency> requirements; ///< "requires"
  std::vector<Dependency> conflicts;
  std::vector<HookId> hooks;
  std::vector<std::string> hostCapabilities;
  std::vector<std::string> domainCalls;
  ConfigSchema configSchema;
  std::vector<PersonalData> personalData;
  std::map<std::string, std::map<std::string, std::string>> ui; ///< locale → key → text
  std::vector<WebMount> webMounts; ///< "web": {"mounts": [...]}, optional
  std::string json; ///< the manifest text as compiled into the plugin
  std::string configSchemaJson; ///< "config_schema" as JSON text, for the pages (parsed once)
  std::string uiJson;           ///< "ui" as JSON text, for the pages (parsed once)

  /// Throws ManifestError.
  static Manifest parse(std::string_view json);

  /// The slots the pages know; a mount names one of them.
  static bool isWebSlot(std::string_view slot);
  /// True for the slots the public booking pages mount (no staff session there).
  static bool isPublicWebSlot(std::string_view slot);

  bool declaresHook(HookId hook) const;
  bool allowsHost(std::string_view capability) const;
  bool allowsDomainCall(std::string_view call) const;
  /// A UI string in the locale, falling back to English, then to the key itself.
  std::string text(std::string_view locale, const std::string& key) const;
  /// personal_data[index] in the locale: each of data, purpose and retention from the ui
  /// string "personal_data.<index>.<field>" of that locale when the plugin gives one, else
  /// the entry's own text (English). `index` < personalData.size().
  PersonalData personalDataIn(std::string_view locale, size_t index) const;
};

} // namespace atrium::plugin_host
