#pragma once
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace atrium::http {

/// What a route handler sees of a request. The body is read whole (bounded by
/// http.maxBodyBytes) before the handler runs.
struct Request {
  std::string method;
  std::string path;                              ///< decoded, without the query string
  std::map<std::string, std::string> query;      ///< first value of each query parameter
  std::map<std::string, std::string> pathParams; ///< {name} segments of the route pattern
  std::string body;
  const Poco::Net::HTTPServerRequest* raw = nullptr; ///< headers, client address; valid during the call
  /// The client's address as the dispatcher determined it (forwardedClient); empty: the peer's.
  std::string client;

  /// A header's value, or empty.
  std::string header(const std::string& name) const;
  /// The client's IP address: the peer's, or the one a trusted proxy forwarded (http.trustedProxies);
  /// "local" when the request did not come over a socket (tests). Rate limits and sign-in
  /// throttling count by it.
  std::string clientAddress() const;
  /// The reader's language among core::kLocales from Accept-Language; empty when the
  /// request has none (the caller decides: the API's English, a business's own language).
  std::string readerLocale() const;
  /// A path parameter the route pattern guarantees; throws std::out_of_range otherwise.
  const std::string& param(const std::string& name) const { return pathParams.at(name); }
};

/// The client behind `peer`: when `peer` is one of `trustedProxies`, the right-most address of
/// X-Forwarded-For that is not a trusted proxy itself (the left-most entries are whatever the
/// client claimed and are never believed); otherwise `peer`. Addresses compare in canonical form:
/// `trustedProxies` is given so (the daemon stores what http.trustedProxies names that way).
std::string forwardedClient(const std::string& peer, const std::string& forwardedFor, const std::vector<std::string>& trustedProxies);

/// A handler's answer. JSON unless said otherwise; the dispatcher adds the security
/// headers every response carries.
struct Response {
  int status = 200;
  std::string body;
  std::string contentType = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  /// When set, the body is written by this function as it is produced (chunked transfer
  /// encoding), for large downloads in flat memory; `body` is then ignored.
  std::function<void(std::ostream&)> stream;

  static Response json(int status, std::string body) { return text(status, std::move(body), "application/json; charset=utf-8"); }
  static Response text(int status, std::string body, std::string contentType) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.contentType = std::move(contentType);
    return r;
  }
};

} // namespace atrium::http
