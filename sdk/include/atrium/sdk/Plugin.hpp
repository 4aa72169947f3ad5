/// Plugin: the base class of every C++ plugin, and FilterResult.
#ifndef ATRIUM_SDK_PLUGIN_HPP
#define ATRIUM_SDK_PLUGIN_HPP

#include "atrium/sdk/Host.hpp"
#include "atrium/sdk/Json.hpp"
#include "atrium/sdk/Status.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace atrium::sdk {

/// What a filter hook decides: pass, patch (fields the hook lists under "may
/// change" in atrium/abi/hooks.h) or reject with a user-facing message.
class FilterResult {
public:
  static FilterResult pass() { return FilterResult(StatusCode::Ok, {}, {}); }
  static FilterResult patch(const rapidjson::Value& patch) {
    return FilterResult(StatusCode::Ok, toJson(patch), {});
  }
  /// `message` is shown to the user: write it in the payload's "locale".
  static FilterResult reject(std::string message) {
    return FilterResult(StatusCode::Rejected, {}, std::move(message));
  }
  /// The http.request@1 patch {"response": {"status", "json"}}.
  static FilterResult respond(int httpStatus, const rapidjson::Value& json) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("response");
    writer.StartObject();
    writer.Key("status");
    writer.Int(httpStatus);
    writer.Key("json");
    json.Accept(writer);
    writer.EndObject();
    writer.EndObject();
    return FilterResult(StatusCode::Ok,
                        std::string(buffer.GetString(), buffer.GetSize()), {});
  }

  /// An http.request@1 error response in the kernel's shape:
  /// {"error": {"code": code, "message": message, "field"?: field}}.
  static FilterResult error(int httpStatus, std::string_view code, std::string_view message,
                           std::string_view field = {}) {
    rapidjson::Document d(rapidjson::kObjectType);
    auto& a = d.GetAllocator();
    rapidjson::Value e(rapidjson::kObjectType);
    e.AddMember("code", rapidjson::Value(code.data(), static_cast<rapidjson::SizeType>(code.size()), a), a);
    e.AddMember("message", rapidjson::Value(message.data(), static_cast<rapidjson::SizeType>(message.size()), a), a);
    if (!field.empty()) {
      e.AddMember("field", rapidjson::Value(field.data(), static_cast<rapidjson::SizeType>(field.size()), a), a);
    }
    d.AddMember("error", e, a);
    return respond(httpStatus, d);
  }

  StatusCode code() const noexcept { return code_; }
  /// Empty = payload unchanged.
  const std::string& patchJson() const noexcept { return patch_; }
  const std::string& message() const noexcept { return message_; }

private:
  FilterResult(StatusCode code, std::string patch, std::string message)
      : code_(code), patch_(std::move(patch)), message_(std::move(message)) {}

  StatusCode code_;
  std::string patch_;
  std::string message_;
};

template <typename P, typename Manifest>
class Glue;

/// Derive from Plugin, override (as public members) only the hooks the plugin
/// handles, and export the class with ATRIUM_PLUGIN: the wrapper registers
/// exactly the overridden hooks, and each must be listed in the manifest's
/// capabilities.hooks. Payloads are described in atrium/abi/hooks.h.
///
/// Hooks run concurrently on several threads for different businesses, so
/// state shared between calls must be synchronised; per-business state
/// belongs in the record store, not in members. To fail, throw Error (its
/// status and message reach the kernel) or any exception (Internal).
/// The class needs a default constructor, which runs only after the kernel
/// accepted the plugin, just before init.
class Plugin {
public:
  Plugin() = default;
  Plugin(const Plugin&) = delete;
  Plugin& operator=(const Plugin&) = delete;
  virtual ~Plugin() = default;

  /// Once before any hook; the host has no business. Register routes here.
  virtual void init(Host&) {}
  /// Once after the last hook returned.
  virtual void shutdown(Host&) {}

  virtual FilterResult onSecondFactor(Host&, const rapidjson::Value&) {
    return FilterResult::pass();
  }
  /// Rejects unless overridden: verifying must be explicit.
  virtual FilterResult onVerifySecondFactor(Host&, const rapidjson::Value&) {
    return FilterResult::reject({});
  }
  virtual void onLoginSucceeded(Host&, const rapidjson::Value&) {}
  virtual FilterResult onSessionPolicy(Host&, const rapidjson::Value&) {
    return FilterResult::pass();
  }
  virtual FilterResult onBookingValidate(Host&, const rapidjson::Value&) {
    return FilterResult::pass();
  }
  virtual void onBookingCreated(Host&, const rapidjson::Value&) {}
  virtual FilterResult onBookingCancelValidate(Host&,
                                               const rapidjson::Value&) {
    return FilterResult::pass();
  }
  virtual FilterResult onNotificationRender(Host&, const rapidjson::Value&) {
    return FilterResult::pass();
  }
  virtual FilterResult onPrivacyExport(Host&, const rapidjson::Value&) {
    return FilterResult::pass();
  }
  virtual void onPrivacyErase(Host&, const rapidjson::Value&) {}
  virtual void onFeatureEnabled(Host&, const rapidjson::Value&) {}
  virtual void onFeatureDisabled(Host&, const rapidjson::Value&) {}
  virtual void onJobRun(Host&, const rapidjson::Value&) {}
  virtual FilterResult onHttpRequest(Host&, const rapidjson::Value&) {
    return FilterResult::pass();
  }

  /// The manifest's ui string `key` in `locale`, else in "en", else `key`
  /// itself. Lives as long as the plugin.
  std::string_view text(std::string_view locale, std::string_view key) const {
    const rapidjson::Value* ui = findMember(manifest_, "ui");
    for (std::string_view language : {locale, std::string_view("en")}) {
      const rapidjson::Value* strings =
          ui == nullptr ? nullptr : findMember(*ui, language);
      const rapidjson::Value* found =
          strings == nullptr ? nullptr : findMember(*strings, key);
      if (found != nullptr && found->IsString()) {
        return std::string_view(found->GetString(), found->GetStringLength());
      }
    }
    return key;
  }

private:
  template <typename P, typename Manifest>
  friend class Glue;

  rapidjson::Document manifest_;
};

} // namespace atrium::sdk

#endif
