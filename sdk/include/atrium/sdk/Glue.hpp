/// The glue between a Plugin subclass and the C ABI, and ATRIUM_PLUGIN.
/// Everything here except the macro is wrapper machinery, not for plugins.
#ifndef ATRIUM_SDK_GLUE_HPP
#define ATRIUM_SDK_GLUE_HPP

#include "atrium/abi/atrium.h"
#include "atrium/sdk/Abi.hpp"
#include "atrium/sdk/Host.hpp"
#include "atrium/sdk/Json.hpp"
#include "atrium/sdk/Plugin.hpp"
#include "atrium/sdk/Status.hpp"

#include <array>
#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace atrium::sdk {

/// What the kernel's opaque `instance` pointer points to.
struct PluginInstance {
  const atrium_host_api* api;
  std::unique_ptr<Plugin> plugin;
};

/// Copies `text` into `*buffer` if it can; leaves it empty when out of memory.
inline void setMessage(atrium_buffer* buffer, std::string_view text) noexcept {
  if (buffer == nullptr) {
    return;
  }
  try {
    *buffer = makeBuffer(std::string(text));
  } catch (...) {
    *buffer = atrium_buffer{nullptr, 0, nullptr, nullptr};
  }
}

/// Runs `body` and turns any exception into a status, with its message
/// written to `*message` (may be null): Error keeps its status, anything else
/// is Internal. Nothing escapes.
template <typename Body>
atrium_status guarded(atrium_buffer* message, Body&& body) noexcept {
  try {
    return body();
  } catch (const Error& error) {
    setMessage(message, error.status().message());
    return error.status().isOk() ? ATRIUM_INTERNAL
                                 : toAbi(error.status().code());
  } catch (const std::exception& error) {
    setMessage(message, error.what());
    return ATRIUM_INTERNAL;
  } catch (...) {
    setMessage(message, "unknown exception");
    return ATRIUM_INTERNAL;
  }
}

inline atrium_buffer* resultField(atrium_hook_result* result,
                                  atrium_buffer atrium_hook_result::*field,
                                  std::size_t end) noexcept {
  return result != nullptr && result->struct_size >= end ? &(result->*field)
                                                         : nullptr;
}

/// What every hook entry does first: finds the instance, makes a Host for this
/// call and parses the payload, then runs `body(plugin, host, payload)` guarded.
template <typename Body>
atrium_status withPayload(void* instance, atrium_host_ctx* ctx,
                          atrium_str payload, atrium_buffer* message,
                          Body&& body) noexcept {
  return guarded(message, [&]() -> atrium_status {
    if (instance == nullptr) {
      return ATRIUM_INVALID_ARGUMENT;
    }
    PluginInstance& self = *static_cast<PluginInstance*>(instance);
    Host host(*self.api, ctx);
    const rapidjson::Document document = parseJson(fromAbi(payload)).value();
    return body(*self.plugin, host, document);
  });
}

template <void (Plugin::*Method)(Host&, const rapidjson::Value&)>
atrium_status dispatchEvent(void* instance, atrium_host_ctx* ctx,
                            atrium_str payload,
                            atrium_hook_result* result) noexcept {
  atrium_buffer* message =
      resultField(result, &atrium_hook_result::message,
                  offsetof(atrium_hook_result, message) + sizeof(atrium_buffer));
  return withPayload(instance, ctx, payload, message,
                     [](Plugin& plugin, Host& host,
                        const rapidjson::Value& document) -> atrium_status {
                       (plugin.*Method)(host, document);
                       return ATRIUM_OK;
                     });
}

