#include "http/Request.h"

#include "core/Text.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/IPAddress.h>

#include <algorithm>

namespace atrium::http {

std::string Request::header(const std::string& name) const {
  return raw ? raw->get(name, "") : std::string();
}

std::string Request::readerLocale() const {
  std::string accept = header("Accept-Language");
  return accept.empty() ? std::string() : core::localeFromAcceptLanguage(accept);
}

std::string Request::clientAddress() const {
  if (!client.empty()) return client;
  return raw ? raw->clientAddress().host().toString() : "local";
}

namespace {

/// The canonical text of an IP address, or empty when `text` is not one.
std::string canonicalAddress(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  Poco::Net::IPAddress address;
  if (text.empty() || !Poco::Net::IPAddress::tryParse(std::string(text), address)) return {};
  return address.toString();
}

} // namespace

std::string forwardedClient(const std::string& peer, const std::string& forwardedFor, const std::vector<std::string>& trustedProxies) {
  auto trusted = [&](const std::string& address) {
    return std::find(trustedProxies.begin(), trustedProxies.end(), address) != trustedProxies.end();
  };
  std::string hop = canonicalAddress(peer);
  if (hop.empty() || !trusted(hop) || forwardedFor.empty()) return peer;
  std::string_view rest = forwardedFor;
  while (true) { // right to left: each hop was added by the proxy before it
    auto comma = rest.rfind(',');
    std::string candidate = canonicalAddress(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    if (candidate.empty()) return hop; // garbage: believe no further than the last trusted hop
    hop = candidate;
    if (!trusted(hop) || comma == std::string_view::npos) return hop;
    rest = rest.substr(0, comma);
  }
}

} // namespace atrium::http
