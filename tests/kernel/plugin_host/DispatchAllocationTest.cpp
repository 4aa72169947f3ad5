// A business with no plugin enabled must cost nothing on the request path: dispatching a
// hook for it performs no heap allocation (counted with a replaced global operator new).
#include "base/Business.h"
#include "core/Log.h"
#include "plugin_services/PluginSystem.h"
#include "store/Migrator.h"
#include "TestDatabase.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::uint64_t> allocations{0};
}

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace atrium;

TEST_CASE("dispatch for a business without enabled plugins allocates nothing", "[plugins]") {
  core::Log::setLevel(core::LogLevel::Warn);
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::SystemClock clock;
  plugin_host::PluginRegistry::Settings s;
  s.directory = ATRIUM_FIXTURE_PLUGINS_DIR; // plugins are installed, just not enabled here
  plugin_services::PluginSystem system(t.db(), clock, s);
  system.loadAll();
  REQUIRE_FALSE(system.registry().activePlugins().empty());
  auto business = base::BusinessDirectory(t.db(), clock).create({0, "quiet", "Quiet", "UTC", "en", {}, {}, 0, 0});
  plugin_host::BusinessRef ref{business.id, business.featuresVersion, business.name, business.timeZone, business.locale};
  const plugin_host::PayloadBuilder build = [](rapidjson::Document& d) { d.AddMember("operation", "create", d.GetAllocator()); };
  system.dispatcher().filter(ref, plugin_host::HookId::BookingValidate, build); // first call caches the (empty) set

  auto before = allocations.load();
  for (int i = 0; i < 1000; ++i) {
    auto outcome = system.dispatcher().filter(ref, plugin_host::HookId::BookingValidate, build);
    auto event = system.dispatcher().event(ref, plugin_host::HookId::BookingCreated, build);
    CHECK_FALSE(outcome.ran);
    CHECK_FALSE(event.ran);
  }
  CHECK(allocations.load() - before == 0);
}
