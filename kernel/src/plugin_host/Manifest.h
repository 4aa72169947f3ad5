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
  std::string json; ///< the manifest text as compiled into the plugin

  /// Throws ManifestError.
  static Manifest parse(std::string_view json);

  bool declaresHook(HookId hook) const;
  bool allowsHost(std::string_view capability) const;
  bool allowsDomainCall(std::string_view call) const;
  /// A UI string in the locale, falling back to English, then to the key itself.
  std::string text(std::string_view locale, const std::string& key) const;
};

} // namespace atrium::plugin_host
