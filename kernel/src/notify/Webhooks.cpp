#include "notify/Webhooks.h"

#include "core/Digest.h"
#include "core/Errors.h"
#include "core/Log.h"
#include "core/Random.h"

#include <atrium/sdk/JsonBuilder.hpp>

#include <Poco/Net/DNS.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <sstream>

namespace atrium::notify {
namespace {

constexpr std::int64_t kSecond = 1'000'000;

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

bool isPrivate(const Poco::Net::IPAddress& ip) {
  return ip.isLoopback() || ip.isSiteLocal() || ip.isLinkLocal() || ip.isWildcard() || ip.isMulticast() ||
         ip.toString().rfind("100.64.", 0) == 0 || ip.toString().rfind("fc", 0) == 0 || ip.toString().rfind("fd", 0) == 0;
}

/// Refuses a target whose host resolves to a private address (checked again at each
/// delivery, so DNS changes cannot smuggle one in).
std::optional<core::Text> unsafeTarget(const Poco::URI& uri, bool allowPrivate) {
  if (allowPrivate) return std::nullopt;
  try {
    auto entry = Poco::Net::DNS::resolve(uri.getHost());
    for (const auto& ip : entry.addresses())
      if (isPrivate(ip)) return core::Text("the url points to a private or loopback address");
    if (entry.addresses().empty()) return core::Text("the url's host does not resolve");
  } catch (const Poco::Exception&) {
    return core::Text("the url's host does not resolve");
  }
  return std::nullopt;
}

Delivery deliveryFrom(const store::Row& r) {
  Delivery d;
  d.id = r.getInt("id");
  d.webhookId = r.getInt("webhook_id");
  d.event = r.getText("event");
  d.state = r.getText("state");
  d.attempts = static_cast<int>(r.getInt("attempts"));
  d.nextAttemptAt = r.getInt("next_attempt_at");
  d.lastStatus = r.getOptionalInt("last_status");
  d.lastError = r.getOptionalText("last_error");
  d.createdAt = r.getInt("created_at");
  d.deliveredAt = r.getOptionalInt("delivered_at");
  return d;
}

} // namespace

const std::vector<std::string>& Webhooks::eventNames() {
  static const std::vector<std::string> names{"booking.created", "booking.changed", "booking.cancelled", "client.created"};
  return names;
}

Webhook Webhooks::create(std::int64_t businessId, const std::string& url, const std::vector<std::string>& events, const base::AuditBy& by) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception&) {
    throw core::ValidationError("url", "url must be an http or https URL");
  }
  if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty() || url.size() > 2000)
    throw core::ValidationError("url", "url must be an http or https URL");
  if (auto why = unsafeTarget(uri, settings_.allowPrivateTargets)) throw core::ValidationError("url", *why);
  if (events.empty()) throw core::ValidationError("events", "events must name at least one event");
  for (const auto& e : events)
    if (std::find(eventNames().begin(), eventNames().end(), e) == eventNames().end())
      throw core::ValidationError("events", core::Text("unknown event '{event}'; known: {known}", {{"event", e}, {"known", join(eventNames())}}));
  Webhook w{0, businessId, url, core::toHex(core::randomBytes(32)), events, true, clock_.nowMicros()};
  database_.inTransaction([&](store::Connection& c) {
    w.id = c.insert("INSERT INTO webhooks (business_id, url, secret, events, active, created_at) VALUES (?, ?, ?, ?, 1, ?)",
                    {businessId, url, w.secret, join(events), w.createdAt});
    sdk::JsonArray names;
    for (const auto& e : events) names.add(e);
    if (audit_) audit_->record(c, businessId, by, "webhook.created", {"webhook", std::to_string(w.id)}, sdk::JsonObject{{"events", names}}.str());
  });
  return w;
}

std::vector<Webhook> Webhooks::list(std::int64_t businessId) {
  std::vector<Webhook> out;
  auto lease = database_.acquire();
  lease->forEach("SELECT id, url, events, active, created_at FROM webhooks WHERE business_id = ? ORDER BY id", {businessId},
                 [&](const store::Row& r) {
                   out.push_back({r.getInt(0), businessId, r.getText(1), "", split(r.getText(2)), r.getBool(3), r.getInt(4)});
                 });
  return out;
}

void Webhooks::remove(std::int64_t businessId, std::int64_t id, const base::AuditBy& by) {
  database_.inTransaction([&](store::Connection& c) {
    if (c.execute("UPDATE webhooks SET active = 0 WHERE business_id = ? AND id = ?", {businessId, id}) == 0)
      throw core::NotFoundError("no such webhook");
    c.execute("UPDATE webhook_deliveries SET state = 'failed', last_error = 'webhook removed' WHERE webhook_id = ? AND state = 'pending'", {id});
    if (audit_) audit_->record(c, businessId, by, "webhook.removed", {"webhook", std::to_string(id)});
  });
}

