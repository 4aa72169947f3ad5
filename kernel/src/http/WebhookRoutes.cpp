#include "base/TimeZones.h"
#include "http/ApiRoutes.h"
#include "http/HttpError.h"
#include "http/JsonBody.h"

namespace atrium::http {
namespace {

void writeWebhook(JsonOut& out, const notify::Webhook& w, bool withSecret) {
  out.w().StartObject();
  out.idField("id", w.id).field("url", w.url).field("active", w.active).field("created_at", base::TimeZones::formatUtc(w.createdAt));
  out.key("events").w().StartArray();
  for (const auto& e : w.events) out.str(e);
  out.w().EndArray();
  if (withSecret) out.field("secret", w.secret); // shown once
  out.w().EndObject();
}

} // namespace

void addWebhookRoutes(Router& router, ApiContext& api, Authenticator& auth) {
  router.add("GET", "/api/v1/webhooks", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonOut out;
    out.w().StartObject();
    out.key("webhooks").w().StartArray();
    for (const auto& w : api.webhooks.list(s.business.id)) writeWebhook(out, w, false);
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("POST", "/api/v1/webhooks", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    JsonBody body(r, {"url", "events"});
    std::vector<std::string> events;
    const auto* list = body.value("events");
    if (!list || !list->IsArray()) throw HttpError(422, "invalid", "events must be an array of event names", "events");
    for (auto& e : list->GetArray()) {
      if (!e.IsString()) throw HttpError(422, "invalid", "events must be an array of event names", "events");
      events.emplace_back(e.GetString());
    }
    JsonOut out;
    writeWebhook(out, api.webhooks.create(s.business.id, body.string("url", 2000), events, s.auditActor()), true);
    return Response::json(201, out.text());
  });
  router.add("DELETE", "/api/v1/webhooks/{id}", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    api.webhooks.remove(s.business.id, pathId(r, "id"), s.auditActor());
    return Response::json(200, R"({"status":"deleted"})");
  });
  router.add("GET", "/api/v1/webhooks/{id}/deliveries", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    auto limit = static_cast<int>(queryInt(r, "limit", 50, 1, 200));
    JsonOut out;
    out.w().StartObject();
    out.key("deliveries").w().StartArray();
    for (const auto& d : api.webhooks.deliveries(s.business.id, pathId(r, "id"), limit)) {
      out.w().StartObject();
      out.idField("id", d.id).field("event", d.event).field("state", d.state).field("attempts", d.attempts)
          .field("next_attempt_at", base::TimeZones::formatUtc(d.nextAttemptAt)).field("last_error", d.lastError)
          .field("created_at", base::TimeZones::formatUtc(d.createdAt));
      out.key("last_status");
      if (d.lastStatus) out.w().Int64(*d.lastStatus);
      else out.w().Null();
      out.key("delivered_at");
      if (d.deliveredAt) out.str(base::TimeZones::formatUtc(*d.deliveredAt));
      else out.w().Null();
      out.w().EndObject();
    }
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
}

} // namespace atrium::http
