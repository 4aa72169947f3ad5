#include "http/Server.h"

#include "core/Log.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <cerrno>
#include <thread>

namespace atrium::http {

Server::Server(const ServerSettings& settings, const Router& router, Metrics& metrics)
    : dispatcher_(new Dispatcher(router, metrics, settings.maxBodyBytes, settings.trustedProxies)),
      pool_("http", 2, settings.threads, 60) {
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory(dispatcher_);
  // one reference-counted owner, shared by the server and the connections (two AutoPtrs made
  // from the same raw pointer would each delete it)
  Poco::Net::HTTPServerParams::Ptr params(new Poco::Net::HTTPServerParams);
  params->setMaxThreads(settings.threads);
  params->setMaxQueued(settings.queue);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(settings.keepAliveSeconds, 0));
  params->setMaxKeepAliveRequests(settings.maxKeepAliveRequests);
  params->setTimeout(Poco::Timespan(30, 0)); // reading one request may take at most this long
  params->setServerName("atrium");
  // SO_REUSEADDR (a restart need not wait for TIME_WAIT) but never SO_REUSEPORT: with it a
  // second atriumd on the same port would start silently and take half the connections.
  try {
    socket_.bind(Poco::Net::SocketAddress(settings.host, settings.port), true, false);
  } catch (const Poco::Net::NetException& e) {
    if (e.code() == EADDRINUSE || e.message().find("in use") != std::string::npos || e.displayText().find("in use") != std::string::npos)
      throw Poco::Net::NetException("port " + std::to_string(settings.port) + " on " + settings.host +
                                    " is in use (is another atriumd running? set http.port)");
    throw;
  }
  socket_.listen(settings.queue);
  port_ = socket_.address().port();
  ConnectionLimits limits;
  limits.perAddress = settings.maxConnectionsPerAddress;
  limits.headDeadline = std::chrono::milliseconds(settings.headDeadlineMs);
  limits.threads = settings.threads;
  limits.bodyDeadline = std::chrono::milliseconds(settings.bodyDeadlineMs);
  limits.trustedProxies = settings.trustedProxies;
  guard_ = std::make_unique<ConnectionGuard>(std::move(limits));
  // Poco's TCPServer with HTTP connections the guard counts and times (what HTTPServer
  // builds, plus the guard); stop() tells the connections as HTTPServer::stopAll does.
  server_ = std::make_unique<Poco::Net::TCPServer>(new GuardedConnectionFactory(params, factory, *guard_), pool_, socket_, params);
  server_->setConnectionFilter(new AddressFilter(*guard_));
}

Server::~Server() {
  if (!stopped_) stop(std::chrono::seconds(0));
}

void Server::start() { server_->start(); }

int Server::activeConnections() const { return server_->currentConnections(); }

void Server::stop(std::chrono::seconds grace) {
  if (stopped_) return;
  stopped_ = true;
  server_->stop(); // stop accepting; connections close after their current request
  dispatcher_->stopConnections(false);
  socket_.close();          // Poco keeps the socket listening until destruction; refuse new clients now
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (server_->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  int left = server_->currentConnections();
  if (left > 0) {
    core::Log::warn("http.shutdown_aborted", {{"connections", static_cast<std::int64_t>(left)}});
    dispatcher_->stopConnections(true);
  }
  pool_.joinAll();
}

} // namespace atrium::http
