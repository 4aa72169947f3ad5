#include "http/Request.h"

#include "core/Text.h"

#include <Poco/Net/HTTPServerRequest.h>

namespace atrium::http {

std::string Request::header(const std::string& name) const {
  return raw ? raw->get(name, "") : std::string();
}

std::string Request::readerLocale() const {
  std::string accept = header("Accept-Language");
  return accept.empty() ? std::string() : core::localeFromAcceptLanguage(accept);
}

std::string Request::clientAddress() const { return raw ? raw->clientAddress().host().toString() : "local"; }

} // namespace atrium::http
