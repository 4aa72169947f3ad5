/// Every wrapper header in one C++17 unit, plus a plugin driven through its
/// C descriptor by a fake host: hook detection, statuses, messages and
/// exception containment. Exits 0 when every check holds.
#include "atrium/sdk/Abi.hpp"
#include "atrium/sdk/Glue.hpp"
#include "atrium/sdk/Host.hpp"
#include "atrium/sdk/Json.hpp"
#include "atrium/sdk/Plugin.hpp"
#include "atrium/sdk/Sdk.hpp"
#include "atrium/sdk/Status.hpp"
#include "atrium/sdk/Types.hpp"

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace {

using atrium::sdk::FilterResult;
using atrium::sdk::Host;

class ProbePlugin : public atrium::sdk::Plugin {
public:
  FilterResult onBookingValidate(Host& host,
                                 const rapidjson::Value& payload) override {
    const std::string_view note = atrium::sdk::stringAt(payload, "booking.note");
    if (note == "throw") {
      throw std::runtime_error("boom");
    }
    if (note == "config") {
      return FilterResult::reject(
          std::string(atrium::sdk::stringAt(host.config().value(), "word")));
    }
    if (note == "unimplemented") {
      host.getRecord("c", "k").value();
    }
    return FilterResult::reject(std::string(
        text(atrium::sdk::stringAt(payload, "locale"), "booking.rejected")));
  }
  void onJobRun(Host& host, const rapidjson::Value&) override {
    host.log(atrium::sdk::LogLevel::Info, "tick");
  }
};

atrium_status fakeLog(atrium_host_ctx*, atrium_log_level, atrium_str) {
  return ATRIUM_OK;
}

void freeOwner(void* owner) { delete[] static_cast<char*>(owner); }

atrium_status fakeConfig(atrium_host_ctx*, atrium_buffer* out) {
  static const char text[] = "{\"word\": \"spam\"}";
  char* copy = new char[sizeof text];
  std::memcpy(copy, text, sizeof text);
  *out = atrium_buffer{copy, sizeof text - 1, copy, &freeOwner};
  return ATRIUM_OK;
}

int failures = 0;

void expect(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

/// Calls the descriptor's hook `id` with `payload`; returns the status and
/// the message, releasing what the plugin allocated.
atrium_status callHook(const atrium_plugin_descriptor& d, void* instance,
                       const char* id, const char* payload,
                       std::string* message) {
  for (std::size_t i = 0; i < d.hook_count; ++i) {
    if (atrium::sdk::fromAbi(d.hooks[i].id) != id) {
      continue;
    }
    atrium_hook_result result{};
    result.struct_size = sizeof result;
    const atrium_status status = d.hooks[i].on_hook(
        instance, nullptr, atrium::sdk::toAbi(payload), &result);
    atrium_buffer_release(&result.patch);
    *message = atrium::sdk::takeBuffer(result.message);
    return status;
  }
  return ATRIUM_NOT_FOUND;
}

} // namespace

ATRIUM_PLUGIN(ProbePlugin, R"json({"id": "probe",
  "ui": {"en": {"booking.rejected": "no"}, "zh-TW": {"booking.rejected": "不行"}}})json")

int main() {
  const atrium_plugin_descriptor* d = atrium_plugin_entry_v1();
  expect(d->struct_size == sizeof(atrium_plugin_descriptor), "struct_size");
  expect(d->abi_major == ATRIUM_ABI_MAJOR && d->abi_minor == ATRIUM_ABI_MINOR,
         "abi version");
  expect(d->hook_count == 2, "exactly the overridden hooks are registered");

  atrium_host_api host{};
  host.struct_size = sizeof host;
  host.log = &fakeLog;
  host.config_get = &fakeConfig;
  void* instance = nullptr;
  atrium_buffer initMessage{};
  expect(d->on_init(&host, nullptr, &instance, &initMessage) == ATRIUM_OK,
         "init");
  atrium_buffer_release(&initMessage);

  std::string message;
  expect(callHook(*d, instance, ATRIUM_HOOK_BOOKING_VALIDATE_V1,
                  R"({"locale": "zh-TW", "booking": {"note": "x"}})",
                  &message) == ATRIUM_REJECTED &&
             message == "不行",
         "reject with a localised message");
  expect(callHook(*d, instance, ATRIUM_HOOK_BOOKING_VALIDATE_V1,
                  R"({"locale": "fr", "booking": {"note": "x"}})",
                  &message) == ATRIUM_REJECTED &&
             message == "no",
         "unknown locale falls back to en");
  expect(callHook(*d, instance, ATRIUM_HOOK_BOOKING_VALIDATE_V1,
                  R"({"booking": {"note": "config"}})", &message) ==
                 ATRIUM_REJECTED &&
             message == "spam",
         "host-allocated config read and released");
  expect(callHook(*d, instance, ATRIUM_HOOK_BOOKING_VALIDATE_V1,
                  R"({"booking": {"note": "throw"}})", &message) ==
                 ATRIUM_INTERNAL &&
             message == "boom",
         "exception becomes INTERNAL with its message");
  expect(callHook(*d, instance, ATRIUM_HOOK_BOOKING_VALIDATE_V1,
                  R"({"booking": {"note": "unimplemented"}})", &message) ==
             ATRIUM_UNIMPLEMENTED,
         "missing host function surfaces as its status");
  expect(callHook(*d, instance, ATRIUM_HOOK_BOOKING_VALIDATE_V1, "{oops",
                  &message) == ATRIUM_INVALID_ARGUMENT,
         "malformed payload is INVALID_ARGUMENT");
  expect(callHook(*d, instance, ATRIUM_HOOK_JOB_RUN_V1, "{}", &message) ==
             ATRIUM_OK,
         "event");

  d->on_shutdown(instance, nullptr);
  return failures == 0 ? 0 : 1;
}
