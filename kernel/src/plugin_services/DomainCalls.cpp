#include "plugin_services/DomainCalls.h"

#include "core/Errors.h"
#include "core/Json.h"
#include "core/JsonOut.h"

#include <optional>

namespace atrium::plugin_services {

using core::JsonOut;

namespace {

/// A booking as the domain calls give it (abi/domain.h booking.get@1): ids and times, no note.
void writeDomainBooking(JsonOut& out, const booking::Booking& b) {
  out.w().StartObject();
  out.idField("id", b.id).idField("service_id", b.serviceId).idField("staff_id", b.providerId);
  out.key("client_id");
  if (b.clientId) out.str(std::to_string(*b.clientId));
  else out.w().Null();
  out.field("start_us", b.startAt).field("end_us", b.endAt).field("status", b.status).field("source", b.source)
      .field("created_at_us", b.createdAt).field("updated_at_us", b.updatedAt).field("price_cents", b.priceCents)
      .field("currency", b.currency);
  out.w().EndObject();
}

DomainAnswer refused(atrium_status status, std::string reason) { return {status, {}, std::move(reason)}; }

} // namespace

DomainAnswer DomainCalls::answer(std::int64_t businessId, const std::string& pluginId, const std::string& call,
                                          const std::string& paramsJson) {
  rapidjson::Document params;
  if (!core::parseJson(params, paramsJson) || !params.IsObject()) return refused(ATRIUM_INVALID_ARGUMENT, "params must be a JSON object");
  auto asId = [](const rapidjson::Value& v) -> std::optional<std::int64_t> { // ids travel as strings of digits
    std::string text = v.IsString() ? v.GetString() : "";
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoll(text);
  };
  auto idParam = [&](const char* name) -> std::optional<std::int64_t> {
    return params.HasMember(name) ? asId(params[name]) : std::nullopt;
  };
  auto badId = [](const char* name) { return refused(ATRIUM_INVALID_ARGUMENT, std::string(name) + " must be an id (a string of digits)"); };
  JsonOut out;
  try {
    if (call == "booking.get@1") {
      auto id = idParam("booking_id");
      if (!id) return badId("booking_id");
      auto b = bookings_.get(businessId, *id);
      out.w().StartObject();
      out.key("booking");
      writeDomainBooking(out, b);
      out.w().EndObject();
      return {ATRIUM_OK, out.text()};
    }
    if (call == "client.bookings@1") {
      auto id = idParam("client_id");
      if (!id) return badId("client_id");
      clients_.get(businessId, *id); // NOT_FOUND for another business's client
      booking::BookingFilter filter;
      filter.clientId = *id;
      if (params.HasMember("status")) {
        if (!params["status"].IsArray()) return refused(ATRIUM_INVALID_ARGUMENT, "status must be an array of statuses");
        for (const auto& st : params["status"].GetArray()) {
          std::string text = st.IsString() ? st.GetString() : "";
          if (text != "confirmed" && text != "cancelled" && text != "completed" && text != "no_show")
            return refused(ATRIUM_INVALID_ARGUMENT, "status holds an unknown status (confirmed, cancelled, completed, no_show)");
          filter.statuses.push_back(text);
        }
      }
      for (const char* key : {"from_us", "to_us"}) {
        if (!params.HasMember(key)) continue;
        if (!params[key].IsInt64()) return refused(ATRIUM_INVALID_ARGUMENT, std::string(key) + " must be an integer (microseconds)");
        (std::string(key) == "from_us" ? filter.from : filter.to) = params[key].GetInt64();
      }
      if (filter.from && filter.to && *filter.from > *filter.to) return refused(ATRIUM_INVALID_ARGUMENT, "from_us is after to_us");
      int limit = 50;
      if (params.HasMember("limit")) {
        if (!params["limit"].IsInt() || params["limit"].GetInt() < 1 || params["limit"].GetInt() > 200)
          return refused(ATRIUM_INVALID_ARGUMENT, "limit must be 1 to 200");
        limit = params["limit"].GetInt();
      }
      int offset = 0;
      if (params.HasMember("cursor") && !params["cursor"].IsNull()) {
        auto at = asId(params["cursor"]);
        if (!at || *at > 1'000'000) return refused(ATRIUM_INVALID_ARGUMENT, "cursor must be a next_cursor of an earlier page");
        offset = static_cast<int>(*at);
      }
      auto page = bookings_.list(businessId, filter, limit, offset);
      out.w().StartObject();
      out.key("bookings").w().StartArray();
      for (const auto& b : page.bookings) writeDomainBooking(out, b);
      out.w().EndArray();
      out.field("total", page.total);
      out.key("next_cursor");
      if (offset + static_cast<std::int64_t>(page.bookings.size()) < page.total) out.str(std::to_string(offset + page.bookings.size()));
      else out.w().Null();
      out.w().EndObject();
      return {ATRIUM_OK, out.text()};
    }
    if (call == "service.get@1") {
      auto id = idParam("service_id");
      if (!id) return badId("service_id");
      auto svc = services_.get(businessId, *id);
      out.w().StartObject();
      out.key("service").w().StartObject();
      out.idField("id", svc.id).field("name", svc.name).field("duration_min", svc.durationMin).field("price_cents", svc.priceCents)
          .field("currency", svc.currency).field("active", svc.active);
      out.w().EndObject();
      out.w().EndObject();
      return {ATRIUM_OK, out.text()};
    }
    if (call == "client.get@1") {
      auto id = idParam("client_id");
      if (!id) return badId("client_id");
      auto c = clients_.get(businessId, *id);
      out.w().StartObject();
      out.key("client").w().StartObject();
      out.idField("id", c.id).field("display_name", c.name.value_or("")).field("locale", c.locale).field("created_at_us", c.createdAt);
      out.w().EndObject();
      out.w().EndObject();
      return {ATRIUM_OK, out.text()};
    }
    if (call == "history.purge@1") {
      privacy::PurgeRequest req;
      req.actor = pluginId; // the erasure log names the plugin that asked
      if (!params.HasMember("ended_before_us") || !params["ended_before_us"].IsInt64())
        return refused(ATRIUM_INVALID_ARGUMENT, "ended_before_us must be an integer (microseconds)");
      req.endedBefore = params["ended_before_us"].GetInt64();
      if (params.HasMember("cancelled_ended_before_us") && params["cancelled_ended_before_us"].IsInt64())
        req.cancelledEndedBefore = params["cancelled_ended_before_us"].GetInt64();
      if (params.HasMember("batch_size") && params["batch_size"].IsInt()) req.batchSize = params["batch_size"].GetInt();
      if (params.HasMember("anonymise_clients") && params["anonymise_clients"].IsBool()) req.anonymiseClients = params["anonymise_clients"].GetBool();
      if (params.HasMember("dry_run") && params["dry_run"].IsBool()) req.dryRun = params["dry_run"].GetBool();
      for (const char* key : {"held_clients", "held_bookings"}) {
        if (!params.HasMember(key)) continue;
        if (!params[key].IsArray()) return refused(ATRIUM_INVALID_ARGUMENT, std::string(key) + " must be an array of ids");
        for (auto& id : params[key].GetArray()) {
          auto held = asId(id);
          if (!held) return refused(ATRIUM_INVALID_ARGUMENT, std::string(key) + " must be an array of ids");
          (std::string(key) == "held_clients" ? req.heldClients : req.heldBookings).insert(*held);
        }
      }
      if (req.endedBefore > clock_.nowMicros()) return refused(ATRIUM_INVALID_ARGUMENT, "ended_before_us is in the future");
      auto result = purge_.run(businessId, req);
      out.w().StartObject();
      out.field("bookings", result.bookings).field("clients", result.clients).field("oldest_end_us", result.oldestEnd).field("more", result.more);
      out.w().EndObject();
      return {ATRIUM_OK, out.text()};
    }
  } catch (const core::NotFoundError&) {
    return refused(ATRIUM_NOT_FOUND, "the business has no such " + std::string(call.substr(0, call.find('.'))));
  }
  return {ATRIUM_UNIMPLEMENTED, {}, {}};
}

} // namespace atrium::plugin_services
