#include "base/TimeZones.h"
#include "core/Json.h"
#include "core/Random.h"
#include "http/ApiRoutes.h"
#include "http/HttpError.h"
#include "http/JsonBody.h"
#include "http/Views.h"

#include <map>

namespace atrium::http {
namespace {


std::string stateOf(const plugin_host::PluginInfo& p) {
  if (p.state == plugin_host::PluginState::Failed) return "failed";
  if (p.safeMode) return "safe_mode";
  if (!p.available) return "disabled";
  return p.suspendedBusinesses > 0 ? "suspended" : "active"; // suspended for some businesses after faults
}

Response featuresAnswer(ApiContext& api, const base::Business& business) {
  JsonOut out;
  out.w().StartObject();
  out.key("features").w().StartArray();
  for (const auto& f : api.plugins.features().list(pluginRef(business))) {
    auto* plugin = api.plugins.registry().active(f.pluginId);
    out.w().StartObject();
    out.field("id", f.pluginId).field("name", f.name).field("description", f.description).field("version", f.version)
        .field("available", f.available).field("enabled", f.enabled).field("suspended", f.suspended).raw("config", f.configJson);
    out.key("suspended_at");
    if (f.suspendedAt) out.str(base::TimeZones::formatUtc(f.suspendedAt));
    else out.w().Null();
    out.key("blocked_by");
    if (f.blockedBy.empty()) out.w().Null();
    else out.str(f.blockedBy);
    if (plugin) {
      // the back office renders the settings form from the schema, labels from ui strings
      out.raw("config_schema", plugin->manifest().configSchemaJson).raw("ui", plugin->manifest().uiJson);
      out.key("web_mounts");
      writeWebMounts(out, plugin->manifest());
    }
    out.w().EndObject();
  }
  out.w().EndArray();
  out.w().EndObject();
  return Response::json(200, out.text());
}

std::string configOf(const Request& r) {
  JsonBody body(r, {"config"});
  const auto* config = body.value("config");
  if (!config || !config->IsObject()) throw HttpError(422, "invalid", "config must be an object", "config");
  return core::toJson(*config);
}

} // namespace

void addAdminRoutes(Router& router, ApiContext& api, Authenticator& auth) {
  // A business's own features (owners and admins).
  router.add("GET", "/api/v1/features", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    return featuresAnswer(api, s.business);
  });
  router.add("POST", "/api/v1/features/{plugin}/enable", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    std::optional<std::string> config;
    if (!r.body.empty()) config = configOf(r);
    api.plugins.features().enable(pluginRef(s.business), r.param("plugin"), config, {"staff", std::to_string(s.principal.userId)});
    return featuresAnswer(api, *api.businesses.findById(s.business.id));
  });
  router.add("POST", "/api/v1/features/{plugin}/disable", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    api.plugins.features().disable(pluginRef(s.business), r.param("plugin"), {"staff", std::to_string(s.principal.userId)});
    return featuresAnswer(api, *api.businesses.findById(s.business.id));
  });
  router.add("PUT", "/api/v1/features/{plugin}/config", [&api, &auth](Request& r) {
    auto s = auth.staff(r, {"owner", "admin"});
    api.plugins.features().configure(pluginRef(s.business), r.param("plugin"), configOf(r), {"staff", std::to_string(s.principal.userId)});
    return featuresAnswer(api, *api.businesses.findById(s.business.id));
  });

  // The installation (installation administrators only; never a business's data).
  router.add("GET", "/api/v1/admin/plugins", [&api, &auth](Request& r) {
    auth.installationAdmin(r);
    JsonOut out;
    out.w().StartObject();
    out.key("plugins").w().StartArray();
    std::map<std::string, std::int64_t> users; // businesses that switched each on: what withdrawing takes away
    {
      auto lease = api.database.acquire();
      lease->forEach("SELECT plugin_id, COUNT(*) FROM business_features WHERE enabled = 1 GROUP BY plugin_id", {},
                     [&](const store::Row& row) { users[row.getText(0)] = row.getInt(1); });
    }
    for (const auto& p : api.plugins.registry().list()) {
      out.w().StartObject();
      out.field("id", p.id).field("name", p.name).field("version", p.version).field("file", p.file).field("state", stateOf(p))
          .field("reason", p.reason).field("faults", static_cast<std::int64_t>(api.plugins.registry().faultCount(p.id)))
          .field("businesses", users.count(p.id) ? users[p.id] : 0).field("suspended_businesses", p.suspendedBusinesses)
          .field("last_fault", p.lastFault);
      out.key("last_fault_at");
      if (p.lastFaultAt) out.str(base::TimeZones::formatUtc(p.lastFaultAt));
      else out.w().Null();
      out.key("ignored").w().StartArray();
      for (const auto& note : p.ignored) out.str(note);
      out.w().EndArray();
      if (auto* loaded = api.plugins.registry().active(p.id)) out.raw("ui", loaded->manifest().uiJson); // names per language
      out.w().EndObject();
    }
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  for (const char* action : {"enable", "disable"}) {
    bool enable = std::string(action) == "enable";
    router.add("POST", std::string("/api/v1/admin/plugins/{plugin}/") + action, [&api, &auth, enable](Request& r) {
      auto admin = auth.installationAdmin(r);
      api.plugins.registry().setAvailable(r.param("plugin"), enable, {"installation_admin", std::to_string(admin.userId)});
      auto info = api.plugins.registry().info(r.param("plugin"));
      JsonOut out;
      out.w().StartObject();
      out.field("id", info->id).field("state", stateOf(*info)).field("reason", info->reason);
      out.w().EndObject();
      return Response::json(200, out.text());
    });
  }
  router.add("GET", "/api/v1/admin/businesses", [&api, &auth](Request& r) {
    auth.installationAdmin(r);
    JsonOut out;
    out.w().StartObject();
    out.key("businesses").w().StartArray();
    std::map<std::int64_t, std::int64_t> owners; // who can sign in to each: a new business has nobody yet
    {
      auto lease = api.database.acquire();
      lease->forEach("SELECT business_id, COUNT(*) FROM users WHERE role = 'owner' AND active = 1 AND business_id IS NOT NULL GROUP BY business_id", {},
                     [&](const store::Row& row) { owners[row.getInt(0)] = row.getInt(1); });
    }
    for (const auto& b : api.businesses.list())
      writeBusiness(out, b, false, [&](JsonOut& o) { o.field("owners", owners.count(b.id) ? owners[b.id] : 0); });
    out.w().EndArray();
    out.w().EndObject();
    return Response::json(200, out.text());
  });
  router.add("POST", "/api/v1/admin/businesses", [&api, &auth](Request& r) {
    auth.installationAdmin(r);
    JsonBody body(r, {"slug", "name", "time_zone", "locale", "contact_email"});
    base::Business b;
    b.slug = body.string("slug", 64);
    b.name = body.string("name", 200);
    b.timeZone = body.optionalString("time_zone", 64).value_or("UTC");
    b.locale = body.optionalString("locale", 8).value_or("en");
    b.contactEmail = body.optionalString("contact_email", 254);
    JsonOut out;
    writeBusiness(out, api.businesses.create(b), true);
    return Response::json(201, out.text());
  });
  // An owner for a business, so that someone can sign in to it: a one-time password, shown
  // once in the answer, to be changed at the first sign-in (as `atrium user create` does).
  router.add("POST", "/api/v1/admin/businesses/{id}/owners", [&api, &auth](Request& r) {
    auto admin = auth.installationAdmin(r);
    auto business = api.businesses.findById(pathId(r, "id"));
    if (!business) throw HttpError(404, "not_found", "no such business");
    JsonBody body(r, {"email", "display_name"});
    // The installation's administrator starts a business, never enters one that has an owner:
    // only its owners add owners (POST /api/v1/staff).
    auto hasOwner = [&api, &business] {
      auto lease = api.database.acquire();
      return lease->queryOne("SELECT id FROM users WHERE business_id = ? AND role = 'owner' AND active = 1", {business->id}).has_value();
    };
    if (hasOwner()) throw HttpError(409, "conflict", "this business has an owner already; only its owners can add another");
    auth::NewUser owner{business->id, body.string("email", 254), body.string("display_name", 200), auth::Role::Owner,
                        core::randomReadable(16), true};
    auto id = api.users.create(owner, business->name);
    api.database.inTransaction([&](store::Connection& c) {
      base::AuditEntry e;
      e.businessId = business->id;
      e.actor = {"installation_admin", std::to_string(admin.userId)};
      e.action = "staff.owner_created";
      e.subject = {"staff", std::to_string(id)};
      api.plugins.audit().append(c, e);
    });
    JsonOut out;
    out.w().StartObject();
    out.key("owner");
    writeStaff(out, api.staff.get(business->id, id), true);
    out.field("one_time_password", owner.password);
    out.w().EndObject();
    return Response::json(201, out.text());
  });
}

} // namespace atrium::http
