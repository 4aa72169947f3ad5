#include "notify/Notifier.h"
#include "core/JsonOut.h"
#include "core/TextInput.h"

#include "auth/ManageLinks.h"
#include "core/Text.h"

#include "base/TimeZones.h"
#include "core/Errors.h"
#include "core/Json.h"
#include "core/Log.h"
#include "core/Random.h"
#include "notify/Preferences.h"

#include <algorithm>
#include <sstream>

namespace atrium::notify {
namespace {

constexpr std::int64_t kSecond = 1'000'000;

std::vector<int> parseMinutes(const std::string& csv) {
  std::vector<int> out;
  std::stringstream in(csv);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(std::stoi(item));
  return out;
}

/// The business's placeholders: {{business.name}}, {{business.address}}, {{business.phone}}.
void businessValues(std::map<std::string, std::string>& v, const std::string& name, const std::optional<std::string>& address,
                    const std::optional<std::string>& phone) {
  v["business.name"] = name;
  v["business.address"] = address.value_or("");
  v["business.phone"] = phone.value_or("");
}

} // namespace

std::vector<int> Notifier::reminderMinutes(std::int64_t businessId) {
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT reminder_minutes FROM notification_settings WHERE business_id = ?", {businessId});
  return row ? parseMinutes(row->getText(0)) : settings_.defaultReminderMinutes;
}

Notifier::BusinessSettings Notifier::businessSettings(std::int64_t businessId) {
  BusinessSettings s;
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT reminder_minutes, reply_to, sms_enabled FROM notification_settings WHERE business_id = ?", {businessId});
  s.reminderMinutes = row ? parseMinutes(row->getText(0)) : settings_.defaultReminderMinutes;
  if (row) {
    s.replyTo = row->getOptionalText(1);
    s.smsEnabled = row->getBool(2);
  }
  return s;
}

void Notifier::saveBusinessSettings(std::int64_t businessId, const BusinessSettings& s, const base::AuditBy& by) {
  if (s.reminderMinutes.size() > 5) throw core::ValidationError("reminder_minutes", "at most 5 reminders");
  std::string csv;
  for (int m : s.reminderMinutes) {
    if (m < 10 || m > 20160) throw core::ValidationError("reminder_minutes", "each lead time must be from 10 minutes to 14 days");
    csv += (csv.empty() ? "" : ",") + std::to_string(m);
  }
  if (s.replyTo && (s.replyTo->size() > 254 || s.replyTo->find('@') == std::string::npos ||
                    s.replyTo->find_first_of(std::string(" \t\r\n\v\f\0", 7)) != std::string::npos || core::textProblem(*s.replyTo, "reply_to")))
    throw core::ValidationError("reply_to", "reply_to must be an email address");
  BusinessSettings before = businessSettings(businessId);
  database_.inTransaction([&](store::Connection& c) {
    c.execute("DELETE FROM notification_settings WHERE business_id = ?", {businessId});
    c.execute("INSERT INTO notification_settings (business_id, reminder_minutes, reply_to, sms_enabled, updated_at) VALUES (?, ?, ?, ?, ?)",
              {businessId, csv, s.replyTo, s.smsEnabled, clock_.nowMicros()});
    std::vector<const char*> changed; // the names only: a reply-to address may be someone's own
    for (auto [field, differs] : {std::pair{"reminder_minutes", before.reminderMinutes != s.reminderMinutes},
                                  {"reply_to", before.replyTo != s.replyTo}, {"sms_enabled", before.smsEnabled != s.smsEnabled}})
      if (differs) changed.push_back(field);
    if (!changed.empty())
      plugins_.audit().record(c, businessId, by, "notification.settings_changed", {"business", std::to_string(businessId)},
                              core::JsonOut::object([&](core::JsonOut& o) {
                                o.key("changed").w().StartArray();
                                for (const char* field : changed) o.str(field);
                                o.w().EndArray();
                              }));
  });
}

bool Notifier::values(const OutboxMessage& m, std::map<std::string, std::string>& v, std::string& address) {
  auto lease = database_.acquire();
  auto b = lease->queryOne("SELECT name, time_zone, slug, address, contact_phone FROM businesses WHERE id = ?", {m.businessId});
  if (!b) return false;
  businessValues(v, b->getText(0), b->getOptionalText(3), b->getOptionalText(4));
  std::string zone = b->getText(1), slug = b->getText(2);
  v["booking.time_zone"] = zone;
  if (m.clientId) {
    auto c = lease->queryOne("SELECT name, email, phone, erased_at FROM clients WHERE business_id = ? AND id = ?", {m.businessId, *m.clientId});
    if (!c || !c->isNull(3)) return false;
    v["client.name"] = c->getText(0);
    address = m.channel == "email" ? c->getText(1) : c->getText(2);
    Preferences::Target t{m.businessId, *m.clientId, m.channel, m.category};
    // the page asks before unsubscribing (a mail scanner following links unsubscribes nobody);
    // List-Unsubscribe names the API for RFC 8058 one-click
    // the pages open in the message's language (?lang=), as the message was written
    v["links.unsubscribe"] = settings_.publicUrl + "/unsubscribe/" + Preferences::unsubscribeToken(secrets_, t) + "?lang=" + m.locale;
  } else if (m.userId) {
    auto u = lease->queryOne("SELECT display_name, email FROM users WHERE business_id = ? AND id = ? AND active = 1", {m.businessId, *m.userId});
    if (!u) return false;
    v["client.name"] = u->getText(0);
    address = m.channel == "email" ? u->getText(1) : "";
  }
  if (m.bookingId) {
    auto bk = lease->queryOne("SELECT s.name, u.display_name, k.start_at FROM bookings k JOIN services s ON s.id = k.service_id "
                              "JOIN users u ON u.id = k.provider_id WHERE k.id = ? AND k.business_id = ?",
                              {*m.bookingId, m.businessId});
    if (bk) {
      v["service.name"] = bk->getText(0);
      v["provider.name"] = bk->getText(1);
      v["booking.start_local"] = base::TimeZones::formatForReader(zone, bk->getInt(2), m.locale);
      v["links.manage"] = settings_.publicUrl + "/b/" + slug + "/manage/" + std::to_string(*m.bookingId) + "?lang=" + m.locale +
                          "#token=" + auth::manageToken(secrets_, *m.bookingId, true); // to the client's own address; never sent to a server
    }
  }
  rapidjson::Document data;
  if (!!core::parseJson(data, m.dataJson) && data.IsObject())
    for (auto& member : data.GetObject())
      if (member.value.IsString()) v[member.name.GetString()] = member.value.GetString();
  return !address.empty();
}

bool Notifier::render(OutboxMessage& m, std::string& why) {
  std::map<std::string, std::string> v;
  std::string address;
  if (!values(m, v, address)) {
    why = "the recipient has no address for this channel, or is gone";
    return false;
  }
  if (m.clientId) {
    auto lease = database_.acquire();
    if (!Preferences::allowed(*lease, m.businessId, *m.clientId, m.channel, m.category)) {
      why = m.category == "promotional" ? "the client has not opted in" : "the client opted out";
      return false;
    }
  }
  Message source;
  auto dot = m.templateName.find('.');
  std::string owner = dot == std::string::npos ? "" : m.templateName.substr(0, dot);
  if (auto* plugin = plugins_.registry().active(owner)) { // a plugin's template: its manifest's ui strings
    std::string key = "notification." + m.templateName.substr(dot + 1);
    source = {plugin->manifest().text(m.locale, key + ".subject"), plugin->manifest().text(m.locale, key + ".text"), std::nullopt};
  } else {
    source = templates_.source(m.businessId, m.templateName, m.locale, m.channel);
  }
  Message out = Templates::render(source, v);

  // plugins may change the message before it is stored (hipaa strips personal data here)
  std::string name, zone, locale = m.locale;
  std::int64_t version = 0;
  {
    auto lease = database_.acquire();
    auto b = lease->queryOne("SELECT name, time_zone, features_version FROM businesses WHERE id = ?", {m.businessId});
    name = b->getText(0);
    zone = b->getText(1);
    version = b->getInt(2);
  }
  auto outcome = plugins_.dispatcher().filter({m.businessId, version, name, zone, locale}, plugin_host::HookId::NotificationRender,
                                              [&](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    rapidjson::Value n(rapidjson::kObjectType), who(rapidjson::kObjectType), data(rapidjson::kObjectType);
    n.AddMember("id", rapidjson::Value(std::to_string(m.id).c_str(), a), a);
    n.AddMember("template", rapidjson::Value(m.templateName.c_str(), a), a);
    n.AddMember("channel", rapidjson::Value(m.channel.c_str(), a), a);
    who.AddMember("kind", rapidjson::StringRef(m.clientId ? "client" : "staff"), a);
    who.AddMember("id", rapidjson::Value(std::to_string(m.clientId ? *m.clientId : m.userId.value_or(0)).c_str(), a), a);
    n.AddMember("recipient", who, a);
    n.AddMember("promotional", m.category == "promotional", a);
    n.AddMember("subject", rapidjson::Value(out.subject.c_str(), a), a);
    n.AddMember("text", rapidjson::Value(out.text.c_str(), a), a);
    n.AddMember("html", out.html ? rapidjson::Value(out.html->c_str(), a) : rapidjson::Value(), a);
    for (const auto& [k, val] : v)
      if (k.rfind("links.", 0) != 0) data.AddMember(rapidjson::Value(k.c_str(), a), rapidjson::Value(val.c_str(), a), a);
    d.AddMember("notification", n, a);
    d.AddMember("data", data, a);
  });
  if (outcome.kind == plugin_host::HookOutcome::Kind::Failed) {
    why = "a feature failed to render the message";
    return false;
  }
  if (outcome.ran && outcome.kind == plugin_host::HookOutcome::Kind::Passed) {
    rapidjson::Document d;
    core::parseJson(d, outcome.payload);
    const auto& n = d["notification"];
    out.subject = n["subject"].GetString();
    out.text = n["text"].GetString();
    out.html = n["html"].IsString() ? std::optional<std::string>(n["html"].GetString()) : std::nullopt;
  }
  // the kernel's footer comes last, whatever the template or plugins did: who sends it (the
  // business's name, address and phone, those it has) and the way out
  if (m.channel == "email" && v.count("links.unsubscribe")) {
    std::string unsubscribe = core::Text("Unsubscribe from these messages").render(m.locale); // in the message's language
    std::vector<std::string> sender{v["business.name"]};
    for (const char* key : {"business.address", "business.phone"})
      if (!v[key].empty()) sender.push_back(v[key]);
    out.text += "\n\n--";
    for (const auto& line : sender) out.text += "\n" + line;
    out.text += "\n" + unsubscribe + ": " + v["links.unsubscribe"];
    if (out.html) {
      auto end = out.html->rfind("</body>");
      std::string footer = "<p style=\"font-size:small;color:#555\">";
      for (const auto& line : sender) footer += Templates::htmlText(line) + "<br>";
      footer += "<a href=\"" + v["links.unsubscribe"] + "\">" + unsubscribe + "</a></p>";
      out.html->insert(end == std::string::npos ? out.html->size() : end, footer);
    }
  }
  m.address = address;
  m.subject = out.subject;
  m.bodyText = out.text;
  m.bodyHtml = out.html;
  m.messageId = "<outbox-" + std::to_string(m.id) + "." + core::toHex(core::randomBytes(8)) + "@atrium>";
  auto lease = database_.acquire();
  lease->execute("UPDATE outbox SET state = 'pending', address = ?, subject = ?, body_text = ?, body_html = ?, message_id = ? WHERE id = ?",
                 {m.address, m.subject, m.bodyText, m.bodyHtml, m.messageId, m.id});
  m.state = "pending";
  return true;
}

void Notifier::attempt(OutboxMessage& m) {
  bool configured = m.channel == "email" ? !settings_.smtp.host.empty() : !settings_.sms.url.empty();
  if (!configured) { // wait without spending attempts until the installation configures the channel
    auto lease = database_.acquire();
    lease->execute("UPDATE outbox SET next_attempt_at = ?, lease_until = 0, last_error = ? WHERE id = ?",
                   {clock_.nowMicros() + 300 * kSecond, m.channel == "email" ? "waiting: no SMTP server configured (notify.smtp.host)"
                                                                             : "waiting: no SMS gateway configured (notify.sms.url)", m.id});
    return;
  }
  std::string error;
  bool ok = false;
  try {
    if (m.channel == "email") {
      Email e;
      e.to = *m.address;
      e.subject = m.subject.value_or("");
      e.text = m.bodyText.value_or("");
      e.html = m.bodyHtml.value_or("");
      e.messageId = *m.messageId;
      {
        auto lease = database_.acquire();
        auto b = lease->queryOne("SELECT b.name, b.contact_email, s.reply_to FROM businesses b LEFT JOIN notification_settings s "
                                 "ON s.business_id = b.id WHERE b.id = ?",
                                 {m.businessId});
        e.fromName = b->getText(0);
        e.replyTo = b->getOptionalText(2).value_or(b->getOptionalText(1).value_or(""));
      }
      // RFC 8058 one-click unsubscribe: the token of the footer's link (the last one, whatever
      // the language of the words before it)
      if (auto at = m.bodyText->rfind("/unsubscribe/"); m.clientId && at != std::string::npos) {
        auto start = at + 13;
        auto token = m.bodyText->substr(start, m.bodyText->find_first_of("?# \t\r\n", start) - start);
        e.headers["List-Unsubscribe"] = "<" + settings_.publicUrl + "/api/v1/public/unsubscribe/" + token + ">";
        e.headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
      }
      sendEmail(settings_.smtp, e);
    } else {
      sendSms(settings_.sms, *m.address, m.bodyText.value_or(""));
    }
    ok = true;
  } catch (const std::exception& ex) {
    error = std::string(ex.what()).substr(0, 480);
  }
  int attempts = m.attempts + 1;
  std::int64_t now = clock_.nowMicros();
  std::int64_t backoff = std::min<std::int64_t>((INT64_C(60) << std::min(attempts - 1, 16)) * kSecond, 12 * 3600 * kSecond);
  std::string state = ok ? "sent" : (attempts >= settings_.maxAttempts ? "failed" : "pending");
  auto lease = database_.acquire();
  lease->execute("UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, lease_until = 0, last_error = ?, sent_at = ? WHERE id = ?",
                 {state, attempts, now + backoff, ok ? std::optional<std::string>() : std::optional<std::string>(error),
                  ok ? std::optional<std::int64_t>(now) : std::nullopt, m.id});
  core::Log::info("notify.attempt", {{"message", m.id}, {"channel", std::string_view(m.channel)}, {"state", std::string_view(state)}});
}

bool Notifier::withinRecipientLimit(const OutboxMessage& m, std::int64_t now, std::string& why) {
  if (m.channel != "email" || !m.address) return true;
  auto lease = database_.acquire();
  auto sent = lease->queryOne("SELECT COUNT(*) FROM outbox WHERE address = ? AND channel = 'email' AND state IN ('sent', 'pending') "
                              "AND created_at > ? AND id <> ?",
                              {*m.address, now - 3600 * kSecond, m.id});
  if (sent && sent->getInt(0) < settings_.maxEmailsPerRecipientPerHour) return true;
  why = "the address received " + std::to_string(settings_.maxEmailsPerRecipientPerHour) + " emails in the last hour";
  return false;
}

int Notifier::deliverDue(int max) {
  std::int64_t now = clock_.nowMicros();
  std::vector<std::int64_t> due;
  {
    auto lease = database_.acquire();
    lease->forEach("SELECT id FROM outbox WHERE state IN ('queued', 'pending') AND next_attempt_at <= ? AND lease_until <= ? "
                   "ORDER BY next_attempt_at, id LIMIT " + std::to_string(max),
                   {now, now}, [&due](const store::Row& r) { due.push_back(r.getInt(0)); });
  }
  int attempted = 0;
  for (auto id : due) {
    OutboxMessage m;
    {
      auto lease = database_.acquire();
      // the lease: only the node whose UPDATE matched works on this message until it expires
      if (lease->execute("UPDATE outbox SET lease_until = ? WHERE id = ? AND state IN ('queued', 'pending') AND lease_until <= ?",
                         {now + settings_.leaseSeconds * kSecond, id, now}) == 0)
        continue;
      m = Outbox::fromRow(*lease->queryOne(std::string("SELECT ") + Outbox::kColumns + " FROM outbox WHERE id = ?", {id}));
    }
    if (m.state == "queued") {
      std::string why;
      if (!render(m, why) || !withinRecipientLimit(m, now, why)) {
        auto lease = database_.acquire();
        lease->execute("UPDATE outbox SET state = 'suppressed', last_error = ?, lease_until = 0 WHERE id = ?", {why, id});
        continue;
      }
    }
    attempt(m);
    ++attempted;
  }
  return attempted;
}

int Notifier::queueReminders() {
  std::int64_t now = clock_.nowMicros();
  int queued = 0;
  struct Due {
    std::int64_t booking, business, client, start, created;
    std::string locale;
  };
  std::vector<Due> candidates;
  {
    auto lease = database_.acquire();
    lease->forEach("SELECT k.id, k.business_id, k.client_id, k.start_at, k.created_at, c.locale FROM bookings k JOIN clients c ON c.id = k.client_id "
                   "WHERE k.status = 'confirmed' AND k.start_at > ? AND k.start_at <= ? AND c.erased_at IS NULL",
                   {now, now + 20160 * 60 * kSecond}, [&](const store::Row& r) {
                     candidates.push_back({r.getInt(0), r.getInt(1), r.getInt(2), r.getInt(3), r.getInt(4), r.getText(5)});
                   });
  }
  std::map<std::int64_t, std::vector<int>> leads;
  for (const auto& d : candidates) {
    if (!leads.count(d.business)) leads[d.business] = reminderMinutes(d.business);
    for (int minutes : leads[d.business]) {
      std::int64_t lead = minutes * 60 * kSecond;
      // due once the lead time is reached; not for bookings made inside it
      if (d.start - lead > now || d.created > d.start - lead) continue;
      database_.inTransaction([&](store::Connection& c) {
        for (const char* channel : {"email", "sms"}) {
          NewMessage m;
          m.businessId = d.business;
          m.clientId = d.client;
          m.bookingId = d.booking;
          m.channel = channel;
          m.templateName = "booking.reminder";
          m.locale = d.locale;
          m.dedupeKey = "reminder:" + std::to_string(d.booking) + ":" + std::to_string(d.start / kSecond) + ":" + std::to_string(minutes) + ":" + channel;
          if (std::string(channel) == "sms") { // SMS only where the business turned it on
            auto s = c.queryOne("SELECT sms_enabled FROM notification_settings WHERE business_id = ?", {d.business});
            if (!s || !s->getBool(0)) continue;
          }
          if (Outbox::enqueue(c, m, now)) ++queued;
        }
      });
    }
  }
  return queued;
}

Message Notifier::preview(std::int64_t businessId, const std::string& templateName, const std::string& locale, const std::string& channel,
                          std::optional<std::int64_t> bookingId) {
  std::map<std::string, std::string> v{{"client.name", "Alex Example"}, {"service.name", "Consultation"}, {"provider.name", "Dr Example"},
                                       {"links.manage", settings_.publicUrl + "/b/…/manage/…"},
                                       {"links.unsubscribe", settings_.publicUrl + "/unsubscribe/…"},
                                       {"campaign.subject", "Our news"}, {"campaign.text", "The text of your campaign."}};
  auto lease = database_.acquire();
  auto b = lease->queryOne("SELECT name, time_zone, address, contact_phone FROM businesses WHERE id = ?", {businessId});
  businessValues(v, b->getText(0), b->getOptionalText(2), b->getOptionalText(3));
  v["booking.time_zone"] = b->getText(1);
  std::int64_t start = *base::TimeZones::toUtc(b->getText(1), {2030, 3, 26}, 9 * 60); // a sample in the reader's words
  if (bookingId) {
    auto bk = lease->queryOne("SELECT s.name, u.display_name, k.start_at FROM bookings k JOIN services s ON s.id = k.service_id "
                              "JOIN users u ON u.id = k.provider_id WHERE k.id = ? AND k.business_id = ?",
                              {*bookingId, businessId});
    if (!bk) throw core::NotFoundError("no such booking");
    v["service.name"] = bk->getText(0);
    v["provider.name"] = bk->getText(1);
    start = bk->getInt(2);
  }
  v["booking.start_local"] = base::TimeZones::formatForReader(b->getText(1), start, locale);
  return Templates::render(templates_.source(businessId, templateName, locale, channel), v);
}

} // namespace atrium::notify
