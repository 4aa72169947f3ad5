#include "ApiClient.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>

#include <sstream>
#include <vector>

namespace atrium::test {

ApiResult ApiClient::call(const std::string& method, const std::string& path, const std::string& body, const std::string& contentType,
                          bool sendCsrf) {
  Poco::Net::HTTPClientSession session("127.0.0.1", port_);
  session.setTimeout(Poco::Timespan(20, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!cookie.empty()) {
    Poco::Net::NameValueCollection cookies;
    cookies.add("atrium_session", cookie);
    request.setCookies(cookies);
  }
  if (sendCsrf && !csrf.empty() && method != "GET") request.set("X-CSRF-Token", csrf);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (method != "GET") {
    request.setContentType(contentType);
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  ApiResult r;
  r.status = response.getStatus();
  std::ostringstream out;
  Poco::StreamCopier::copyStream(in, out);
  r.body = out.str();
  for (const auto& [name, value] : response) r.headers[name] = value;
  std::vector<Poco::Net::HTTPCookie> cookies;
  response.getCookies(cookies);
  for (const auto& c : cookies)
    if (c.getName() == "atrium_session") cookie = c.getMaxAge() == 0 ? "" : c.getValue();
  return r;
}

ApiResult ApiClient::login(const std::string& business, const std::string& email, const std::string& password) {
  std::string body = "{" + (business.empty() ? std::string() : "\"business\":\"" + business + "\",") + "\"email\":\"" + email +
                     "\",\"password\":\"" + password + "\"}";
  auto r = post("/api/v1/auth/login", body);
  if (r.status == 200) {
    auto d = r.json();
    if (d.HasMember("csrf_token")) csrf = d["csrf_token"].GetString();
  }
  return r;
}

} // namespace atrium::test
