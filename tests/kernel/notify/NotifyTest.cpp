// Notifications against a real SMTP server on loopback (aiosmtpd) and an HTTP SMS sink:
// headers, unsubscribe (link and RFC 8058 one-click), promotional opt-in, retries when the
// server is down, reminders once, cancelled with the booking.
#include "notify/Templates.h"
#include "ApiWorld.h"
#include "HttpSink.h"
#include "SmtpSink.h"
#include "notify/Preferences.h"

#include <catch2/catch.hpp>

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/StreamCopier.h>

#include <regex>
#include <sstream>

using namespace atrium;
using test::ApiWorld;
using test::kPassword;

namespace {

std::function<void(test::WorldSettings&)> smtpAt(int port, const std::string& smsUrl = {}) {
  return [=](test::WorldSettings& s) {
    s.kernel.notify.smtp.host = "127.0.0.1";
    s.kernel.notify.smtp.port = port;
    s.kernel.notify.smtp.from = "Atrium <bookings@atrium.test>";
    s.kernel.notify.publicUrl = "https://book.example";
    s.kernel.notify.sms.url = smsUrl;
    s.kernel.notify.sms.token = "sms-secret-token";
  };
}

std::string header(const std::string& eml, const std::string& name) {
  std::smatch m;
  std::regex re("(^|\\n)" + name + ": ([^\\r\\n]*)", std::regex::icase);
  return std::regex_search(eml, m, re) ? m[2].str() : "";
}

/// The decoded text/plain and text/html parts of a received message, as a mail program shows them.
struct Parts {
  std::string text, html;
};

struct PartReader : Poco::Net::PartHandler {
  Parts& into;
  explicit PartReader(Parts& p) : into(p) {}
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string body;
    Poco::StreamCopier::copyToString(stream, body);
    std::erase(body, '\r'); // line ends as the program shows them
    (header.get("Content-Type", "").find("text/html") != std::string::npos ? into.html : into.text) = body;
  }
};

Parts parts(const std::string& eml) {
  std::istringstream in(eml);
  Poco::Net::MailMessage message;
  Parts p;
  PartReader reader(p);
  message.read(in, reader);
  return p;
}

} // namespace

TEST_CASE("emails say the date as people do, in the client's language, and end with the business's address and phone",
          "[backend][notify]") {
  test::SmtpSink smtp(test::makeTempDirectory("atrium-smtp"));
  ApiWorld w({}, smtpAt(smtp.port()));
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto owner = w.signedIn(b, "owner@demo.example");
  auto saved = owner.call("PATCH", "/api/v1/business", R"({"address":"12 Harbour Street\nLondon E1 6AN","contact_phone":"+44 20 7946 0958"})");
  REQUIRE(saved.status == 200);
  CHECK_THAT(saved.body, Catch::Contains(R"("address":"12 Harbour Street\nLondon E1 6AN")"));
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto mia = w.client(b, "mia");
  booking::Client mei;
  mei.businessId = b.id;
  mei.name = "陳美玲";
  mei.email = "mei@example.com";
  mei.locale = "zh-TW";
  w.book(b, svc, ana, w.at(b, "2030-03-26", 9), mia.id);                    // a Tuesday
  w.book(b, svc, ana, w.at(b, "2030-12-05", 14, 30), w.clients.create(mei).id); // a Thursday
  CHECK(w.api->notifier().deliverDue() == 2);
  auto mail = smtp.messages();
  REQUIRE(mail.size() == 2);
  auto en = parts(mail[0]), zh = parts(mail[1]);
  CHECK_THAT(en.text, Catch::Contains("Hello mia,\n\nYour Service 30 with ana is booked for Tue 26 Mar 2030, 09:00 (Europe/London)."));
  CHECK_THAT(zh.text, Catch::Contains("已預約於 2030年12月5日（週四）14:30（Europe/London）"));
  for (const auto* p : {&en, &zh}) {
    CHECK_THAT(p->text, Catch::Contains("--\nBusiness demo\n12 Harbour Street\nLondon E1 6AN\n+44 20 7946 0958\n"));
    CHECK_THAT(p->html, Catch::Contains("Business demo<br>12 Harbour Street<br>London E1 6AN<br>+44 20 7946 0958<br>"));
    CHECK_THAT(p->text, !Catch::Contains("2030-03-26") && !Catch::Contains("2030-12-05"));
  }
  CHECK_THAT(zh.text, Catch::Contains("取消訂閱"));

  // the owner's own template gets the reader's date and the footer too; a preview shows both
  auto preview = owner.post("/api/v1/notifications/preview", R"({"template":"booking.reminder","locale":"en"})");
  CHECK_THAT(preview.body, Catch::Contains("Tue 26 Mar 2030, 09:00"));
  // an address of more than 4 lines or 300 characters is refused, naming the field; "" clears it
  auto tooLong = owner.call("PATCH", "/api/v1/business", R"({"address":")" + std::string(301, 'a') + R"("})");
  CHECK(tooLong.status == 422);
  CHECK_THAT(tooLong.body, Catch::Contains(R"("field":"address")"));
  CHECK(owner.call("PATCH", "/api/v1/business", R"({"address":"1\n2\n3\n4\n5"})").status == 422);
  auto cleared = owner.call("PATCH", "/api/v1/business", R"({"address":""})");
  CHECK_THAT(cleared.body, Catch::Contains(R"("address":null)"));
  CHECK_THAT(cleared.body, Catch::Contains(R"("contact_phone":"+44 20 7946 0958")")); // left out, kept
}