std::vector<Delivery> Webhooks::deliveries(std::int64_t businessId, std::int64_t webhookId, int limit) {
  std::vector<Delivery> out;
  auto lease = database_.acquire();
  if (!lease->queryOne("SELECT 1 FROM webhooks WHERE business_id = ? AND id = ?", {businessId, webhookId})) throw core::NotFoundError("no such webhook");
  lease->forEach("SELECT id, webhook_id, event, state, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at "
                 "FROM webhook_deliveries WHERE business_id = ? AND webhook_id = ? ORDER BY id DESC LIMIT " + std::to_string(limit),
                 {businessId, webhookId}, [&out](const store::Row& r) { out.push_back(deliveryFrom(r)); });
  return out;
}

void Webhooks::enqueue(store::Connection& c, std::int64_t businessId, const std::string& event, const std::string& payload, std::int64_t now) {
  std::vector<std::int64_t> targets;
  c.forEach("SELECT id, events FROM webhooks WHERE business_id = ? AND active = 1", {businessId}, [&](const store::Row& r) {
    auto events = split(r.getText(1));
    if (std::find(events.begin(), events.end(), event) != events.end()) targets.push_back(r.getInt(0));
  });
  for (auto id : targets)
    c.execute("INSERT INTO webhook_deliveries (business_id, webhook_id, event, payload_json, state, attempts, next_attempt_at, created_at) "
              "VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
              {businessId, id, event, payload, now, now});
}

bool Webhooks::attempt(const Delivery& d, const std::string& url, const std::string& secret, const std::string& payload, int& status,
                       std::string& error) {
  try {
    Poco::URI uri(url);
    if (auto why = unsafeTarget(uri, settings_.allowPrivateTargets)) {
      error = why->render();
      return false;
    }
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort());
    else session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    session->setTimeout(Poco::Timespan(settings_.timeoutSeconds, 0));
    Poco::Net::HTTPRequest request("POST", uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
    std::string timestamp = std::to_string(clock_.nowSeconds());
    request.setContentType("application/json");
    request.setContentLength64(static_cast<Poco::Int64>(payload.size()));
    request.set("User-Agent", "Atrium-Webhooks/1");
    request.set("X-Atrium-Event", d.event);
    request.set("X-Atrium-Delivery", std::to_string(d.id));
    request.set("X-Atrium-Timestamp", timestamp);
    request.set("X-Atrium-Signature", "sha256=" + core::toHex(core::hmacSha256(secret, timestamp + "." + payload)));
    session->sendRequest(request) << payload;
    Poco::Net::HTTPResponse response;
    std::ostringstream sink;
    Poco::StreamCopier::copyStream(session->receiveResponse(response), sink);
    status = response.getStatus();
    if (status >= 200 && status < 300) return true;
    error = "HTTP " + std::to_string(status);
  } catch (const Poco::Exception& e) {
    error = e.displayText().substr(0, 200);
  }
  return false;
}

int Webhooks::deliverDue(int max) {
  std::int64_t now = clock_.nowMicros();
  std::vector<std::int64_t> due;
  {
    auto lease = database_.acquire();
    lease->forEach("SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ? AND lease_until <= ? "
                   "ORDER BY next_attempt_at LIMIT " + std::to_string(max),
                   {now, now}, [&due](const store::Row& r) { due.push_back(r.getInt(0)); });
  }
  int attempted = 0;
  for (auto id : due) {
    std::optional<store::Row> row;
    {
      auto lease = database_.acquire();
      // the lease: only the node whose UPDATE matched may send it
      if (lease->execute("UPDATE webhook_deliveries SET lease_until = ? WHERE id = ? AND state = 'pending' AND lease_until <= ?",
                         {now + (settings_.timeoutSeconds + 30) * kSecond, id, now}) == 0)
        continue;
      row = lease->queryOne("SELECT d.id, d.webhook_id, d.event, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, "
                            "d.created_at, d.delivered_at, d.payload_json, w.url, w.secret FROM webhook_deliveries d "
                            "JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?",
                            {id});
    }
    if (!row) continue;
    Delivery d = deliveryFrom(*row);
    int status = 0;
    std::string error;
    bool ok = attempt(d, row->getText("url"), row->getText("secret"), row->getText("payload_json"), status, error);
    ++attempted;
    int attempts = d.attempts + 1;
    std::int64_t at = clock_.nowMicros();
    std::int64_t backoff = std::min<std::int64_t>((INT64_C(30) << std::min(attempts - 1, 20)) * kSecond, 6 * 3600 * kSecond);
    std::string state = ok ? "delivered" : (attempts >= settings_.maxAttempts ? "failed" : "pending");
    auto lease = database_.acquire();
    lease->execute("UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, lease_until = 0, last_status = ?, "
                   "last_error = ?, delivered_at = ? WHERE id = ?",
                   {state, attempts, at + backoff, status ? std::optional<std::int64_t>(status) : std::nullopt,
                    ok ? std::optional<std::string>() : std::optional<std::string>(error),
                    ok ? std::optional<std::int64_t>(at) : std::nullopt, id});
    core::Log::info("webhook.attempt", {{"delivery", id}, {"state", std::string_view(state)}, {"status", static_cast<std::int64_t>(status)}});
  }
  return attempted;
}

} // namespace atrium::notify
