#pragma once
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace atrium::http {

class GuardedConnection;

/// What keeps slow and idle clients from taking the server's worker threads (each open
/// connection holds one): at most `perAddress` connections from one client address (trusted
/// proxies excepted: they bring many clients), and a deadline for reading a request's head,
/// counted from the connection's start or the end of its previous answer (so idle keep-alive
/// connections are closed too); ConnectionGuard::bodyDeadline bounds reading the body.
struct ConnectionLimits {
  int perAddress = 32;
  std::chrono::milliseconds headDeadline{10'000};
  /// Worker threads (one per open connection). When nine in ten are taken, a connection whose
  /// request head has not come within pressureHeadDeadline of its accept (or of its previous
  /// answer) and has nothing unread waiting is closed: slow and idle connections, from however
  /// many addresses, free their threads for the clients queued behind them, and a queued
  /// client, whose head waits in its socket's buffer when it gets its thread, is never cut.
  int threads = 128;
  std::chrono::milliseconds pressureHeadDeadline{250};
  std::chrono::milliseconds bodyDeadline{30'000};
  std::vector<std::string> trustedProxies; ///< canonical addresses
};

/// Counts live connections per address and closes connections whose request head takes longer
/// than the deadline (a watchdog thread shuts their socket down, which ends the blocked read).
/// At the cap, a new connection from the address takes the place of that address's longest
/// idle keep-alive connection (one that has been answered and waits for nothing: a browser
/// opens a new one when it needs it), so a browser's pool of idle connections, or an office of
/// browsers behind one address, never locks its own users out; a connection that has not yet
/// sent a whole request head (a slow client) is never made room for, and over the cap with
/// nothing idle, new connections are refused at accept. Thread-safe.
class ConnectionGuard {
public:
  explicit ConnectionGuard(ConnectionLimits limits);
  ~ConnectionGuard();

  /// At accept, after admit(): when the socket was accepted (its first head is timed from then,
  /// however long it waited in the queue for a thread).
  void accepted(const Poco::Net::StreamSocket& socket);
  /// The accept time of `socket`, once (now when unknown).
  std::int64_t takeAccepted(const Poco::Net::StreamSocket& socket);
  /// At accept: true when the address has fewer than perAddress live connections, or one of
  /// them idles in keep-alive and is closed to make room; false otherwise.
  bool admit(const std::string& address);
  void opened(GuardedConnection* c);
  void closed(GuardedConnection* c);
  /// The connection the calling worker thread serves (nullptr outside one).
  static GuardedConnection* current();
  const ConnectionLimits& limits() const { return limits_; }

private:
  void watch();

  ConnectionLimits limits_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, int> perAddress_;
  std::set<GuardedConnection*> live_;
  std::map<poco_socket_t, std::int64_t> accepted_; ///< accepted, waiting in the queue for a thread
  int refused_ = 0;  ///< since the watchdog last logged
  int replaced_ = 0; ///< idle connections closed to make room, since the last log
  std::thread watchdog_;
};

/// Poco's HTTP connection, registered with the guard while it lives and timed while it waits
/// for a request head.
class GuardedConnection final : public Poco::Net::HTTPServerConnection {
public:
  GuardedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                    Poco::Net::HTTPRequestHandlerFactory::Ptr factory, ConnectionGuard& guard);
  ~GuardedConnection() override;
  void run() override;

  const std::string& address() const { return address_; }
  /// The head was read: a handler runs.
  void handling();
  /// The handler reads the body: timed against the body deadline (then the receiving side is
  /// shut, so the read ends and the handler can still answer 408).
  void readingBody();
  std::int64_t bodySinceMs() const { return bodySince_.load(); }
  void cutBody();
  /// The answer is out: the next head (or the keep-alive wait) is timed from now.
  void reading();
  /// When the current wait for a head started; 0 while a handler runs.
  std::int64_t readingSinceMs() const { return readingSince_.load(); }
  /// Answered at least once and now waiting for a next request that has not begun: a browser's
  /// idle keep-alive connection.
  bool idleKeepAlive() const { return answered_.load() && readingSince_.load() != 0 && !cutting_.load(); }
  /// Closes an idle keep-alive connection to make room for another from its address (once).
  void replace();
  void cut(); ///< shuts the socket down (the watchdog, past the deadline)
  /// Nothing the client sent waits unread (what a queued client with its head sent has not).
  bool nothingWaiting();
  std::chrono::milliseconds bodyDeadline() const { return guard_.limits().bodyDeadline; }

private:
  ConnectionGuard& guard_;
  std::string address_;
  std::atomic<std::int64_t> readingSince_{0};
  std::atomic<std::int64_t> bodySince_{0};
  std::int64_t acceptedAt_ = 0;
  std::atomic<bool> answered_{false};
  std::atomic<bool> cutting_{false};
};

/// Creates GuardedConnections and, as a TCPServerConnectionFilter, admits sockets.
class GuardedConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
public:
  GuardedConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                           ConnectionGuard& guard)
      : params_(std::move(params)), factory_(std::move(factory)), guard_(guard) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  ConnectionGuard& guard_;
};

class AddressFilter final : public Poco::Net::TCPServerConnectionFilter {
public:
  explicit AddressFilter(ConnectionGuard& guard) : guard_(guard) {}
  bool accept(const Poco::Net::StreamSocket& socket) override;

private:
  ConnectionGuard& guard_;
};

} // namespace atrium::http
