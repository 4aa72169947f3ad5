#pragma once
#include "http/Metrics.h"
#include "http/Router.h"
#include "store/Database.h"

#include <string>

namespace atrium::http {

/// GET /healthz (200 {"status":"ok",…}, or 503 {"status":"unavailable",…} when the
/// database cannot be reached) and GET /metrics (Prometheus text, including the database
/// pool). Also registers the pool's metrics with `metrics`.
void addSystemRoutes(Router& router, Metrics& metrics, store::Database& database, std::string version);

} // namespace atrium::http