template <FilterResult (Plugin::*Method)(Host&, const rapidjson::Value&)>
atrium_status dispatchFilter(void* instance, atrium_host_ctx* ctx,
                             atrium_str payload,
                             atrium_hook_result* result) noexcept {
  atrium_buffer* message =
      resultField(result, &atrium_hook_result::message,
                  offsetof(atrium_hook_result, message) + sizeof(atrium_buffer));
  atrium_buffer* patch =
      resultField(result, &atrium_hook_result::patch,
                  offsetof(atrium_hook_result, patch) + sizeof(atrium_buffer));
  return withPayload(
      instance, ctx, payload, message,
      [&](Plugin& plugin, Host& host,
          const rapidjson::Value& document) -> atrium_status {
        const FilterResult decision = (plugin.*Method)(host, document);
        if (patch != nullptr) {
          *patch = makeBuffer(decision.patchJson());
        }
        if (message != nullptr) {
          *message = makeBuffer(decision.message());
        }
        return toAbi(decision.code());
      });
}

struct HookSpec {
  atrium_str id;
  atrium_hook_kind kind;
  atrium_on_hook_fn onHook;
  bool used;
};

/// True when the two member pointers differ in type, i.e. when the derived
/// class declares the member itself instead of inheriting Plugin's.
template <typename Derived, typename Base>
constexpr bool overrides(Derived, Base) noexcept {
  return !std::is_same_v<Derived, Base>;
}

template <std::size_t N>
constexpr atrium_str hookId(const char (&id)[N]) noexcept {
  return atrium_str{id, N - 1};
}

/// The dispatcher of one override: a filter for a method returning FilterResult,
/// an event for one returning void.
using FilterMethod = FilterResult (Plugin::*)(Host&, const rapidjson::Value&);
using EventMethod = void (Plugin::*)(Host&, const rapidjson::Value&);

template <auto Method>
constexpr atrium_on_hook_fn dispatcherFor() noexcept {
  if constexpr (std::is_same_v<decltype(Method), FilterMethod>) {
    return &dispatchFilter<Method>;
  } else {
    return &dispatchEvent<Method>;
  }
}

template <auto Method>
constexpr atrium_hook_kind kindOf() noexcept {
  static_assert(std::is_same_v<decltype(Method), FilterMethod> ||
                    std::is_same_v<decltype(Method), EventMethod>,
                "a hook override takes (Host&, const rapidjson::Value&)");
  return std::is_same_v<decltype(Method), FilterMethod> ? ATRIUM_HOOK_FILTER
                                                        : ATRIUM_HOOK_EVENT;
}

#define ATRIUM_SDK_COUNT_HOOK(name, id, kind, targeted) +1
inline constexpr std::size_t kHookCount = 0 ATRIUM_HOOKS(ATRIUM_SDK_COUNT_HOOK);
#undef ATRIUM_SDK_COUNT_HOOK

// Each hook of ATRIUM_HOOKS needs Plugin::on<Name>, returning FilterResult for a
// filter and void for an event.
#define ATRIUM_SDK_CHECK_HOOK(name, id, kind, targeted)                       \
  static_assert(kindOf<&Plugin::on##name>() == (kind),                        \
                "Plugin::on" #name " must return FilterResult for a filter "  \
                "and void for an event");
ATRIUM_HOOKS(ATRIUM_SDK_CHECK_HOOK)
#undef ATRIUM_SDK_CHECK_HOOK

