#include "http/Dispatcher.h"

#include "core/Errors.h"
#include "core/Log.h"
#include "http/Connections.h"
#include "http/HttpError.h"
#include "store/DatabaseError.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <chrono>
#include <istream>
#include <typeinfo>

namespace atrium::http {

namespace {

/// An error answer; the message in the reader's language (Accept-Language).
Response errorResponse(const Request& request, int status, const std::string& code, const core::Text& message,
                       const std::string& field = {}) {
  return Response::json(status, errorBody(code, message.render(request.readerLocale()), field));
}

int statusForDomain(const std::string& code) {
  if (code == "not_found") return 404;
  if (code == "conflict") return 409;
  if (code == "forbidden") return 403;
  if (code == "unauthorized") return 401;
  if (code == "unavailable") return 503;
  return 422;
}

enum class BodyRead { Ok, TooLarge, TooSlow };

/// Reads the body, refusing more than `limit` bytes, and a body that takes longer than the
/// connection's body deadline in all (a client sending a byte now and then).
BodyRead readBody(Poco::Net::HTTPServerRequest& request, std::size_t limit, std::string& body) {
  // Without Content-Length or chunked encoding a request has no body (RFC 9112 6.3);
  // reading "until close" would let any client hold a worker thread.
  if (!request.hasContentLength() && !request.getChunkedTransferEncoding()) return BodyRead::Ok;
  if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(limit)) return BodyRead::TooLarge;
  auto* connection = ConnectionGuard::current();
  auto deadline = std::chrono::steady_clock::now() + (connection ? connection->bodyDeadline() : std::chrono::milliseconds(30'000));
  // the watchdog shuts the receiving side at the deadline: the read below then ends early
  struct Timed {
    GuardedConnection* c;
    explicit Timed(GuardedConnection* connection) : c(connection) { if (c) c->readingBody(); }
    ~Timed() { if (c) c->handling(); }
  } timed(connection);
  std::istream& in = request.stream();
  char chunk[8192];
  try {
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
      body.append(chunk, static_cast<std::size_t>(in.gcount()));
      if (body.size() > limit) return BodyRead::TooLarge;
      if (std::chrono::steady_clock::now() > deadline) return BodyRead::TooSlow;
    }
  } catch (const Poco::TimeoutException&) { // one read waited http's per-read timeout
    return BodyRead::TooSlow;
  } catch (const Poco::Net::NetException&) { // the receiving side was shut
    return BodyRead::TooSlow;
  }
  return std::chrono::steady_clock::now() > deadline ? BodyRead::TooSlow : BodyRead::Ok;
}

/// Framing a proxy and this server could read differently (request smuggling, RFC 9112 6.3):
/// more than one Content-Length, or Content-Length together with Transfer-Encoding.
bool ambiguousFraming(const Poco::Net::HTTPServerRequest& request) {
  int contentLengths = 0, transferEncodings = 0;
  for (const auto& [name, value] : request) {
    contentLengths += Poco::icompare(name, "Content-Length") == 0;
    transferEncodings += Poco::icompare(name, "Transfer-Encoding") == 0;
  }
  return contentLengths > 1 || transferEncodings > 1 || (contentLengths && transferEncodings);
}

bool isKnownMethod(const std::string& method) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == known) return true;
  return false;
}

