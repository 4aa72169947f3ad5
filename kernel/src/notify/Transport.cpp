#include "notify/Transport.h"
#include "core/JsonOut.h"
#include "core/TextInput.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>


#include <memory>
#include <sstream>
#include <stdexcept>

namespace atrium::notify {
namespace {

/// The address part of "Name <address>" (or the whole text).
std::string addressOf(const std::string& from) {
  auto lt = from.find('<'), gt = from.find('>');
  return lt != std::string::npos && gt != std::string::npos && gt > lt ? from.substr(lt + 1, gt - lt - 1) : from;
}

std::string jsonEscaped(const std::string& s) {
  core::JsonOut out;
  out.str(s);
  std::string quoted = out.text();
  return quoted.substr(1, quoted.size() - 2);
}

} // namespace

void sendEmail(const SmtpSettings& s, const Email& e) {
  if (s.host.empty()) throw std::runtime_error("no SMTP server configured (notify.smtp.host)");
  Poco::Net::MailMessage message;
  std::string sender = addressOf(s.from);
  // Every header value is one line whatever was stored (CR/LF would add headers or a body);
  // text goes out as RFC 2047 encoded words.
  using core::oneLine;
  message.setSender(Poco::Net::MailMessage::encodeWord(oneLine(e.fromName.empty() ? "Atrium" : e.fromName), "UTF-8") + " <" +
                    oneLine(sender) + ">");
  message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, oneLine(e.to)));
  message.setSubject(Poco::Net::MailMessage::encodeWord(oneLine(e.subject), "UTF-8"));
  message.set("Message-ID", oneLine(e.messageId));
  if (!e.replyTo.empty()) message.set("Reply-To", oneLine(e.replyTo));
  for (const auto& [name, value] : e.headers) message.set(oneLine(name), oneLine(value));
  message.setContentType("multipart/alternative");
  message.addPart("", new Poco::Net::StringPartSource(e.text, "text/plain; charset=UTF-8"), Poco::Net::MailMessage::CONTENT_INLINE,
                  Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
  if (!e.html.empty())
    message.addPart("", new Poco::Net::StringPartSource(e.html, "text/html; charset=UTF-8"), Poco::Net::MailMessage::CONTENT_INLINE,
                    Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
  try {
    if (s.starttls) {
      Poco::Net::SecureSMTPClientSession session(s.host, static_cast<Poco::UInt16>(s.port));
      session.setTimeout(Poco::Timespan(s.timeoutSeconds, 0));
      session.login();
      auto context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED);
      if (!session.startTLS(context)) throw std::runtime_error("the SMTP server does not offer STARTTLS");
      if (!s.user.empty()) session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, s.user, s.password);
      session.sendMessage(message);
      session.close();
    } else {
      Poco::Net::SMTPClientSession session(s.host, static_cast<Poco::UInt16>(s.port));
      session.setTimeout(Poco::Timespan(s.timeoutSeconds, 0));
      if (s.user.empty()) session.login();
      else session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, s.user, s.password);
      session.sendMessage(message);
      session.close();
    }
  } catch (const Poco::Exception& ex) {
    throw std::runtime_error("SMTP: " + ex.displayText());
  }
}

void sendSms(const SmsSettings& s, const std::string& to, const std::string& text) {
  if (s.url.empty()) throw std::runtime_error("no SMS gateway configured (notify.sms.url)");
  try {
    Poco::URI uri(s.url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort());
    else session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    session->setTimeout(Poco::Timespan(s.timeoutSeconds, 0));
    std::string body = s.bodyTemplate;
    for (auto [key, value] : {std::pair<std::string, std::string>{"{{to}}", to}, {"{{text}}", text}}) {
      std::string escaped = jsonEscaped(value);
      for (auto pos = body.find(key); pos != std::string::npos; pos = body.find(key, pos + escaped.size())) body.replace(pos, key.size(), escaped);
    }
    Poco::Net::HTTPRequest request("POST", uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    if (!s.token.empty()) request.set("Authorization", "Bearer " + s.token);
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::ostringstream sink;
    Poco::StreamCopier::copyStream(session->receiveResponse(response), sink);
    if (response.getStatus() < 200 || response.getStatus() >= 300)
      throw std::runtime_error("SMS gateway answered HTTP " + std::to_string(response.getStatus()));
  } catch (const Poco::Exception& ex) {
    throw std::runtime_error("SMS gateway: " + ex.displayText());
  }
}

} // namespace atrium::notify
