#pragma once
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string_view>
#include <utility>
#include <variant>

namespace atrium::core {

enum class LogLevel { Debug = 0, Info = 1, Warn = 2, Error = 3 };

/// A value in a log line. Deliberately small: ids, counts, codes and durations.
/// Personal data (names, emails, phone numbers, free text, IP addresses) must never be
/// passed here; log internal ids instead.
using LogValue = std::variant<std::int64_t, double, bool, std::string_view>;
using LogField = std::pair<std::string_view, LogValue>;

/// Structured JSON-lines logger writing one object per line:
/// {"ts":"2026-11-29T10:00:00.000Z","level":"info","event":"http.start","port":8080}
/// Thread-safe; a line is written whole.
class Log {
public:
  static void setLevel(LogLevel level);
  static LogLevel parseLevel(std::string_view name); ///< throws std::invalid_argument
  /// Redirects output (tests); the stream must outlive all logging. nullptr = stdout.
  static void setSink(std::ostream* sink);

  static void write(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});
  static void debug(std::string_view event, std::initializer_list<LogField> fields = {}) { write(LogLevel::Debug, event, fields); }
  static void info(std::string_view event, std::initializer_list<LogField> fields = {}) { write(LogLevel::Info, event, fields); }
  static void warn(std::string_view event, std::initializer_list<LogField> fields = {}) { write(LogLevel::Warn, event, fields); }
  static void error(std::string_view event, std::initializer_list<LogField> fields = {}) { write(LogLevel::Error, event, fields); }
};

} // namespace atrium::core
