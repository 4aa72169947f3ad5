#pragma once
#include "http/Router.h"

#include <filesystem>

namespace atrium::http {

/// The pages, served from `root` (config web.root): GET / (to the back office), /app/ (back
/// office), /admin/ (installation admin), /b/{slug} (public booking page),
/// /b/{slug}/manage/{id} (manage a booking from its signed link), /unsubscribe/{token},
/// and /static/{file*} (their scripts, styles and translations). Pages are static shells
/// that hold no personal data; they fetch it from /api/v1 with the session cookie. Every
/// page answer carries a Content-Security-Policy without inline script.
void addWebRoutes(Router& router, const std::filesystem::path& root);

} // namespace atrium::http
