/// delete_history: the personal data of bookings goes N days after they end (cancelled
/// ones after their own N), through the kernel's history.purge@1 — small batches, each its
/// own transaction, idempotent, so a run that stopped continues next time. Clients left
/// with no booking are erased (statistics stay). Legal holds keep a client or a booking
/// out; every run is audited and kept in a history the owner reads.
///   holds/client:<id>, holds/booking:<id>  {"reason", "at_us", "by"}  (subject: the client)
///   GET holds lists them with "client_id" and the client's "client_name" (client.get@1).
///   runs/<started_us>                      {"started_us", "finished_us", "cutoff_us", "bookings", "clients", "batches", "completed"}
#include <atrium/sdk/Sdk.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using atrium::sdk::FilterResult;
using atrium::sdk::Host;
using atrium::sdk::intAt;
using atrium::sdk::JsonArray;
using atrium::sdk::JsonObject;
using atrium::sdk::stringAt;
using atrium::sdk::Subject;

constexpr std::int64_t kDay = 86400LL * 1000 * 1000;
constexpr int kBatch = 100; // a batch holds the provider rows it touches (InnoDB checks the foreign key): keep it short
constexpr int kMaxBatchesPerRun = 1000;                  // 100,000 bookings per hourly run at most; the rest next time
constexpr std::int64_t kRunBudgetUs = 120LL * 1000 * 1000; // and two minutes: well inside the job's five-minute lease

/// An id as the API spells it (decimal digits): anything else is refused before it reaches JSON.
bool isId(const std::string& s) { return !s.empty() && s.size() <= 19 && s.find_first_not_of("0123456789") == std::string::npos; }

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
    host.scheduleJob({"purge", 0, 3600LL * 1000 * 1000, "{}"}).orThrow(); // hourly, first at the next tick
  }
  void onFeatureDisabled(Host& host, const rapidjson::Value&) override { host.cancelJob("purge"); }

  void onJobRun(Host& host, const rapidjson::Value& payload) override {
    auto config = host.config().value();
    if (config["paused"].GetBool()) return;
    std::int64_t now = intAt(payload, "now_us");
    std::string params = purgeParams(host, config, now, false);
    std::int64_t bookings = 0, clients = 0;
    int batches = 0;
    bool more = true;
    while (more && batches < kMaxBatchesPerRun && host.nowUs().value() - now < kRunBudgetUs) {
      auto result = host.callDomain("history.purge@1", params).value();
      bookings += intAt(result, "bookings");
      clients += intAt(result, "clients");
      more = result["more"].GetBool();
      ++batches;
    }
    auto finished = host.nowUs().value();
    std::string report = JsonObject{{"started_us", now},
                                    {"finished_us", finished},
                                    {"cutoff_us", now - intAt(config, "days") * kDay},
                                    {"bookings", bookings},
                                    {"clients", clients},
                                    {"batches", batches},
                                    {"completed", !more}}
                             .str();
    char key[24];
    std::snprintf(key, sizeof key, "%020lld", static_cast<long long>(now));
    host.putRecord({"runs", key, Subject::none(), report, false, now + 400 * kDay}).orThrow();
    host.audit("run", Subject::none(), report).orThrow(); // counts only, no personal data
  }

  FilterResult onHttpRequest(Host& host, const rapidjson::Value& payload) override {
    if (!atrium::sdk::principalHasRole(payload, {"owner", "admin"})) return FilterResult::error(403, "forbidden", "owners and admins only");
    std::string route(stringAt(payload, "request.route")), method(stringAt(payload, "request.method"));
    rapidjson::Document out(rapidjson::kObjectType);
    auto& a = out.GetAllocator();
    auto config = host.config().value();
    if (route == "preview") {
      std::int64_t now = intAt(payload, "now_us");
      auto result = host.callDomain("history.purge@1", purgeParams(host, config, now, true)).value();
      out.AddMember("bookings", intAt(result, "bookings"), a);
      out.AddMember("clients", intAt(result, "clients"), a);
      out.AddMember("oldest_end_us", intAt(result, "oldest_end_us"), a);
      out.AddMember("cutoff_us", now - intAt(config, "days") * kDay, a);
      out.AddMember("paused", config["paused"].GetBool(), a);
      return FilterResult::respond(200, out);
    }
    if (route == "runs") return list(host, "runs", "runs", out, 100); // the last 100 runs
    if (route == "holds" && method == "GET") return holds(host, out);
    if (route == "holds") { // POST
      rapidjson::Document body;
      atrium::sdk::parseJsonInto(body, stringAt(payload, "request.body"));
      if (!body.IsObject()) return FilterResult::error(400, "bad_request", "the body must be a JSON object");
      std::string reason = body.HasMember("reason") && body["reason"].IsString() ? body["reason"].GetString() : "";
      if (reason.empty() || reason.size() > 500) return FilterResult::error(422, "invalid", "reason is required (at most 500 characters)", "reason");
      std::string kind, id, clientId;
      for (const char* field : {"client_id", "booking_id"})
        if (body.HasMember(field) && !(body[field].IsString() && isId(body[field].GetString())))
          return FilterResult::error(422, "invalid", std::string(field) + " must be an id (a string of digits)", field);
      if (body.HasMember("client_id")) {
        kind = "client";
        id = clientId = body["client_id"].GetString();
        if (!host.callDomain("client.get@1", JsonObject{{"client_id", id}}.str())) return FilterResult::error(404, "not_found", "no such client", "client_id");
      } else if (body.HasMember("booking_id")) {
        kind = "booking";
        id = body["booking_id"].GetString();
        auto booking = host.callDomain("booking.get@1", JsonObject{{"booking_id", id}}.str());
        if (!booking) return FilterResult::error(404, "not_found", "no such booking", "booking_id");
        clientId = stringAt(booking.value(), "booking.client_id");
      } else {
        return FilterResult::error(422, "invalid", "client_id or booking_id is required", "client_id");
      }
      rapidjson::Document value(rapidjson::kObjectType);
      value.AddMember("reason", rapidjson::Value(reason.c_str(), value.GetAllocator()), value.GetAllocator());
      value.AddMember("at_us", intAt(payload, "now_us"), value.GetAllocator());
      value.AddMember("by", rapidjson::Value(std::string(stringAt(payload, "principal.id")).c_str(), value.GetAllocator()), value.GetAllocator());
      host.putRecord({"holds", kind + ":" + id, clientId.empty() ? Subject::none() : Subject::client(clientId), atrium::sdk::toJson(value), false, 0})
          .orThrow();
      host.audit("hold_placed", clientId.empty() ? Subject::none() : Subject::client(clientId), JsonObject{{"kind", kind}}.str()).orThrow();
      out.AddMember("held", rapidjson::Value((kind + ":" + id).c_str(), a), a);
      return FilterResult::respond(201, out);
    }
    if (route == "holds/{kind}/{id}") {
      std::string key = std::string(stringAt(payload, "request.params.kind")) + ":" + std::string(stringAt(payload, "request.params.id"));
      if (!host.deleteRecord("holds", key).isOk()) return FilterResult::error(404, "not_found", "no such hold");
      host.audit("hold_lifted", Subject::none(), "{}").orThrow();
      out.AddMember("lifted", rapidjson::Value(key.c_str(), a), a);
      return FilterResult::respond(200, out);
    }
    return FilterResult::error(404, "not_found", "no such resource");
  }

