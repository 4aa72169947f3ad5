// Hook dispatch cost per call with 0, 1 and 6 enabled plugins, against a direct virtual
// call doing the same decision in-process; also counts heap allocations per call.
#include "base/Business.h"
#include "core/Log.h"
#include "plugin_services/PluginSystem.h"
#include "store/Migrator.h"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <new>

namespace {

std::atomic<std::uint64_t> allocations{0};

} // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using namespace atrium;

/// The baseline: what a built-in check would cost as a virtual call.
struct Validator {
  virtual ~Validator() = default;
  virtual bool accept(const std::string& note) const = 0;
};
struct NoteValidator final : Validator {
  bool accept(const std::string& note) const override { return note != "never"; }
};

struct World {
  std::filesystem::path dir;
  std::unique_ptr<store::Database> db;
  core::SystemClock clock;
  std::unique_ptr<plugin_services::PluginSystem> plugins;
  base::Business business;

  explicit World(int enabled) {
    core::Log::setLevel(core::LogLevel::Warn);
    dir = std::filesystem::temp_directory_path() / ("atrium-bench-" + std::to_string(::getpid()) + "-" + std::to_string(enabled));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store::DatabaseSettings s;
    s.sqlitePath = (dir / "bench.db").string();
    s.masterKey = std::make_shared<const core::MasterKey>(core::MasterKey::generate());
    db = store::Database::open(s);
    store::Migrator(*db).migrate();
    plugin_host::PluginRegistry::Settings ps;
    ps.directory = ATRIUM_BENCH_PLUGINS_DIR;
    plugins = std::make_unique<plugin_services::PluginSystem>(*db, clock, ps);
    plugins->loadAll();
    base::BusinessDirectory directory(*db, clock);
    business = directory.create({0, "bench", "Bench", "UTC", "en", {}, {}, 0, 0});
    for (int n = 1; n <= enabled; ++n)
      plugins->features().enable(ref(), "bench_noop_" + std::to_string(n), std::nullopt, {"system", "bench"});
    business = *directory.findBySlug("bench");
  }
  ~World() {
    plugins.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }
  plugin_host::BusinessRef ref() const { return {business.id, business.featuresVersion, business.name, business.timeZone, business.locale}; }
};

void buildPayload(rapidjson::Document& d) {
  auto& a = d.GetAllocator();
  rapidjson::Value b(rapidjson::kObjectType);
  b.AddMember("id", "501", a);
  b.AddMember("service_id", "11", a);
  b.AddMember("staff_id", "12", a);
  b.AddMember("client_id", "41", a);
  b.AddMember("start_us", INT64_C(1900000000000000), a);
  b.AddMember("end_us", INT64_C(1900001800000000), a);
  b.AddMember("note", "see you", a);
  b.AddMember("source", "public_page", a);
  d.AddMember("operation", "create", a);
  d.AddMember("booking", b, a);
}

void BM_DirectVirtualCall(benchmark::State& state) {
  std::unique_ptr<Validator> v = std::make_unique<NoteValidator>();
  std::string note = "see you";
  auto before = allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(v->accept(note));
  state.counters["allocs/call"] = benchmark::Counter(double(allocations.load() - before) / double(state.iterations()));
}
BENCHMARK(BM_DirectVirtualCall);

void BM_HookDispatch(benchmark::State& state) {
  World world(static_cast<int>(state.range(0)));
  auto ref = world.ref();
  const plugin_host::PayloadBuilder build = buildPayload;
  world.plugins->dispatcher().filter(ref, plugin_host::HookId::BookingValidate, build); // warm the snapshot cache
  auto before = allocations.load();
  for (auto _ : state) {
    auto outcome = world.plugins->dispatcher().filter(ref, plugin_host::HookId::BookingValidate, build);
    benchmark::DoNotOptimize(outcome);
  }
  state.counters["allocs/call"] = benchmark::Counter(double(allocations.load() - before) / double(state.iterations()));
}
BENCHMARK(BM_HookDispatch)->Arg(0)->Arg(1)->Arg(6)->ArgName("enabled_plugins");

} // namespace

BENCHMARK_MAIN();
