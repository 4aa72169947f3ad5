#pragma once
#include <atrium/sdk/Sdk.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terms {

/// One language of a version: plain-text summary (beside the checkbox) and two Markdown texts.
struct LocaleText {
  std::string summary;
  std::string terms;
  std::string privacy;
  std::string sha256; ///< of text()

  /// The exact bytes the hash covers: summary, terms and privacy policy joined by "\n---\n".
  std::string text() const { return summary + "\n---\n" + terms + "\n---\n" + privacy; }
};

struct Version {
  std::int64_t number = 0;
  std::int64_t publishedAtUs = 0;
  std::string publishedBy;                   ///< staff user id
  std::map<std::string, LocaleText> locales; ///< "en", "zh-TW", or one of them

  /// The language to show a reader who wants `wanted`: it if published, else the one that is.
  std::string shownIn(std::string_view wanted) const;
};

/// The business's published versions, in the plugin's records (one business per Host call):
///   state/current              {"version"}
///   versions/<%010d number>    {"version", "published_at_us", "published_by", "sha256": {locale: hex}}
///   texts/<%010d number>/<loc> {"summary", "terms", "privacy", "sha256"}
/// A published version is never written again.
class Documents {
public:
  static constexpr const char* kLocales[] = {"en", "zh-TW"};
  static constexpr std::size_t kMaxSummaryBytes = 600;
  static constexpr std::size_t kMaxTextBytes = 48000; ///< terms + privacy of one language (a record holds 64 KiB)

  explicit Documents(atrium::sdk::Host& host) : host_(host) {}

  std::optional<std::int64_t> currentNumber();
  /// With texts; nullopt when no such version.
  std::optional<Version> get(std::int64_t number);
  /// Metadata only (no texts), newest first.
  std::vector<Version> list();
  /// Why a publish was refused: the field at fault and the manifest ui key of the message,
  /// with its {placeholders}.
  struct Refusal {
    std::string field;
    std::string key;
    std::map<std::string, std::string> values;
  };
  /// Checks `body` ({"locales": {"en": {…}, "zh-TW": {…}}}, one language or both; a language
  /// with all three texts empty counts as left out) and publishes it as the next version; on
  /// bad input (no language at all: field "locales") nothing is written and `refusal` says why.
  std::optional<Version> publish(const rapidjson::Value& body, const std::string& by, std::int64_t nowUs, Refusal& refusal);

  static std::string key(std::int64_t number);

private:
  atrium::sdk::Host& host_;
};

} // namespace terms
