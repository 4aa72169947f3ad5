/// delete_history: the personal data of bookings goes N days after they end (cancelled
/// ones after their own N), through the kernel's history.purge@1 — small batches, each its
/// own transaction, idempotent, so a run that stopped continues next time. Clients left
/// with no booking are erased (statistics stay). Legal holds keep a client or a booking
/// out; every run is audited and kept in a history the owner reads.
///   holds/client:<id>, holds/booking:<id>  {"reason", "at_us", "by"}  (subject: the client)
///   runs/<started_us>                      {"started_us", "finished_us", "cutoff_us", "bookings", "clients", "batches", "completed"}
#include <atrium/sdk/Sdk.hpp>

#include <string>

namespace {

using atrium::sdk::FilterResult;
using atrium::sdk::Host;
using atrium::sdk::intAt;
using atrium::sdk::stringAt;
using atrium::sdk::Subject;

constexpr std::int64_t kDay = 86400LL * 1000 * 1000;
constexpr int kBatch = 100; // a batch holds the provider rows it touches (InnoDB checks the foreign key): keep it short
constexpr int kMaxBatchesPerRun = 2000; // 200,000 bookings per hourly run at most; the rest next time

template <class T>
T need(atrium::sdk::Result<T> r) {
  if (!r) throw atrium::sdk::Error(r.status());
  return std::move(r.value());
}
void need(const atrium::sdk::Status& s) {
  if (!s.isOk()) throw atrium::sdk::Error(s);
}

FilterResult answer(int status, const rapidjson::Value& json) { return FilterResult::respond(status, json); }

FilterResult error(int status, const char* code, const std::string& message) {
  rapidjson::Document d(rapidjson::kObjectType);
  rapidjson::Value e(rapidjson::kObjectType);
  e.AddMember("code", rapidjson::StringRef(code), d.GetAllocator());
  e.AddMember("message", rapidjson::Value(message.c_str(), d.GetAllocator()), d.GetAllocator());
  d.AddMember("error", e, d.GetAllocator());
  return answer(status, d);
}

class DeleteHistory : public atrium::sdk::Plugin {
public:
  void init(Host& host) override {
    using atrium::sdk::Audience;
    host.registerRoute({"GET", "preview", Audience::Staff});
    host.registerRoute({"GET", "runs", Audience::Staff});
    host.registerRoute({"GET", "holds", Audience::Staff});
    host.registerRoute({"POST", "holds", Audience::Staff});
    host.registerRoute({"DELETE", "holds/{kind}/{id}", Audience::Staff});
  }

  void onFeatureEnabled(Host& host, const rapidjson::Value&) override {
    need(host.scheduleJob({"purge", 0, 3600LL * 1000 * 1000, "{}"})); // hourly, first at the next tick
  }
  void onFeatureDisabled(Host& host, const rapidjson::Value&) override { host.cancelJob("purge"); }

  void onJobRun(Host& host, const rapidjson::Value& payload) override {
    auto config = need(host.config());
    if (config["paused"].GetBool()) return;
    std::int64_t now = intAt(payload, "now_us");
    std::string params = purgeParams(host, config, now, false);
    std::int64_t bookings = 0, clients = 0;
    int batches = 0;
    bool more = true;
    while (more && batches < kMaxBatchesPerRun) {
      auto result = need(host.callDomain("history.purge@1", params));
      bookings += intAt(result, "bookings");
      clients += intAt(result, "clients");
      more = result["more"].GetBool();
      ++batches;
    }
    auto finished = need(host.nowUs());
    std::string report = R"({"started_us":)" + std::to_string(now) + R"(,"finished_us":)" + std::to_string(finished) + R"(,"cutoff_us":)" +
                         std::to_string(now - intAt(config, "days") * kDay) + R"(,"bookings":)" + std::to_string(bookings) +
                         R"(,"clients":)" + std::to_string(clients) + R"(,"batches":)" + std::to_string(batches) + R"(,"completed":)" +
                         (more ? "false" : "true") + "}";
    char key[24];
    std::snprintf(key, sizeof key, "%020lld", static_cast<long long>(now));
    need(host.putRecord({"runs", key, Subject::none(), report, false, now + 400 * kDay}));
    need(host.audit("run", Subject::none(), report)); // counts only, no personal data
  }

