// What answering in the reader's language costs: a refusal's message rendered in English
// (the template with its values) and in Traditional Chinese (a catalogue lookup, the
// translation, a field label), and choosing the language from an Accept-Language header.
#include "core/Text.h"

#include <benchmark/benchmark.h>

using atrium::core::Text;

namespace {

const Text kRefusal("{field} must be from {min} to {max}", {{"field", "duration_min"}, {"min", "5"}, {"max", "720"}});

void BM_RenderEnglish(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(kRefusal.render("en"));
}
BENCHMARK(BM_RenderEnglish);

void BM_RenderTraditionalChinese(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(kRefusal.render("zh-TW"));
}
BENCHMARK(BM_RenderTraditionalChinese);

void BM_LocaleFromAcceptLanguage(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(atrium::core::localeFromAcceptLanguage("zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7"));
}
BENCHMARK(BM_LocaleFromAcceptLanguage);

} // namespace

BENCHMARK_MAIN();
