#include "http/WebRoutes.h"

#include "http/StaticFiles.h"

namespace atrium::http {

namespace {

/// Scripts, styles, fetches and images only from this origin; no inline script or style,
/// no framing, no plugins, forms only back to this origin.
constexpr const char* kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

Handler page(std::shared_ptr<const StaticFiles> files, std::string file) {
  return [files = std::move(files), file = std::move(file)](Request&) {
    Response r = files->serve(file, "no-store");
    r.headers.emplace_back("Content-Security-Policy", kPagePolicy);
    return r;
  };
}

} // namespace

void addWebRoutes(Router& router, const std::filesystem::path& root) {
  auto files = std::make_shared<const StaticFiles>(root);
  router.add("GET", "/", [](Request&) {
    Response r = Response::text(302, "", "text/plain; charset=utf-8");
    r.headers.emplace_back("Location", "/app/");
    return r;
  });
  router.add("GET", "/app/", page(files, "app/index.html"));
  router.add("GET", "/admin/", page(files, "admin/index.html"));
  router.add("GET", "/b/{slug}", page(files, "book/index.html"));
  router.add("GET", "/b/{slug}/manage/{id}", page(files, "book/manage.html"));
  router.add("GET", "/unsubscribe/{token}", page(files, "book/unsubscribe.html"));
  // "no-cache": the browser may keep a copy but asks again (304-free, the files are small)
  router.add("GET", "/static/{file*}", [files](Request& r) { return files->serve("static/" + r.param("file"), "no-cache"); });
}

} // namespace atrium::http
