#include "http/Connections.h"

#include "core/Log.h"

#include <algorithm>

namespace atrium::http {
namespace {

thread_local GuardedConnection* tCurrent = nullptr;

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string peerOf(const Poco::Net::StreamSocket& socket) {
  try {
    return socket.peerAddress().host().toString();
  } catch (const Poco::Exception&) { // already gone
    return {};
  }
}

} // namespace

ConnectionGuard::ConnectionGuard(ConnectionLimits limits) : limits_(std::move(limits)), watchdog_([this] { watch(); }) {}

ConnectionGuard::~ConnectionGuard() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  watchdog_.join();
}

bool ConnectionGuard::admit(const std::string& address) {
  if (address.empty()) return false;
  if (std::find(limits_.trustedProxies.begin(), limits_.trustedProxies.end(), address) != limits_.trustedProxies.end()) return true;
  std::lock_guard lock(mutex_);
  auto it = perAddress_.find(address);
  if (it == perAddress_.end() || it->second < limits_.perAddress) return true;
  // at the cap: the address's longest idle keep-alive connection makes room, if it has one
  GuardedConnection* idlest = nullptr;
  for (auto* c : live_)
    if (c->address() == address && c->idleKeepAlive() && (!idlest || c->readingSinceMs() < idlest->readingSinceMs())) idlest = c;
  if (!idlest) {
    ++refused_;
    return false;
  }
  idlest->replace();
  ++replaced_;
  return true;
}

void ConnectionGuard::opened(GuardedConnection* c) {
  std::lock_guard lock(mutex_);
  ++perAddress_[c->address()];
  live_.insert(c);
}

void ConnectionGuard::closed(GuardedConnection* c) {
  std::lock_guard lock(mutex_);
  live_.erase(c);
  if (auto it = perAddress_.find(c->address()); it != perAddress_.end() && --it->second <= 0) perAddress_.erase(it);
}

void ConnectionGuard::accepted(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mutex_);
  accepted_[socket.impl()->sockfd()] = nowMs(); // a descriptor reused later is overwritten
}

std::int64_t ConnectionGuard::takeAccepted(const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(mutex_);
  auto it = accepted_.find(socket.impl()->sockfd());
  if (it == accepted_.end()) return nowMs();
  std::int64_t at = it->second;
  accepted_.erase(it);
  return at;
}

GuardedConnection* ConnectionGuard::current() { return tCurrent; }

void ConnectionGuard::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    std::int64_t now = nowMs();
    int cut = 0;
    bool pressed = static_cast<int>(live_.size()) * 10 >= limits_.threads * 9;
    for (auto* c : live_) { // under the mutex: a connection cannot go away meanwhile
      std::int64_t since = c->readingSinceMs();
      if (since != 0 && (now - since > limits_.headDeadline.count() ||
                         (pressed && now - since > limits_.pressureHeadDeadline.count() && c->nothingWaiting()))) {
        c->cut();
        ++cut;
      }
      std::int64_t body = c->bodySinceMs();
      if (body != 0 && now - body > limits_.bodyDeadline.count()) {
        c->cutBody();
        ++cut;
      }
    }
    if (cut) core::Log::info("http.slow_clients_closed", {{"connections", static_cast<std::int64_t>(cut)}});
    if (refused_ || replaced_) // counts, no address (a client's address is personal data)
      core::Log::info("http.connections_over_cap", {{"refused", static_cast<std::int64_t>(refused_)}, {"idle_replaced", static_cast<std::int64_t>(replaced_)}});
    refused_ = replaced_ = 0;
  }
}

GuardedConnection::GuardedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                                     Poco::Net::HTTPRequestHandlerFactory::Ptr factory, ConnectionGuard& guard)
    : Poco::Net::HTTPServerConnection(socket, std::move(params), std::move(factory)), guard_(guard), address_(peerOf(socket)),
      acceptedAt_(guard.takeAccepted(socket)) {
  readingSince_ = acceptedAt_;
  guard_.opened(this);
}

GuardedConnection::~GuardedConnection() { guard_.closed(this); }

void GuardedConnection::run() {
  tCurrent = this;
  bodySince_ = 0;
  readingSince_ = acceptedAt_; // the first head is timed from the accept, queue included
  try {
    Poco::Net::HTTPServerConnection::run();
  } catch (...) {
    tCurrent = nullptr;
    throw;
  }
  tCurrent = nullptr;
}

void GuardedConnection::handling() {
  answered_ = true; // (about to be)
  readingSince_ = 0;
  bodySince_ = 0;
}

void GuardedConnection::reading() {
  bodySince_ = 0;
  readingSince_ = nowMs();
}

void GuardedConnection::readingBody() { bodySince_ = nowMs(); }

void GuardedConnection::cutBody() {
  bodySince_ = 0; // once
  try {
    socket().shutdownReceive();
  } catch (const Poco::Exception&) {
  }
}

void GuardedConnection::replace() {
  cutting_ = true; // once; counted until its thread ends it
  try {
    socket().shutdown();
  } catch (const Poco::Exception&) {
  }
}

bool GuardedConnection::nothingWaiting() {
  try {
    return socket().available() == 0;
  } catch (const Poco::Exception&) {
    return true; // gone
  }
}

void GuardedConnection::cut() {
  readingSince_ = 0; // once
  try {
    socket().shutdown();
  } catch (const Poco::Exception&) { // the client left meanwhile
  }
}

Poco::Net::TCPServerConnection* GuardedConnectionFactory::createConnection(const Poco::Net::StreamSocket& socket) {
  return new GuardedConnection(socket, params_, factory_, guard_);
}

bool AddressFilter::accept(const Poco::Net::StreamSocket& socket) {
  if (!guard_.admit(peerOf(socket))) return false;
  guard_.accepted(socket);
  return true;
}

} // namespace atrium::http
