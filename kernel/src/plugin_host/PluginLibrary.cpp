#include "plugin_host/PluginLibrary.h"

#define BOOST_DLL_USE_STD_FS
#include <boost/dll/shared_library.hpp>

#include <cstddef>

namespace atrium::plugin_host {

struct PluginLibrary::Impl {
  boost::dll::shared_library library;
};

PluginLibrary::~PluginLibrary() = default;

std::string kernelAbiVersion() { return std::to_string(ATRIUM_ABI_MAJOR) + "." + std::to_string(ATRIUM_ABI_MINOR); }

namespace {

/// Boost wraps dlerror() in its own sentence; keep the loader's words, which name the
/// missing symbol or file.
std::string loaderMessage(const std::exception& e) {
  std::string what = e.what();
  auto start = what.find("dlerror system message: ");
  if (start == std::string::npos) return what;
  start += 24;
  auto end = what.rfind(')');
  return what.substr(start, end == std::string::npos || end < start ? std::string::npos : end - start);
}

/// The end of the last field of atrium_hook in ABI 1.0: the smallest entry a plugin may declare.
constexpr std::size_t kHookEntryV10Size = offsetof(atrium_hook, on_hook) + sizeof(atrium_on_hook_fn);

} // namespace

std::unique_ptr<PluginLibrary> PluginLibrary::open(const std::filesystem::path& path) {
  std::unique_ptr<PluginLibrary> lib(new PluginLibrary());
  lib->path_ = path;
  lib->impl_ = std::make_unique<Impl>();
  try {
    lib->impl_->library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    throw LoadError("cannot load " + path.filename().string() + ": " + loaderMessage(e));
  }
  if (!lib->impl_->library.has(ATRIUM_PLUGIN_ENTRY_SYMBOL))
    throw LoadError("no entry symbol " ATRIUM_PLUGIN_ENTRY_SYMBOL " in " + path.filename().string() +
                    " (is it an Atrium plugin built with ATRIUM_PLUGIN / atrium_add_plugin?)");
  auto& entry = lib->impl_->library.get<atrium_plugin_entry_fn_type>(ATRIUM_PLUGIN_ENTRY_SYMBOL);
  const atrium_plugin_descriptor* d = entry();
  if (!d) throw LoadError("the entry symbol returned no descriptor");
  constexpr std::size_t kVersionEnd = offsetof(atrium_plugin_descriptor, abi_minor) + sizeof(uint32_t);
  if (d->struct_size < kVersionEnd) throw LoadError("the plugin descriptor is too small to hold an ABI version");
  if (d->abi_major != ATRIUM_ABI_MAJOR || d->abi_minor > ATRIUM_ABI_MINOR)
    throw LoadError("built for ABI " + std::to_string(d->abi_major) + "." + std::to_string(d->abi_minor) +
                    ", this kernel speaks " + kernelAbiVersion());
  constexpr std::size_t kV10End = offsetof(atrium_plugin_descriptor, hook_count) + sizeof(size_t);
  if (d->struct_size < kV10End) throw LoadError("the plugin descriptor is smaller than ABI 1.0 defines");
  lib->descriptor_ = d;

  if (!d->manifest_json.ptr || d->manifest_json.len == 0) throw LoadError("manifest: the plugin has no compiled-in manifest");
  try {
    lib->manifest_ = Manifest::parse(std::string_view(d->manifest_json.ptr, d->manifest_json.len));
  } catch (const ManifestError& e) {
    throw LoadError(e.what());
  }
  const Manifest& m = lib->manifest_;
  SemVer abi{static_cast<int>(d->abi_major), static_cast<int>(d->abi_minor), 0, {}};
  if (!m.abi.matches(abi))
    throw LoadError("manifest: abi '" + m.abi.text() + "' does not include the ABI " + std::to_string(d->abi_major) + "." +
                    std::to_string(d->abi_minor) + " the library was built for");
  if (!d->on_init) throw LoadError("the plugin descriptor has no on_init");
  if (d->hook_count > 0 && !d->hooks) throw LoadError("the plugin descriptor lists hooks but has no hook table");
  // The table's stride is the plugin's sizeof(atrium_hook), read from the first entry's
  // struct_size (a later minor may append fields); this kernel reads the 1.0 fields only.
  const std::size_t stride = d->hook_count > 0 ? d->hooks[0].struct_size : 0;
  if (d->hook_count > 0 && stride < kHookEntryV10Size)
    throw LoadError("hook table: entries of " + std::to_string(stride) + " bytes (struct_size), smaller than the " +
                    std::to_string(kHookEntryV10Size) + " of ABI 1.0");
  if (stride % alignof(atrium_hook) != 0)
    throw LoadError("hook table: entries of " + std::to_string(stride) + " bytes (struct_size), not a multiple of the " +
                    std::to_string(alignof(atrium_hook)) + " an atrium_hook is aligned to");
  const auto* table = reinterpret_cast<const unsigned char*>(d->hooks);
  for (std::size_t i = 0; i < d->hook_count; ++i) {
    const atrium_hook& h = *reinterpret_cast<const atrium_hook*>(table + i * stride);
    if (h.struct_size != stride)
      throw LoadError("hook table: entry " + std::to_string(i) + " has struct_size " + std::to_string(h.struct_size) +
                      ", entry 0 has " + std::to_string(stride) + " (every entry must have the table's layout)");
    std::string_view name(h.id.ptr ? h.id.ptr : "", h.id.len);
    auto id = findHook(name);
    if (!id) throw LoadError("hook table: unknown hook '" + std::string(name) + "'");
    const HookInfo& info = hookInfo(*id);
    if (static_cast<int>(info.kind) != h.kind)
      throw LoadError("hook table: " + std::string(name) + " is " + (info.kind == HookKind::Filter ? "a filter" : "an event"));
    if (!h.on_hook) throw LoadError("hook table: " + std::string(name) + " has no handler");
    if (!m.declaresHook(*id))
      throw LoadError("hook table: " + std::string(name) + " is not declared in the manifest's capabilities.hooks");
    auto& slot = lib->handlers_[static_cast<std::size_t>(*id)];
    if (slot) throw LoadError("hook table: " + std::string(name) + " is listed twice");
    slot = h.on_hook;
  }
  return lib;
}

} // namespace atrium::plugin_host
