#include "http/SystemRoutes.h"

#include "core/JsonOut.h"

#include <chrono>

namespace atrium::http {
namespace {

void addPoolMetrics(std::string& out, store::Database& database) {
  auto s = database.stats();
  out += "# HELP atrium_db_pool_connections Database connections by state.\n";
  out += "# TYPE atrium_db_pool_connections gauge\n";
  out += "atrium_db_pool_connections{state=\"in_use\"} " + std::to_string(s.inUse) + "\n";
  out += "atrium_db_pool_connections{state=\"idle\"} " + std::to_string(s.open - s.inUse) + "\n";
  out += "# HELP atrium_db_pool_max_connections Configured pool size.\n";
  out += "# TYPE atrium_db_pool_max_connections gauge\n";
  out += "atrium_db_pool_max_connections " + std::to_string(s.maxSize) + "\n";
  out += "# HELP atrium_db_pool_acquired_total Connections handed out.\n";
  out += "# TYPE atrium_db_pool_acquired_total counter\n";
  out += "atrium_db_pool_acquired_total " + std::to_string(s.acquired) + "\n";
  out += "# HELP atrium_db_pool_waits_total Requests that waited for a free connection.\n";
  out += "# TYPE atrium_db_pool_waits_total counter\n";
  out += "atrium_db_pool_waits_total " + std::to_string(s.waits) + "\n";
  out += "# HELP atrium_db_pool_timeouts_total Requests that gave up waiting (answered 503).\n";
  out += "# TYPE atrium_db_pool_timeouts_total counter\n";
  out += "atrium_db_pool_timeouts_total " + std::to_string(s.timeouts) + "\n";
}

} // namespace

void addSystemRoutes(Router& router, Metrics& metrics, store::Database& database, std::string version) {
  auto started = std::chrono::steady_clock::now();
  metrics.addCollector([&database](std::string& out) { addPoolMetrics(out, database); });

  router.add("GET", "/healthz", [&database, version, started](Request&) {
    bool up = database.reachable();
    auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count();
    core::JsonOut out;
    out.w().StartObject();
    out.field("status", up ? "ok" : "unavailable");
    out.field("version", version);
    out.field("database", store::backendName(database.backend()));
    out.field("database_reachable", up);
    out.field("uptime_seconds", static_cast<std::int64_t>(uptime));
    if (!up) { // also the standard error shape, for clients that only look for "error"
      out.key("error");
      out.w().StartObject();
      out.field("code", "database_unavailable");
      out.field("message", "the database cannot be reached");
      out.w().EndObject();
    }
    out.w().EndObject();
    Response r = Response::json(up ? 200 : 503, out.text());
    if (!up) r.headers.emplace_back("Retry-After", "5");
    return r;
  });

  router.add("GET", "/metrics", [&metrics](Request&) {
    return Response::text(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

} // namespace atrium::http