TEST_CASE("a booking confirmation arrives by SMTP with the right headers and an unsubscribe link", "[backend][notify]") {
  test::SmtpSink smtp(test::makeTempDirectory("atrium-smtp"));
  ApiWorld w({}, smtpAt(smtp.port()));
  auto b = w.business("demo");
  w.businesses.findBySlug("demo");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto mia = w.client(b, "mia");
  w.book(b, svc, ana, w.at(b, "2030-03-26", 9), mia.id);
  CHECK(w.api->notifier().deliverDue() == 1);
  auto mail = smtp.messages();
  REQUIRE(mail.size() == 1);
  const auto& m = mail[0];
  CHECK_THAT(header(m, "To"), Catch::Contains("mia@example.com"));
  CHECK_THAT(header(m, "From"), Catch::Contains("Business demo") && Catch::Contains("<bookings@atrium.test>"));
  CHECK(header(m, "Subject") == "Your booking at Business demo");
  CHECK_FALSE(header(m, "Date").empty());
  CHECK(std::regex_match(header(m, "Message-ID"), std::regex("<outbox-\\d+\\.[0-9a-f]+@atrium>")));
  CHECK(std::regex_match(header(m, "List-Unsubscribe"), std::regex("<https://book\\.example/api/v1/public/unsubscribe/u1\\.[^>]+>")));
  CHECK(header(m, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click");
  CHECK_THAT(m, Catch::Contains("https://book.example/unsubscribe/u1.")); // the link in the text goes to the page
  CHECK_THAT(header(m, "Content-Type"), Catch::Contains("multipart/alternative"));
  CHECK_THAT(m, Catch::Contains("text/plain") && Catch::Contains("text/html"));
  CHECK_THAT(m, Catch::Contains("/b/demo/manage/"));
  CHECK(w.api->notifier().deliverDue() == 0); // sent once
  auto owner = w.signedIn(b, (w.user(b, "owner@demo.example", auth::Role::Owner), "owner@demo.example"));
  auto outbox = owner.get("/api/v1/notifications/outbox");
  CHECK_THAT(outbox.body, Catch::Contains(R"("template":"booking.confirmation","channel":"email","category":"service","state":"sent")"));
}

TEST_CASE("one-click unsubscribe stops promotional mail, service mail still goes", "[backend][notify]") {
  test::SmtpSink smtp(test::makeTempDirectory("atrium-smtp"));
  ApiWorld w({}, smtpAt(smtp.port()));
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  booking::Client fan;
  fan.businessId = b.id;
  fan.name = "Fan";
  fan.email = "fan@example.com";
  fan.marketingEmail = true; // opted in
  auto fanId = w.clients.create(fan).id;
  w.client(b, "quiet"); // never opted in
  auto owner = w.signedIn(b, "owner@demo.example");
  auto sent = owner.post("/api/v1/notifications/campaigns", R"({"subject":"Spring offer","text":"10% off massages"})");
  CHECK(sent.status == 201);
  CHECK(sent.body == R"({"queued":1})"); // only the one who opted in
  w.api->notifier().deliverDue();
  auto mail = smtp.messages();
  REQUIRE(mail.size() == 1);
  CHECK_THAT(header(mail[0], "To"), Catch::Contains("fan@example.com"));
  std::string link = header(mail[0], "List-Unsubscribe");
  link = link.substr(1, link.size() - 2);
  std::string path = link.substr(std::string("https://book.example").size());

  auto anon = w.browser();
  CHECK_THAT(anon.get(path).body, Catch::Contains(R"("category":"promotional","status":"subscribed")"));
  auto oneClick = anon.call("POST", path, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
  CHECK(oneClick.status == 200);
  CHECK_THAT(anon.get(path).body, Catch::Contains(R"("status":"unsubscribed")"));
  CHECK(anon.get(path.substr(0, path.size() - 3) + "xyz").status == 404); // forged
  CHECK(owner.post("/api/v1/notifications/campaigns", R"({"subject":"Again","text":"more offers"})").body == R"({"queued":0})");
  w.book(b, svc, ana, w.at(b, "2030-03-26", 9), fanId); // a service message still goes out
  w.api->notifier().deliverDue();
  REQUIRE(smtp.messages().size() == 2);
  CHECK(header(smtp.messages()[1], "Subject") == "Your booking at Business demo");
  auto lease = w.database.db().acquire();
  auto ledger = lease->query("SELECT granted, source FROM consent_ledger WHERE client_id = ? ORDER BY id", {fanId});
  REQUIRE(ledger.size() == 2);
  CHECK(ledger[0].getText("source") == "back_office");
  CHECK(ledger[1].getBool("granted") == false);
  CHECK(ledger[1].getText("source") == "one_click");
}

TEST_CASE("SMTP down: the message waits and is retried, never dropped", "[backend][notify]") {
  test::SmtpSink smtp(test::makeTempDirectory("atrium-smtp"));
  ApiWorld w({}, smtpAt(smtp.port()));
  auto b = w.business("demo");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  w.book(b, svc, ana, w.at(b, "2030-03-26", 9), w.client(b, "mia").id);
  smtp.failing(true);
  CHECK(w.api->notifier().deliverDue() == 1);
  auto lease = w.database.db().acquire();
  auto row = lease->queryOne("SELECT state, attempts, last_error FROM outbox");
  CHECK(row->getText(0) == "pending");
  CHECK(row->getInt(1) == 1);
  CHECK_THAT(row->getText(2), Catch::Contains("451"));
  CHECK(w.api->notifier().deliverDue() == 0); // backing off
  smtp.failing(false);
  w.clock.advanceSeconds(61);
  CHECK(w.api->notifier().deliverDue() == 1);
  CHECK(smtp.messages().size() == 1);
  CHECK(lease->queryOne("SELECT state, attempts FROM outbox")->getText(0) == "sent");
}

TEST_CASE("reminders: each lead time once, none for a cancelled booking, SMS through the gateway", "[backend][notify]") {
  test::SmtpSink smtp(test::makeTempDirectory("atrium-smtp"));
  test::HttpSink sms;
  ApiWorld w({}, smtpAt(smtp.port(), sms.url("/sms")));
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto owner = w.signedIn(b, "owner@demo.example");
  REQUIRE(owner.call("PUT", "/api/v1/notifications/settings", R"({"reminder_minutes":[1440,120],"sms_enabled":true})").status == 200);
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  booking::Client c;
  c.businessId = b.id;
  c.name = "Mia";
  c.email = "mia@example.com";
  c.phone = "+44 7700 900123";
  auto mia = w.clients.create(c);
  auto kept = w.book(b, svc, ana, w.at(b, "2030-03-28", 9), mia.id);
  auto dropped = w.book(b, svc, ana, w.at(b, "2030-03-28", 10), mia.id);
  w.api->notifier().deliverDue(); // the confirmations: email and SMS, twice
  CHECK(sms.received().size() == 2);
  CHECK(sms.received()[0].authorization == "Bearer sms-secret-token");
  CHECK_THAT(sms.received()[0].body, Catch::Contains(R"("to":"+44 7700 900123")"));
  CHECK(w.api->notifier().queueReminders() == 0); // three days ahead: nothing yet
  w.clock.set(w.at(b, "2030-03-27", 10, 30)); // 22.5 and 23.5 hours before
  CHECK(w.api->notifier().queueReminders() == 4); // 24 h reminders, email + SMS, for both bookings
  CHECK(w.api->notifier().queueReminders() == 0); // never twice
  w.bookings.cancel(b, dropped.id, std::nullopt, {"staff", "1"}); // its queued reminders go with it
  w.api->notifier().deliverDue();
  auto lease = w.database.db().acquire();
  CHECK(lease->queryOne("SELECT COUNT(*) FROM outbox WHERE template = 'booking.reminder' AND state = 'cancelled'")->getInt(0) == 2);
  CHECK(lease->queryOne("SELECT COUNT(*) FROM outbox WHERE template = 'booking.reminder' AND state = 'sent'")->getInt(0) == 2);
  w.clock.set(w.at(b, "2030-03-28", 7, 30)); // 90 minutes before: the 2 h reminder
  CHECK(w.api->notifier().queueReminders() == 2);
  (void)kept;
}

TEST_CASE("templates: the business's own wording, per locale, with a preview", "[backend][notify]") {
  test::SmtpSink smtp(test::makeTempDirectory("atrium-smtp"));
  ApiWorld w({}, smtpAt(smtp.port()));
  auto b = w.business("demo");
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto owner = w.signedIn(b, "owner@demo.example");
  auto saved = owner.call("PUT", "/api/v1/notifications/templates/booking.confirmation/zh-TW/email",
                          R"({"subject":"{{business.name}} 預約確認","text":"{{client.name}}，您的 {{service.name}} 在 {{booking.start_local}}。<b>"})");
  CHECK(saved.status == 200);
  CHECK(owner.call("PUT", "/api/v1/notifications/templates/booking.nonsense/en/email", R"({"subject":"x","text":"y"})").status == 404);
  CHECK(owner.call("PUT", "/api/v1/notifications/templates/booking.confirmation/fr/email", R"({"subject":"x","text":"y"})").status == 422);
  auto preview = owner.post("/api/v1/notifications/preview", R"({"template":"booking.confirmation","locale":"zh-TW"})");
  CHECK(preview.status == 200);
  CHECK_THAT(preview.body, Catch::Contains("Business demo 預約確認"));
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  booking::Client c;
  c.businessId = b.id;
  c.name = "陳美玲";
  c.email = "mei@example.com";
  c.locale = "zh-TW";
  w.book(b, svc, ana, w.at(b, "2030-03-26", 9), w.clients.create(c).id);
  w.api->notifier().deliverDue();
  REQUIRE(smtp.messages().size() == 1);
  CHECK_THAT(header(smtp.messages()[0], "Subject"), Catch::Contains("=?UTF-8?")); // encoded word
}

TEST_CASE("the HTML part makes the kernel's links clickable and escapes everything else", "[notify]") {
  auto source = notify::Templates::builtIn("booking.confirmation", "en", "email");
  REQUIRE(source.html);
  auto out = notify::Templates::render(source, {{"client.name", "<b>Mia</b>"},
                                                {"links.manage", "https://book.example/b/demo/manage/7#token=a&b"},
                                                {"business.name", "Demo"}});
  REQUIRE(out.html);
  CHECK_THAT(*out.html, Catch::Contains(R"(<a href="https://book.example/b/demo/manage/7#token=a&amp;b">https://book.example/b/demo/manage/7#token=a&amp;b</a>)"));
  CHECK_THAT(*out.html, Catch::Contains("&lt;b&gt;Mia&lt;/b&gt;") && !Catch::Contains("<b>Mia"));
  CHECK_THAT(out.text, Catch::Contains("See or cancel it: https://book.example/b/demo/manage/7#token=a&b")); // the text part as it is
  auto odd = notify::Templates::render(source, {{"links.manage", "javascript:alert(1)"}});
  CHECK_THAT(*odd.html, !Catch::Contains("<a ") && Catch::Contains("javascript:alert(1)")); // only http(s) becomes a link
}

TEST_CASE("a stored name with CR/LF adds no header and no body to an email", "[backend][notify][security]") {
  test::SmtpSink smtp(test::makeTempDirectory("atrium-smtp"));
  ApiWorld w({}, smtpAt(smtp.port()));
  auto b = w.business("demo");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto mia = w.client(b, "mia");
  { // as data written before names were checked at input would be
    auto lease = w.database.db().acquire();
    lease->execute("UPDATE businesses SET name = ? WHERE id = ?", {std::string("Evil\r\nBcc: victim@example.com\r\n\r\nforged body"), b.id});
  }
  w.book(b, svc, ana, w.at(b, "2030-03-26", 9), mia.id);
  CHECK(w.api->notifier().deliverDue() == 1);
  auto mail = smtp.messages();
  REQUIRE(mail.size() == 1);
  const auto& m = mail[0];
  std::string head = m.substr(0, m.find("\r\n\r\n")); // the message's own headers (the body may quote the name)
  CHECK_FALSE(std::regex_search(head, std::regex("(^|\n)Bcc:", std::regex::icase)));
  CHECK_THAT(header(m, "Subject"), Catch::Contains("Evil")); // one line, still readable
}
