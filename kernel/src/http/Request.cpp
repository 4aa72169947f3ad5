#include "http/Request.h"

#include <Poco/Net/HTTPServerRequest.h>

namespace atrium::http {

std::string Request::header(const std::string& name) const {
  return raw ? raw->get(name, "") : std::string();
}

std::string Request::clientAddress() const { return raw ? raw->clientAddress().host().toString() : "local"; }

} // namespace atrium::http