void addSecurityHeaders(Poco::Net::HTTPServerResponse& response) {
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Frame-Options", "DENY");
  if (!response.has("Content-Security-Policy"))
    response.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  if (!response.has("Cache-Control")) response.set("Cache-Control", "no-store");
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
public:
  explicit RequestHandler(const Dispatcher& dispatcher) : dispatcher_(dispatcher) {}

  void handleRequest(Poco::Net::HTTPServerRequest& raw, Poco::Net::HTTPServerResponse& out) override {
    auto started = std::chrono::steady_clock::now();
    // The head is in: the head deadline stops; the next one starts when this answer is out.
    struct Timing {
      GuardedConnection* c = ConnectionGuard::current();
      Timing() { if (c) c->handling(); }
      ~Timing() { if (c) c->reading(); }
    } timing;
    Request request;
    request.raw = &raw;
    request.method = raw.getMethod();
    request.client = forwardedClient(raw.clientAddress().host().toString(), raw.get("X-Forwarded-For", ""), dispatcher_.trustedProxies());
    std::string routeLabel = "unmatched";
    Response response;
    try {
      if (!isKnownMethod(request.method)) {
        response = errorResponse(request, 501, "not_implemented", "unsupported HTTP method");
        out.setKeepAlive(false);
        send(out, response);
        dispatcher_.metrics().observe(routeLabel, "other", response.status, 0);
        return;
      }
      Poco::URI uri(raw.getURI());
      request.path = uri.getPath();
      for (auto& [key, value] : uri.getQueryParameters()) request.query.emplace(key, value);
      if (ambiguousFraming(raw)) {
        response = errorResponse(request, 400, "bad_request", "the request has more than one length (Content-Length, Transfer-Encoding)");
        out.setKeepAlive(false); // where this request ends is unknown: nothing after it is read
      } else if (auto read = readBody(raw, dispatcher_.maxBodyBytes(), request.body); read == BodyRead::TooLarge) {
        response = errorResponse(request, 413, "payload_too_large",
                                 core::Text("the request body is larger than {bytes} bytes", {{"bytes", std::to_string(dispatcher_.maxBodyBytes())}}));
        out.setKeepAlive(false); // the rest of the body was not read
      } else if (read == BodyRead::TooSlow) {
        response = errorResponse(request, 408, "request_timeout", "the request body came too slowly");
        out.setKeepAlive(false);
      } else {
        response = dispatcher_.dispatch(request, routeLabel);
      }
    } catch (const Poco::SyntaxException&) {
      response = errorResponse(request, 400, "bad_request", "the request URI is malformed");
    }
    send(out, response);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    dispatcher_.metrics().observe(routeLabel, request.method, response.status, seconds);
    if (response.status >= 500)
      core::Log::warn("http.error", {{"route", routeLabel}, {"method", std::string_view(request.method)},
                                     {"status", static_cast<std::int64_t>(response.status)}});
  }

private:
  static void send(Poco::Net::HTTPServerResponse& out, const Response& response) {
    out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    out.setContentType(response.contentType);
    for (const auto& [name, value] : response.headers) out.set(name, value);
    addSecurityHeaders(out);
    if (response.stream) {
      out.setChunkedTransferEncoding(true);
      std::ostream& body = out.send();
      try {
        response.stream(body);
      } catch (const std::exception&) { // headers are gone: cut the stream so the client sees it incomplete
        core::Log::error("http.stream_failed", {});
        throw;
      }
      body.flush();
      return;
    }
    out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
    out.sendBuffer(response.body.data(), response.body.size());
  }

  const Dispatcher& dispatcher_;
};

} // namespace

Poco::Net::HTTPRequestHandler* Dispatcher::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
  return new RequestHandler(*this);
}

Response Dispatcher::dispatch(Request& request, std::string& routeLabel) const {
  auto match = router_.match(request);
  if (!match.route) {
    if (!match.allowedMethods.empty()) {
      std::string allow;
      for (const auto& m : match.allowedMethods) allow += (allow.empty() ? "" : ", ") + m;
      Response r = errorResponse(request, 405, "method_not_allowed",
                                 core::Text("{method} is not allowed here; use {allowed}", {{"method", request.method}, {"allowed", allow}}));
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    return errorResponse(request, 404, "not_found", "no such resource");
  }
  routeLabel = match.route->pattern;
  try {
    return match.route->handler(request);
  } catch (const HttpError& e) {
    Response r = errorResponse(request, e.status(), e.code(), e.text(), e.field());
    for (const auto& h : e.headers()) r.headers.push_back(h);
    return r;
  } catch (const core::DomainError& e) {
    return errorResponse(request, statusForDomain(e.code()), e.code(), e.text(), e.field());
  } catch (const store::DatabaseError& e) {
    switch (e.kind()) {
    case store::DatabaseError::Kind::Unavailable:
    case store::DatabaseError::Kind::Busy: {
      Response r = errorResponse(request, 503, "database_unavailable", "the database is unavailable; try again shortly");
      r.headers.emplace_back("Retry-After", "5");
      return r;
    }
    case store::DatabaseError::Kind::Constraint:
      return errorResponse(request, 409, "conflict", "the change conflicts with existing data");
    case store::DatabaseError::Kind::Invalid: break;
    }
    core::Log::error("http.database_error", {{"route", routeLabel}, {"error", std::string_view(e.what())}});
    return errorResponse(request, 500, "internal", "internal error");
  } catch (const std::exception& e) {
    // The message may quote input; log only its type.
    core::Log::error("http.handler_exception", {{"route", routeLabel}, {"type", std::string_view(typeid(e).name())}});
    return errorResponse(request, 500, "internal", "internal error");
  }
}

} // namespace atrium::http
