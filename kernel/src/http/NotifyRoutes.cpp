#include "base/TimeZones.h"
#include "core/Errors.h"
#include "http/ApiRoutes.h"
#include "http/HttpError.h"
#include "http/JsonBody.h"
#include "notify/Preferences.h"

namespace atrium::http {
namespace {

using base::TimeZones;

void writeMessage(JsonOut& out, const notify::Message& m) {
  out.field("subject", m.subject).field("text", m.text).field("html", m.html);
}

} // namespace

void addNotifyRoutes(Router& router, ApiContext& api, Authenticator& auth) {
  // What happened to every message: the outbox of the business.
  router.add("GET", "/api/v1/notifications/outbox", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    auto limit = queryInt(r, "limit", 50, 1, 200), offset = queryInt(r, "offset", 0, 0, 10'000'000);
    auto state = queryString(r, "state", 16);
    std::string where = " FROM outbox WHERE business_id = ?";
    store::Params params{s.business.id};
    if (state) where += " AND state = ?", params.emplace_back(*state);
    JsonOut out;
    out.w().StartObject();
    auto lease = api.database.acquire();
    out.field("total", lease->queryOne("SELECT COUNT(*)" + where, params)->getInt(0));
    out.key("messages").w().StartArray();
    lease->forEach(std::string("SELECT ") + notify::Outbox::kColumns + where + " ORDER BY id DESC LIMIT " + std::to_string(limit) +
                       " OFFSET " + std::to_string(offset),
                   params, [&out](const store::Row& row) {
                     auto m = notify::Outbox::fromRow(row);
                     out.w().StartObject();
                     out.idField("id", m.id).field("template", m.templateName).field("channel", m.channel).field("category", m.category)
                         .field("state", m.state).field("attempts", m.attempts).field("last_error", m.lastError)
                         .field("created_at", TimeZones::formatUtc(m.createdAt));
                     out.key("recipient").w().StartObject();
                     out.field("kind", m.clientId ? "client" : "staff").idField("id", m.clientId ? *m.clientId : m.userId.value_or(0));
                     out.w().EndObject();
                     out.key("booking_id");
                     if (m.bookingId) out.str(std::to_string(*m.bookingId));
                     else out.w().Null();
                     out.key("sent_at");
                     if (m.sentAt) out.str(TimeZones::formatUtc(*m.sentAt));
                     else out.w().Null();
                     out.w().EndObject();
                   });
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });

