/// Hello: the SDK's example plugin. Refuses bookings whose note contains the
/// business's banned word, and remembers per client how often that happened.
#include <atrium/sdk/Sdk.hpp>

#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#ifndef ATRIUM_PLUGIN_MANIFEST
#error "ATRIUM_PLUGIN_MANIFEST (the text of plugin.json) comes from atrium_add_plugin()"
#endif

namespace {

using atrium::sdk::FilterResult;
using atrium::sdk::Host;
using atrium::sdk::LogLevel;
using atrium::sdk::Status;
using atrium::sdk::StatusCode;
using atrium::sdk::Subject;

constexpr std::string_view rejectionsCollection = "rejections";
constexpr std::int64_t microsPerDay = 24LL * 60 * 60 * 1000 * 1000;

/// ASCII case-insensitive substring search; `word` is not empty.
bool containsWord(std::string_view text, std::string_view word) {
  const auto lower = [](char c) {
    return std::tolower(static_cast<unsigned char>(c));
  };
  for (std::size_t start = 0; start + word.size() <= text.size(); ++start) {
    std::size_t matched = 0;
    while (matched < word.size() &&
           lower(text[start + matched]) == lower(word[matched])) {
      ++matched;
    }
    if (matched == word.size()) {
      return true;
    }
  }
  return false;
}

class HelloPlugin : public atrium::sdk::Plugin {
public:
  FilterResult onBookingValidate(Host& host,
                                 const rapidjson::Value& payload) override {
    const rapidjson::Document config = host.config().value();
    const std::string_view banned = atrium::sdk::stringAt(config, "banned_word");
    const std::string_view note = atrium::sdk::stringAt(payload, "booking.note");
    if (banned.empty() || !containsWord(note, banned)) {
      return FilterResult::pass();
    }
    const std::string_view clientId =
        atrium::sdk::stringAt(payload, "booking.client_id");
    if (!clientId.empty()) {
      const Status remembered = rememberRejection(
          host, clientId, atrium::sdk::intAt(config, "remember_days", 30));
      if (!remembered.isOk()) {
        host.log(LogLevel::Warning, "could not count a rejected note");
      }
    }
    if (atrium::sdk::stringAt(config, "action") == "log") {
      return FilterResult::pass();
    }
    const std::string_view locale = atrium::sdk::stringAt(payload, "locale");
    return FilterResult::reject(std::string(text(locale, "booking.rejected")));
  }

private:
  /// Increments the client's counter; the record names the client, so the
  /// kernel exports and erases it with the client's data.
  static Status rememberRejection(Host& host, std::string_view clientId,
                                  std::int64_t rememberDays) {
    auto now = host.nowUs();
    if (!now) {
      return now.status();
    }
    std::int64_t count = 0;
    auto previous = host.getRecord(rejectionsCollection, clientId);
    if (previous) {
      count = atrium::sdk::intAt(previous.value(), "count");
    } else if (previous.status().code() != StatusCode::NotFound) {
      return previous.status();
    }
    const std::string valueJson =
        atrium::sdk::JsonObject{{"count", count + 1}, {"last_at_us", now.value()}}.str();
    return host.putRecord({rejectionsCollection, clientId,
                           Subject::client(std::string(clientId)), valueJson,
                           false, now.value() + rememberDays * microsPerDay});
  }
};

} // namespace

ATRIUM_PLUGIN(HelloPlugin, ATRIUM_PLUGIN_MANIFEST)