/// Every hook of ATRIUM_HOOKS, marked with whether P overrides it.
#define ATRIUM_SDK_HOOK_SPEC(name, id, kind, targeted)                        \
  HookSpec{hookId(id), kind, dispatcherFor<&Plugin::on##name>(),             \
           overrides(&P::on##name, &Plugin::on##name)},
template <typename P>
inline constexpr std::array<HookSpec, kHookCount> hookSpecs{
    {ATRIUM_HOOKS(ATRIUM_SDK_HOOK_SPEC)}};
#undef ATRIUM_SDK_HOOK_SPEC

template <std::size_t M>
constexpr std::size_t countUsed(const std::array<HookSpec, M>& specs) noexcept {
  std::size_t count = 0;
  for (const HookSpec& spec : specs) {
    count += spec.used ? 1 : 0;
  }
  return count;
}

template <std::size_t N, std::size_t M>
constexpr std::array<atrium_hook, N>
selectHooks(const std::array<HookSpec, M>& specs) noexcept {
  std::array<atrium_hook, N> table{};
  std::size_t next = 0;
  for (const HookSpec& spec : specs) {
    if (spec.used) {
      table[next++] = atrium_hook{sizeof(atrium_hook), spec.id, spec.kind,
                                  spec.onHook};
    }
  }
  return table;
}

/// The descriptor's hook table: exactly the hooks P overrides.
template <typename P>
inline constexpr auto hookTable =
    selectHooks<countUsed(hookSpecs<P>)>(hookSpecs<P>);

/// The descriptor, init and shutdown of plugin class P; Manifest::text()
/// returns the plugin.json text, which must outlive the library.
template <typename P, typename Manifest>
class Glue {
  static_assert(std::is_base_of_v<Plugin, P>,
                "ATRIUM_PLUGIN needs a class derived from atrium::sdk::Plugin");
  static_assert(std::is_default_constructible_v<P>,
                "ATRIUM_PLUGIN needs a default-constructible class");

public:
  static const atrium_plugin_descriptor* descriptor() noexcept {
    static const atrium_plugin_descriptor descriptor{
        sizeof(atrium_plugin_descriptor),
        ATRIUM_ABI_MAJOR,
        ATRIUM_ABI_MINOR,
        toAbi(Manifest::text()),
        &Glue::init,
        &Glue::shutdown,
        hookTable<P>.data(),
        hookTable<P>.size(),
    };
    return &descriptor;
  }

private:
  static atrium_status init(const atrium_host_api* api, atrium_host_ctx* ctx,
                            void** outInstance,
                            atrium_buffer* outMessage) noexcept {
    if (api == nullptr || outInstance == nullptr) {
      return ATRIUM_INVALID_ARGUMENT;
    }
    *outInstance = nullptr;
    return guarded(outMessage, [&]() -> atrium_status {
      auto instance = std::make_unique<PluginInstance>(
          PluginInstance{api, std::make_unique<P>()});
      Plugin& plugin = *instance->plugin;
      plugin.manifest_ = parseJson(Manifest::text()).value();
      Host host(*api, ctx);
      plugin.init(host);
      *outInstance = instance.release();
      return ATRIUM_OK;
    });
  }

  static void shutdown(void* instance, atrium_host_ctx* ctx) noexcept {
    std::unique_ptr<PluginInstance> owned(static_cast<PluginInstance*>(instance));
    if (!owned) {
      return;
    }
    atrium_buffer message{nullptr, 0, nullptr, nullptr};
    const atrium_status status = guarded(&message, [&]() -> atrium_status {
      Host host(*owned->api, ctx);
      owned->plugin->shutdown(host);
      return ATRIUM_OK;
    });
    if (status != ATRIUM_OK && owned->api->log != nullptr) {
      owned->api->log(ctx, ATRIUM_LOG_ERROR, atrium_str{message.ptr, message.len});
    }
    atrium_buffer_release(&message);
  }
};

} // namespace atrium::sdk

/// Defines and exports the entry symbol for PluginClass (derived from
/// atrium::sdk::Plugin). `manifestJson`: the plugin.json text, an expression
/// convertible to std::string_view whose storage outlives the library (a
/// string literal; atrium_add_plugin() provides ATRIUM_PLUGIN_MANIFEST).
/// Use once per plugin library, at global scope.
#define ATRIUM_PLUGIN(PluginClass, manifestJson)                              \
  extern "C" ATRIUM_PLUGIN_EXPORT const atrium_plugin_descriptor*            \
  atrium_plugin_entry_v1(void) {                                             \
    struct AtriumManifest {                                                  \
      static std::string_view text() noexcept { return manifestJson; }       \
    };                                                                       \
    return ::atrium::sdk::Glue<PluginClass, AtriumManifest>::descriptor();   \
  }

#endif
