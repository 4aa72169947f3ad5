#include "core/Log.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <iostream>
#include <mutex>
#include <stdexcept>

namespace atrium::core {
namespace {

std::atomic<int> minLevel{static_cast<int>(LogLevel::Info)};
std::mutex sinkMutex;
std::ostream* sinkStream = nullptr;

const char* levelName(LogLevel level) {
  switch (level) {
  case LogLevel::Debug: return "debug";
  case LogLevel::Info: return "info";
  case LogLevel::Warn: return "warn";
  case LogLevel::Error: return "error";
  }
  return "info";
}

void writeTimestamp(rapidjson::Writer<rapidjson::StringBuffer>& w) {
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t secs = system_clock::to_time_t(now);
  auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  w.String(buf);
}

} // namespace

void Log::setLevel(LogLevel level) { minLevel.store(static_cast<int>(level)); }

LogLevel Log::parseLevel(std::string_view name) {
  if (name == "debug") return LogLevel::Debug;
  if (name == "info") return LogLevel::Info;
  if (name == "warn") return LogLevel::Warn;
  if (name == "error") return LogLevel::Error;
  throw std::invalid_argument("log level must be one of debug, info, warn, error");
}

void Log::setSink(std::ostream* sink) {
  std::lock_guard lock(sinkMutex);
  sinkStream = sink;
}

void Log::write(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  if (static_cast<int>(level) < minLevel.load(std::memory_order_relaxed)) return;
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("ts");
  writeTimestamp(w);
  w.Key("level");
  w.String(levelName(level));
  w.Key("event");
  w.String(event.data(), static_cast<rapidjson::SizeType>(event.size()));
  for (const auto& [key, value] : fields) {
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    std::visit(
        [&w](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::int64_t>) w.Int64(v);
          else if constexpr (std::is_same_v<T, double>) w.Double(v);
          else if constexpr (std::is_same_v<T, bool>) w.Bool(v);
          else w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
        },
        value);
  }
  w.EndObject();
  std::lock_guard lock(sinkMutex);
  std::ostream& out = sinkStream ? *sinkStream : std::cout;
  out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
  out.put('\n');
  out.flush();
}

} // namespace atrium::core
