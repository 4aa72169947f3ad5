#pragma once
#include "http/Request.h"

#include <filesystem>
#include <string>

namespace atrium::http {

/// Files served from a folder (the pages under web/, a plugin's web/ assets). Refuses any
/// path that leaves the folder, names a hidden file or is larger than 4 MiB: the answer is
/// then the same 404 as for a missing file.
class StaticFiles {
public:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

  /// `relative` comes from the URL. Throws HttpError(404) when it is not a servable file.
  /// `cacheControl` goes on the answer (pages: "no-cache"; plugin assets: a short max-age).
  Response serve(const std::string& relative, const std::string& cacheControl) const;
  const std::filesystem::path& root() const { return root_; }

  static std::string contentType(const std::filesystem::path& file);

private:
  std::filesystem::path root_;
};

} // namespace atrium::http
