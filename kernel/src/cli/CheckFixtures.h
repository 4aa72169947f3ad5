#pragma once
#include <rapidjson/document.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace atrium::cli {

/// One author fixture of `atrium plugin check --fixtures DIR` (format in docs/sdk.md,
/// "Fixtures"): a payload for one hook or route and what the plugin must make of it.
struct CheckFixture {
  std::string label;       ///< "<file>" or "<file>#<n>" for the n-th of an array, or its "name"
  std::string error;       ///< why the fixture is unusable (then nothing else is set)
  std::string hook;        ///< the hook id it targets, or empty for a route
  std::string method;      ///< a route's method ("GET")
  std::string path;        ///< a route's path as registered ("clients/{client_id}")
  std::string payloadJson; ///< an object merged over the sample payload
  bool expectRejected = false;
  std::optional<int> status;   ///< a route's HTTP status, when the fixture names one
  std::string message;         ///< a text the refusal's message must contain, when given
};

/// Every fixture in the *.json files of `dir`, in file-name order. A file holds one
/// fixture object or an array of them; a fixture without "hook" or "route" targets the
/// hook its file is named after (booking.validate@1.json). Throws core::ConfigError when
/// `dir` is not a folder; a malformed file or fixture comes back with `error` set.
std::vector<CheckFixture> loadFixtures(const std::filesystem::path& dir);

/// Copies `patch` into `target`, member by member: objects merge recursively, anything
/// else replaces. Both must be objects.
void mergeJson(rapidjson::Value& target, const rapidjson::Value& patch, rapidjson::Document::AllocatorType& a);

} // namespace atrium::cli