  FilterResult onHttpRequest(Host& host, const rapidjson::Value& payload) override {
    bool manager = false;
    if (payload.HasMember("principal") && payload["principal"].HasMember("roles"))
      for (auto& r : payload["principal"]["roles"].GetArray()) manager = manager || std::string(r.GetString()) == "owner" || std::string(r.GetString()) == "admin";
    if (!manager) return error(403, "forbidden", "owners and admins only");
    std::string route(stringAt(payload, "request.route")), method(stringAt(payload, "request.method"));
    rapidjson::Document out(rapidjson::kObjectType);
    auto& a = out.GetAllocator();
    auto config = need(host.config());
    if (route == "preview") {
      std::int64_t now = intAt(payload, "now_us");
      auto result = need(host.callDomain("history.purge@1", purgeParams(host, config, now, true)));
      out.AddMember("bookings", intAt(result, "bookings"), a);
      out.AddMember("clients", intAt(result, "clients"), a);
      out.AddMember("oldest_end_us", intAt(result, "oldest_end_us"), a);
      out.AddMember("cutoff_us", now - intAt(config, "days") * kDay, a);
      out.AddMember("paused", config["paused"].GetBool(), a);
      return answer(200, out);
    }
    if (route == "runs") return list(host, "runs", "", "runs", out, true);
    if (route == "holds" && method == "GET") return list(host, "holds", "", "holds", out, false);
    if (route == "holds") { // POST
      rapidjson::Document body;
      body.Parse(std::string(stringAt(payload, "request.body")).c_str());
      if (!body.IsObject()) return error(400, "bad_request", "the body must be a JSON object");
      std::string reason = body.HasMember("reason") && body["reason"].IsString() ? body["reason"].GetString() : "";
      if (reason.empty() || reason.size() > 500) return error(422, "invalid", "reason is required (at most 500 characters)");
      std::string kind, id, clientId;
      if (body.HasMember("client_id") && body["client_id"].IsString()) {
        kind = "client";
        id = clientId = body["client_id"].GetString();
        if (!host.callDomain("client.get@1", R"({"client_id":")" + id + "\"}")) return error(404, "not_found", "no such client");
      } else if (body.HasMember("booking_id") && body["booking_id"].IsString()) {
        kind = "booking";
        id = body["booking_id"].GetString();
        auto booking = host.callDomain("booking.get@1", R"({"booking_id":")" + id + "\"}");
        if (!booking) return error(404, "not_found", "no such booking");
        clientId = stringAt(booking.value(), "booking.client_id");
      } else {
        return error(422, "invalid", "client_id or booking_id is required");
      }
      rapidjson::Document value(rapidjson::kObjectType);
      value.AddMember("reason", rapidjson::Value(reason.c_str(), value.GetAllocator()), value.GetAllocator());
      value.AddMember("at_us", intAt(payload, "now_us"), value.GetAllocator());
      value.AddMember("by", rapidjson::Value(std::string(stringAt(payload, "principal.id")).c_str(), value.GetAllocator()), value.GetAllocator());
      auto put = host.putRecord({"holds", kind + ":" + id, clientId.empty() ? Subject::none() : Subject::client(clientId),
                                 atrium::sdk::toJson(value), false, 0});
      need(put);
      need(host.audit("hold_placed", clientId.empty() ? Subject::none() : Subject::client(clientId), R"({"kind":")" + kind + "\"}"));
      out.AddMember("held", rapidjson::Value((kind + ":" + id).c_str(), a), a);
      return answer(201, out);
    }
    if (route == "holds/{kind}/{id}") {
      std::string key = std::string(stringAt(payload, "request.params.kind")) + ":" + std::string(stringAt(payload, "request.params.id"));
      if (!host.deleteRecord("holds", key).isOk()) return error(404, "not_found", "no such hold");
      need(host.audit("hold_lifted", Subject::none(), "{}"));
      out.AddMember("lifted", rapidjson::Value(key.c_str(), a), a);
      return answer(200, out);
    }
    return error(404, "not_found", "no such resource");
  }

private:
  /// history.purge@1 parameters from the config, with the legal holds.
  static std::string purgeParams(Host& host, const rapidjson::Value& config, std::int64_t now, bool dryRun) {
    std::int64_t days = intAt(config, "days"), cancelled = intAt(config, "cancelled_days");
    std::string held[2]; // clients, bookings
    std::string cursor;
    for (;;) {
      auto page = need(host.listRecords({"holds", "", std::nullopt, 500, cursor}));
      for (auto& r : page["records"].GetArray()) {
        std::string key = r["key"].GetString();
        auto colon = key.find(':');
        std::string& list = held[key.substr(0, colon) == "client" ? 0 : 1];
        list += (list.empty() ? "\"" : ",\"") + key.substr(colon + 1) + "\"";
      }
      if (!page["next_cursor"].IsString()) break;
      cursor = page["next_cursor"].GetString();
    }
    std::string p = R"({"ended_before_us":)" + std::to_string(now - days * kDay) + R"(,"batch_size":)" + std::to_string(kBatch) +
                    R"(,"anonymise_clients":)" + (config["anonymise_clients"].GetBool() ? "true" : "false") + R"(,"dry_run":)" +
                    (dryRun ? "true" : "false") + R"(,"held_clients":[)" + held[0] + R"(],"held_bookings":[)" + held[1] + "]";
    if (cancelled > 0) p += R"(,"cancelled_ended_before_us":)" + std::to_string(now - cancelled * kDay);
    return p + "}";
  }

  static FilterResult list(Host& host, const char* collection, const char*, const char* name, rapidjson::Document& out, bool newestFirst) {
    auto& a = out.GetAllocator();
    auto page = need(host.listRecords({collection, "", std::nullopt, 1000, ""}));
    rapidjson::Value items(rapidjson::kArrayType);
    for (auto& r : page["records"].GetArray()) {
      rapidjson::Value item(r["value"], a);
      item.AddMember("key", rapidjson::Value(r["key"], a), a);
      items.PushBack(item, a);
    }
    if (newestFirst) {
      rapidjson::Value reversed(rapidjson::kArrayType);
      for (auto i = items.Size(); i > 0; --i) reversed.PushBack(rapidjson::Value(items[i - 1], a), a);
      items = reversed;
    }
    out.AddMember(rapidjson::StringRef(name), items, a);
    return answer(200, out);
  }
};

} // namespace

ATRIUM_PLUGIN(DeleteHistory, ATRIUM_PLUGIN_MANIFEST)
