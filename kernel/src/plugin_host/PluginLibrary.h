#pragma once
#include "plugin_host/Manifest.h"

#include <atrium/abi/atrium.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace atrium::plugin_host {

/// Why a library was refused; the message is for an administrator and precise
/// ("built for ABI 2.0, this kernel speaks 1.0", the loader's dlerror text, …).
class LoadError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// One plugin shared library, opened through Boost.DLL (RTLD_NOW | RTLD_LOCAL) and
/// checked before any of its code beyond the entry symbol runs: descriptor size, ABI
/// major/minor, the compiled-in manifest, the hook table against the manifest.
/// The library stays mapped for the object's lifetime; nothing obtained from it
/// (descriptor, hook functions, instance) may outlive it.
class PluginLibrary {
public:
  /// Throws LoadError.
  static std::unique_ptr<PluginLibrary> open(const std::filesystem::path& path);
  ~PluginLibrary();

  const std::filesystem::path& path() const { return path_; }
  const atrium_plugin_descriptor& descriptor() const { return *descriptor_; }
  const Manifest& manifest() const { return manifest_; }
  /// The plugin's handler for a hook, or nullptr when its table has none.
  atrium_on_hook_fn handler(HookId hook) const { return handlers_[static_cast<std::size_t>(hook)]; }

private:
  struct Impl;
  PluginLibrary() = default;
  std::unique_ptr<Impl> impl_;
  std::filesystem::path path_;
  const atrium_plugin_descriptor* descriptor_ = nullptr;
  Manifest manifest_;
  std::array<atrium_on_hook_fn, kHookCount> handlers_{};
};

/// "1.0": the ABI this kernel speaks.
std::string kernelAbiVersion();

} // namespace atrium::plugin_host
