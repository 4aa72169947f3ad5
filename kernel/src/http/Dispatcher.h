#pragma once
#include "http/Metrics.h"
#include "http/Router.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <cstddef>

namespace atrium::http {

/// Turns every Poco request into a Request, runs the matching route and writes the
/// Response. Guarantees for every response: a JSON error body with the right status
/// for every failure (400 malformed, 404, 405 with Allow, 413, 422, 409, 503 when the
/// database is unavailable, 500 without internals), security headers, a metrics sample
/// and no personal data in the log line (route pattern, status, duration only).
class Dispatcher final : public Poco::Net::HTTPRequestHandlerFactory {
public:
  Dispatcher(const Router& router, Metrics& metrics, std::size_t maxBodyBytes, std::vector<std::string> trustedProxies = {})
      : router_(router), metrics_(metrics), maxBodyBytes_(maxBodyBytes), trustedProxies_(std::move(trustedProxies)) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

  /// Runs the request through routing and error mapping (also used by tests without sockets).
  Response dispatch(Request& request, std::string& routeLabel) const;

  std::size_t maxBodyBytes() const { return maxBodyBytes_; }
  Metrics& metrics() const { return metrics_; }
  const std::vector<std::string>& trustedProxies() const { return trustedProxies_; }
  /// Tells every open connection that the server stops, as Poco's HTTPServer::stopAll does:
  /// idle ones close, busy ones after their answer (or at once with `abortCurrent`).
  void stopConnections(bool abortCurrent) {
    const bool abort = abortCurrent;
    serverStopped.notify(this, abort);
  }

private:
  const Router& router_;
  Metrics& metrics_;
  std::size_t maxBodyBytes_;
  std::vector<std::string> trustedProxies_;
};

} // namespace atrium::http
