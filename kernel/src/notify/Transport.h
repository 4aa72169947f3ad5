#pragma once
#include <map>
#include <string>

namespace atrium::notify {

struct SmtpSettings {
  std::string host; ///< empty: email is not configured (messages wait, visible in the outbox)
  int port = 25;
  std::string user;
  std::string password;
  bool starttls = false;
  std::string from = "Atrium <no-reply@localhost>";
  int timeoutSeconds = 20;
};

struct SmsSettings {
  std::string url;          ///< empty: SMS is not configured
  std::string token;        ///< sent as Authorization: Bearer <token>
  std::string bodyTemplate = R"({"to":"{{to}}","text":"{{text}}"})"; ///< values JSON-escaped
  int timeoutSeconds = 20;
};

/// One email ready to send.
struct Email {
  std::string to;
  std::string fromName; ///< the business: "Demo Clinic via Atrium"
  std::string replyTo;
  std::string subject;
  std::string text;
  std::string html;
  std::string messageId;
  std::map<std::string, std::string> headers; ///< List-Unsubscribe and friends
};

/// Sends over SMTP with Poco (STARTTLS and AUTH LOGIN when configured): multipart/
/// alternative text + HTML, Date, Message-ID, From, Reply-To. Throws std::runtime_error
/// with the server's reason; the caller retries later.
void sendEmail(const SmtpSettings& settings, const Email& email);
/// POSTs the configured body to the SMS gateway; throws std::runtime_error unless 2xx.
void sendSms(const SmsSettings& settings, const std::string& to, const std::string& text);

} // namespace atrium::notify