private:
  /// history.purge@1 parameters from the config, with the legal holds.
  static std::string purgeParams(Host& host, const rapidjson::Value& config, std::int64_t now, bool dryRun) {
    std::int64_t days = intAt(config, "days"), cancelled = intAt(config, "cancelled_days");
    JsonArray held[2]; // clients, bookings
    host.forEachRecord({"holds", "", std::nullopt, 500, ""}, [&held](const rapidjson::Value& r) {
          std::string key = r["key"].GetString();
          auto colon = key.find(':');
          held[key.substr(0, colon) == "client" ? 0 : 1].add(key.substr(colon + 1));
        }).orThrow();
    JsonObject p{{"ended_before_us", now - days * kDay},
                 {"batch_size", kBatch},
                 {"anonymise_clients", config["anonymise_clients"].GetBool()},
                 {"dry_run", dryRun},
                 {"held_clients", held[0]},
                 {"held_bookings", held[1]}};
    if (cancelled > 0) p.add("cancelled_ended_before_us", now - cancelled * kDay);
    return p.str();
  }

  /// The holds in key order, each with the client it keeps ("client_id", from the key or
  /// the record's subject) and the client's display name ("client_name", client.get@1; null
  /// when the client has none left or is gone). Names are personal data: this route is for
  /// the business's owners and admins only (onHttpRequest refuses anyone else).
  static FilterResult holds(Host& host, rapidjson::Document& out) {
    auto& a = out.GetAllocator();
    rapidjson::Value array(rapidjson::kArrayType);
    std::vector<std::pair<std::size_t, std::string>> clientOf; // (index, client id)
    host.forEachRecord({"holds", "", std::nullopt, 1000, ""}, [&](const rapidjson::Value& r) {
          rapidjson::Value item(r["value"], a);
          std::string key = r["key"].GetString();
          item.AddMember("key", rapidjson::Value(key.c_str(), a), a);
          std::string client = key.rfind("client:", 0) == 0 ? key.substr(7) : std::string(stringAt(r, "subject.id"));
          if (isId(client)) clientOf.emplace_back(array.Size(), client);
          array.PushBack(item, a);
        }).orThrow();
    for (auto& item : array.GetArray()) {
      item.AddMember("client_id", rapidjson::Value(rapidjson::kNullType), a);
      item.AddMember("client_name", rapidjson::Value(rapidjson::kNullType), a);
    }
    for (const auto& [index, client] : clientOf) {
      auto& item = array[static_cast<rapidjson::SizeType>(index)];
      item["client_id"].SetString(client.c_str(), a);
      auto found = host.callDomain("client.get@1", JsonObject{{"client_id", client}}.str());
      if (!found) continue; // gone: the list still shows the hold, by number
      std::string name(stringAt(found.value(), "client.display_name"));
      if (!name.empty()) item["client_name"].SetString(name.c_str(), a);
    }
    out.AddMember("holds", array, a);
    return FilterResult::respond(200, out);
  }

  /// Every record of a collection in key order, or (newestLast > 0) the newest that many, newest first.
  static FilterResult list(Host& host, const char* collection, const char* name, rapidjson::Document& out, std::size_t newestLast) {
    auto& a = out.GetAllocator();
    std::vector<rapidjson::Value> items;
    host.forEachRecord({collection, "", std::nullopt, 1000, ""}, [&](const rapidjson::Value& r) {
          rapidjson::Value item(r["value"], a);
          item.AddMember("key", rapidjson::Value(r["key"], a), a);
          items.push_back(std::move(item));
          if (newestLast && items.size() > newestLast) items.erase(items.begin()); // keep the newest
        }).orThrow();
    if (newestLast) std::reverse(items.begin(), items.end());
    rapidjson::Value array(rapidjson::kArrayType);
    for (auto& item : items) array.PushBack(item, a);
    out.AddMember(rapidjson::StringRef(name), array, a);
    return FilterResult::respond(200, out);
  }
};

} // namespace

ATRIUM_PLUGIN(DeleteHistory, ATRIUM_PLUGIN_MANIFEST)
