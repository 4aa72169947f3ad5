#pragma once
#include "http/Connections.h"
#include "http/Dispatcher.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace atrium::http {

struct ServerSettings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080; ///< 0 picks a free port (tests)
  int threads = 128;
  int queue = 512;
  int keepAliveSeconds = 10;
  int maxKeepAliveRequests = 10000;
  std::size_t maxBodyBytes = 1 << 20;
  /// Peers whose X-Forwarded-For is believed (a reverse proxy such as nginx); see forwardedClient.
  std::vector<std::string> trustedProxies;
  int maxConnectionsPerAddress = 32;     ///< see ConnectionLimits
  int headDeadlineMs = 10'000;
  int bodyDeadlineMs = 30'000;
};

/// The HTTP listener: a Poco HTTPServer on its own bounded thread pool. Each keep-alive
/// connection occupies one worker thread while it is open, so `threads` bounds the
/// concurrent keep-alive clients served; the rest wait in the accept queue.
class Server {
public:
  /// Binds the socket (so port() is known) but does not accept yet. Throws
  /// Poco::Net::NetException when the address is taken.
  Server(const ServerSettings& settings, const Router& router, Metrics& metrics);
  ~Server();

  void start();
  /// Graceful stop: closes the listening socket, lets in-flight requests finish (idle
  /// keep-alive connections are closed), waits at most `grace`, then aborts what is left.
  void stop(std::chrono::seconds grace);
  std::uint16_t port() const { return port_; }
  int activeConnections() const;

private:
  Dispatcher* dispatcher_; // owned by server_ (Poco reference counting)
  Poco::ThreadPool pool_;
  Poco::Net::ServerSocket socket_; // shared with server_; closed on stop so new clients are refused at once
  std::unique_ptr<ConnectionGuard> guard_;
  std::unique_ptr<Poco::Net::TCPServer> server_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

} // namespace atrium::http
