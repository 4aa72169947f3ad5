#include "http/StaticFiles.h"

#include "http/HttpError.h"

#include <fstream>
#include <iterator>
#include <map>

namespace atrium::http {

namespace {
constexpr std::uintmax_t kMaxFileBytes = 4 * 1024 * 1024;

[[noreturn]] void notFound() { throw HttpError(404, "not_found", "no such resource"); }
} // namespace

std::string StaticFiles::contentType(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> kTypes{
      {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},     {".json", "application/json"},              {".svg", "image/svg+xml"},
      {".png", "image/png"},                     {".woff2", "font/woff2"},                   {".txt", "text/plain; charset=utf-8"},
      {".ico", "image/x-icon"}};
  auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Response StaticFiles::serve(const std::string& relative, const std::string& cacheControl) const {
  if (relative.empty() || relative.front() == '.' || relative.front() == '/' || relative.find("..") != std::string::npos ||
      relative.find('\\') != std::string::npos || relative.find("/.") != std::string::npos || relative.find('\0') != std::string::npos)
    notFound();
  std::error_code ec;
  auto root = std::filesystem::weakly_canonical(root_, ec);
  if (ec) notFound();
  auto path = std::filesystem::weakly_canonical(root / relative, ec);
  if (ec) notFound();
  auto rel = path.lexically_relative(root);
  if (rel.empty() || rel.native().rfind("..", 0) == 0 || !std::filesystem::is_regular_file(path, ec) ||
      std::filesystem::file_size(path, ec) > kMaxFileBytes)
    notFound();
  std::ifstream in(path, std::ios::binary);
  if (!in) notFound();
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Response resp = Response::text(200, std::move(body), contentType(path));
  resp.headers.emplace_back("Cache-Control", cacheControl);
  return resp;
}

} // namespace atrium::http