  router.add("GET", "/api/v1/notifications/templates", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonOut out;
    out.w().StartObject();
    out.key("templates").w().StartArray();
    for (const auto& name : notify::Templates::names())
      for (const char* locale : {"en", "zh-TW"})
        for (const char* channel : {"email", "sms"}) {
          auto m = api.templates.source(s.business.id, name, locale, channel);
          out.w().StartObject();
          out.field("template", name).field("locale", locale).field("channel", channel);
          writeMessage(out, m);
          out.w().EndObject();
        }
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("PUT", "/api/v1/notifications/templates/{template}/{locale}/{channel}", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, {"subject", "text", "html"});
    notify::Message m{body.optionalString("subject", 500).value_or(""), body.string("text", 20000), body.optionalString("html", 100000)};
    api.templates.save(s.business.id, r.param("template"), r.param("locale"), r.param("channel"), m, s.auditActor());
    JsonOut out;
    out.w().StartObject();
    writeMessage(out, api.templates.source(s.business.id, r.param("template"), r.param("locale"), r.param("channel")));
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("POST", "/api/v1/notifications/preview", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, {"template", "locale", "channel", "booking_id"});
    auto name = body.string("template", 96);
    const auto& names = notify::Templates::names();
    if (std::find(names.begin(), names.end(), name) == names.end()) throw HttpError(422, "invalid", "unknown template", "template");
    auto m = api.notifier.preview(s.business.id, name, body.optionalString("locale", 8).value_or(s.business.locale),
                                  body.optionalString("channel", 8).value_or("email"), body.optionalId("booking_id"));
    JsonOut out;
    out.w().StartObject();
    writeMessage(out, m);
    out.w().EndObject();
    return Response::json(200, out.text());
  });

  router.add("GET", "/api/v1/notifications/settings", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    auto settings = api.notifier.businessSettings(s.business.id);
    JsonOut out;
    out.w().StartObject();
    out.key("reminder_minutes").w().StartArray();
    for (int m : settings.reminderMinutes) out.w().Int(m);
    out.w().EndArray();
    out.field("reply_to", settings.replyTo).field("sms_enabled", settings.smsEnabled);
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("PUT", "/api/v1/notifications/settings", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, {"reminder_minutes", "reply_to", "sms_enabled"});
    auto settings = api.notifier.businessSettings(s.business.id);
    if (const auto* list = body.value("reminder_minutes")) {
      if (!list->IsArray()) throw HttpError(422, "invalid", "reminder_minutes must be an array of minutes", "reminder_minutes");
      settings.reminderMinutes.clear();
      for (auto& v : list->GetArray()) {
        if (!v.IsInt()) throw HttpError(422, "invalid", "reminder_minutes must be whole numbers", "reminder_minutes");
        settings.reminderMinutes.push_back(v.GetInt());
      }
    }
    if (body.present("reply_to")) settings.replyTo = body.optionalString("reply_to", 254);
    if (auto sms = body.optionalBool("sms_enabled")) settings.smsEnabled = *sms;
    api.notifier.saveBusinessSettings(s.business.id, settings, s.auditActor());
    return Response::json(200, R"({"status":"saved"})");
  });

  // A promotional campaign: queued for every client who opted in on the channel.
  router.add("POST", "/api/v1/notifications/campaigns", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, {"subject", "text", "channel"});
    auto channel = body.optionalString("channel", 8).value_or("email");
    if (!notify::Preferences::validChannel(channel)) throw HttpError(422, "invalid", "channel must be email or sms", "channel");
    JsonOut data;
    data.w().StartObject();
    data.field("campaign.subject", body.optionalString("subject", 200).value_or("")).field("campaign.text", body.string("text", 5000));
    data.w().EndObject();
    std::int64_t queued = 0, now = api.clock.nowMicros();
    api.database.inTransaction([&](store::Connection& c) {
      std::vector<std::pair<std::int64_t, std::string>> recipients;
      c.forEach(std::string("SELECT id, locale FROM clients WHERE business_id = ? AND erased_at IS NULL AND ") +
                    (channel == "email" ? "marketing_email = 1 AND email IS NOT NULL" : "marketing_sms = 1 AND phone IS NOT NULL"),
                {s.business.id}, [&](const store::Row& row) { recipients.emplace_back(row.getInt(0), row.getText(1)); });
      for (const auto& [client, locale] : recipients) {
        notify::NewMessage m;
        m.businessId = s.business.id;
        m.clientId = client;
        m.channel = channel;
        m.category = "promotional";
        m.templateName = "campaign";
        m.locale = locale;
        m.dataJson = data.text();
        queued += notify::Outbox::enqueue(c, m, now) ? 1 : 0;
      }
      api.plugins.audit().record(c, s.business.id, s.auditActor(), "notification.campaign_sent", {"none", ""},
                                 core::JsonOut::object([&](core::JsonOut& o) { o.field("channel", channel).field("queued", queued); }));
    });
    return Response::json(201, core::JsonOut::object([&](core::JsonOut& o) { o.field("queued", queued); }));
  });

  // Unsubscribe without signing in: the signed link of every email (RFC 8058 one-click POST).
  auto target = [&api](Request& r) {
    auto t = notify::Preferences::verify(api.secrets, r.param("token"));
    if (!t) throw HttpError(404, "not_found", "this unsubscribe link is not valid");
    return *t;
  };
  router.add("GET", "/api/v1/public/unsubscribe/{token}", [&api, target](Request& r) {
    auto t = target(r);
    auto business = api.businesses.findById(t.businessId);
    auto lease = api.database.acquire();
    bool subscribed = notify::Preferences::allowed(*lease, t.businessId, t.clientId, t.channel, t.category);
    JsonOut out;
    out.w().StartObject();
    out.field("business", business ? business->name : "").field("channel", t.channel).field("category", t.category)
        .field("status", subscribed ? "subscribed" : "unsubscribed");
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("POST", "/api/v1/public/unsubscribe/{token}", [&api, target](Request& r) {
    auto t = target(r);
    bool oneClick = r.body.find("List-Unsubscribe=One-Click") != std::string::npos;
    api.database.inTransaction([&](store::Connection& c) {
      notify::Preferences::set(c, t.businessId, t.clientId, t.channel, t.category, false, oneClick ? "one_click" : "unsubscribe_link",
                               api.clock.nowMicros());
    });
    return Response::json(200, R"({"status":"unsubscribed"})");
  });
  // Undo, from the same page: the signed link names the client, channel and kind
  router.add("POST", "/api/v1/public/unsubscribe/{token}/resubscribe", [&api, target](Request& r) {
    auto t = target(r);
    api.database.inTransaction([&](store::Connection& c) {
      notify::Preferences::set(c, t.businessId, t.clientId, t.channel, t.category, true, "unsubscribe_link", api.clock.nowMicros());
    });
    return Response::json(200, R"({"status":"subscribed"})");
  });

  // The installation's view: how many messages are in which state, per business (no content).
  router.add("GET", "/api/v1/admin/outbox", [&api, &auth](Request& r) {
    auth.installationAdmin(r);
    JsonOut out;
    out.w().StartObject();
    out.key("counts").w().StartArray();
    auto lease = api.database.acquire();
    lease->forEach("SELECT business_id, state, COUNT(*), MIN(created_at) FROM outbox GROUP BY business_id, state ORDER BY business_id, state", {},
                   [&out](const store::Row& row) {
                     out.w().StartObject();
                     out.idField("business_id", row.getInt(0)).field("state", row.getText(1)).field("messages", row.getInt(2))
                         .field("oldest", TimeZones::formatUtc(row.getInt(3)));
                     out.w().EndObject();
                   });
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
}

} // namespace atrium::http
