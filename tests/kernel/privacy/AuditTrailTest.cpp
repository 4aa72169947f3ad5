// The audit trail of the business's own changes, over the API on both backends: every change a
// signed-in user makes to services, staff, hours, days off, settings, clients, bookings,
// webhooks, notifications and their password is in the business's chain, by them, in the same
// transaction, with ids and field names only; the log names the people when it is read.
#include "ApiWorld.h"

#include <catch2/catch.hpp>

#include <map>
#include <vector>

using namespace atrium;
using test::ApiWorld;
using test::kPassword;

namespace {

struct Stored {
  std::string actorKind, actorId, action, subjectKind, subjectId, details;
};

/// The business's chain as stored, oldest first.
std::vector<Stored> chain(ApiWorld& w, std::int64_t businessId) {
  std::vector<Stored> out;
  auto lease = w.database.db().acquire();
  lease->forEach("SELECT actor_kind, actor_id, action, subject_kind, subject_id, details_json FROM audit_log WHERE chain_id = ? ORDER BY id",
                 {businessId}, [&out](const store::Row& r) {
                   out.push_back({r.getText(0), r.getText(1), r.getText(2), r.getText(3), r.getText(4), r.getText(5)});
                 });
  return out;
}

/// The one entry with `action` (fails the test when there is none or more than one).
Stored only(const std::vector<Stored>& entries, const std::string& action) {
  std::vector<Stored> found;
  for (const auto& e : entries)
    if (e.action == action) found.push_back(e);
  INFO("action " << action);
  REQUIRE(found.size() == 1);
  return found.front();
}

std::string idOf(const test::ApiResult& r, const char* member = "id") {
  auto d = r.json();
  REQUIRE(d.IsObject());
  REQUIRE(d.HasMember(member));
  return d[member].GetString();
}

/// Nothing of what was typed about people is in any entry's details.
void noPersonalData(const std::vector<Stored>& entries, const std::vector<std::string>& typed) {
  for (const auto& e : entries)
    for (const auto& word : typed) {
      INFO(e.action << " " << e.details);
      CHECK(e.details.find(word) == std::string::npos);
    }
}

} // namespace

TEST_CASE("an owner's changes to services, staff, hours, days off, settings and webhooks are audited by them", "[backend][api][privacy][audit][security]") {
  ApiWorld w({}, [](test::WorldSettings& s) { s.kernel.webhooks.allowPrivateTargets = true; }); // a webhook to a name that needs no DNS
  auto b = w.business("trail");
  auto ownerId = std::to_string(w.user(b, "olivia@trail.example", auth::Role::Owner));
  auto owner = w.signedIn(b, "olivia@trail.example");

  auto svc = owner.post("/api/v1/services", R"({"name":"Deep tissue massage","duration_min":60})");
  REQUIRE(svc.status == 201);
  auto serviceId = idOf(svc);
  REQUIRE(owner.call("PATCH", "/api/v1/services/" + serviceId, R"({"name":"Deep tissue","price_cents":9000})").status == 200);
  REQUIRE(owner.call("PATCH", "/api/v1/services/" + serviceId, R"({"price_cents":9000})").status == 200); // no change: no entry

  auto kai = owner.post("/api/v1/staff", std::string(R"({"email":"kai.hidden@trail.example","display_name":"Kai Hiddenname","role":"staff",)") +
                                             R"("password":")" + kPassword + R"(","bookable":true})");
  REQUIRE(kai.status == 201);
  auto kaiId = idOf(kai);
  REQUIRE(owner.call("PATCH", "/api/v1/staff/" + kaiId, R"({"display_name":"Kai Othername","bookable":false})").status == 200);
  REQUIRE(owner.call("PUT", "/api/v1/staff/" + kaiId + "/hours",
                     R"({"hours":[{"weekday":0,"start_min":540,"end_min":1020},{"weekday":2,"start_min":540,"end_min":720}]})")
              .status == 200);
  auto off = owner.post("/api/v1/staff/" + kaiId + "/days-off", R"({"first_day":"2030-04-01","last_day":"2030-04-03","reason":"Surgery recovery"})");
  REQUIRE(off.status == 201);
  auto offId = idOf(off);
  REQUIRE(owner.call("DELETE", "/api/v1/staff/" + kaiId + "/days-off/" + offId).status == 200);
  REQUIRE(owner.call("PATCH", "/api/v1/business", R"({"booking_horizon_days":90,"address":"4 Privet Drive"})").status == 200);
  auto hook = owner.post("/api/v1/webhooks", R"({"url":"http://127.0.0.1:9/atrium?token=s3cr3t","events":["booking.created"]})");
  REQUIRE(hook.status == 201);
  REQUIRE(owner.call("DELETE", "/api/v1/webhooks/" + idOf(hook)).status == 200);
  REQUIRE(owner.call("PUT", "/api/v1/notifications/settings", R"({"reminder_minutes":[60],"reply_to":"olivia.private@example.com"})").status == 200);
  REQUIRE(owner.call("PUT", "/api/v1/notifications/templates/booking.confirmation/en/email",
                     R"({"subject":"See you, {{client.name}}","text":"Dear {{client.name}}"})")
              .status == 200);

  auto entries = chain(w, b.id);
  for (const auto& e : entries) { // every entry is the owner's, as staff
    INFO(e.action);
    CHECK(e.actorKind == "staff");
    CHECK(e.actorId == ownerId);
  }
  auto created = only(entries, "service.created");
  CHECK(created.subjectKind == "service");
  CHECK(created.subjectId == serviceId);
  auto updated = only(entries, "service.updated");
  CHECK(updated.subjectId == serviceId);
  CHECK(updated.details == R"({"changed":["name","price_cents"]})");

  auto added = only(entries, "staff.created");
  CHECK(added.subjectKind == "staff");
  CHECK(added.subjectId == kaiId);
  CHECK(added.details == R"({"role":"staff","bookable":true})");
  auto changed = only(entries, "staff.updated");
  CHECK(changed.subjectId == kaiId);
  CHECK(changed.details == R"({"changed":["display_name","bookable"],"bookable":{"old":true,"new":false}})");
  auto hours = only(entries, "staff.hours_changed");
  CHECK(hours.subjectId == kaiId);
  CHECK(hours.details == R"({"intervals":{"old":0,"new":2}})");
  CHECK(only(entries, "staff.day_off_added").details == R"({"day_off_id":")" + offId + "\"}");
  CHECK(only(entries, "staff.day_off_removed").details == R"({"day_off_id":")" + offId + "\"}");
  // which settings changed, not the address itself
  CHECK(only(entries, "business.settings_changed").details == R"({"changed":["address","booking_horizon_days"],"booking_horizon_days":{"old":365,"new":90}})");
  CHECK(only(entries, "webhook.created").details == R"({"events":["booking.created"]})");
  only(entries, "webhook.removed");
  CHECK(only(entries, "notification.settings_changed").details == R"({"changed":["reminder_minutes","reply_to"]})");
  CHECK(only(entries, "notification.template_changed").details == R"({"template":"booking.confirmation","locale":"en","channel":"email"})");
  noPersonalData(entries, {"Kai", "Hiddenname", "Othername", "kai.hidden", "Surgery", "2030-04", "olivia", "s3cr3t", "127.0.0.1", "Dear"});
  CHECK_FALSE(w.plugins->audit().verify(*w.database.db().acquire(), b.id).has_value());
}

TEST_CASE("bookings, clients and passwords changed by staff are audited by them, without the client's data", "[backend][api][privacy][audit][security]") {
  ApiWorld w;
  auto b = w.business("desk");
  w.user(b, "owner@desk.example", auth::Role::Owner);
  auto piaId = std::to_string(w.provider(b, "pia")); // bookable Monday to Friday, 09:00-17:00 London
  auto svc = w.service(b, 30);
  auto pia = w.signedIn(b, "pia@desk.example");
  auto owner = w.signedIn(b, "owner@desk.example");

  auto client = pia.post("/api/v1/clients", R"({"name":"Quinn Private","email":"quinn.private@example.com","phone":"+886912345678","notes":"latex allergy"})");
  REQUIRE(client.status == 201);
  auto clientId = idOf(client);
  REQUIRE(owner.call("PATCH", "/api/v1/clients/" + clientId, R"({"phone":"+886900000001","marketing_email":true})").status == 200);

  auto book = [&](const std::string& start) {
    auto r = pia.post("/api/v1/bookings", R"({"service_id":")" + std::to_string(svc.id) + R"(","client_id":")" + clientId + R"(","start":")" +
                                              start + R"(","note":"bring the scans"})");
    REQUIRE(r.status == 201);
    return idOf(r);
  };
  auto moved = book("2030-03-26T10:00:00Z");
  REQUIRE(pia.post("/api/v1/bookings/" + moved + "/reschedule", R"({"start":"2030-03-26T11:00:00Z"})").status == 200);
  REQUIRE(pia.post("/api/v1/bookings/" + moved + "/cancel", R"({"reason":"Quinn has the flu"})").status == 200);
  auto done = book("2030-03-27T10:00:00Z");
  w.clock.set(*base::TimeZones::parseInstant("2030-03-27T10:45:00Z"));
  pia = w.signedIn(b, "pia@desk.example"); // the first session has timed out meanwhile
  REQUIRE(pia.post("/api/v1/bookings/" + done + "/complete").status == 200);
  REQUIRE(pia.post("/api/v1/auth/password", std::string(R"({"current_password":")") + kPassword +
                                                R"(","new_password":"harbour violet comet 77"})")
              .status == 200);

  auto entries = chain(w, b.id);
  auto byPia = [&](const std::string& action) {
    auto e = only(entries, action);
    CHECK(e.actorKind == "staff");
    CHECK(e.actorId == piaId);
    return e;
  };
  auto clientCreated = byPia("client.created");
  CHECK(clientCreated.subjectKind == "client");
  CHECK(clientCreated.subjectId == clientId);
  auto clientUpdated = only(entries, "client.updated");
  CHECK(clientUpdated.actorId != piaId); // the owner's
  CHECK(clientUpdated.details == R"({"changed":["phone","marketing_email"]})");

  std::vector<Stored> made;
  for (const auto& e : entries)
    if (e.action == "booking.created") made.push_back(e);
  REQUIRE(made.size() == 2);
  CHECK(made[0].actorId == piaId);
  CHECK(made[0].subjectKind == "booking");
  CHECK(made[0].subjectId == moved);
  CHECK(made[0].details == R"({"service_id":")" + std::to_string(svc.id) + R"(","provider_id":")" + piaId + "\"}");
  auto move = byPia("booking.moved");
  CHECK(move.subjectId == moved);
  CHECK(move.details == R"({"changed":["start"]})");
  CHECK(byPia("booking.cancelled").subjectId == moved);
  auto finished = byPia("booking.status_changed");
  CHECK(finished.subjectId == done);
  CHECK(finished.details == R"({"status":{"old":"confirmed","new":"completed"}})");
  auto password = byPia("auth.password_changed");
  CHECK(password.subjectKind == "staff");
  CHECK(password.subjectId == piaId);
  noPersonalData(entries, {"Quinn", "quinn", "+886", "latex", "scans", "flu", "2030-03", "harbour", "tulip"});
  CHECK_FALSE(w.plugins->audit().verify(*w.database.db().acquire(), b.id).has_value());
}

TEST_CASE("a booking made on the booking page is not a staff change: it is in its history, not the audit log", "[backend][api][privacy][audit]") {
  ApiWorld w;
  auto b = w.business("page");
  w.provider(b, "pia");
  auto svc = w.service(b, 30);
  auto r = w.browser().post("/api/v1/public/page/bookings",
                            R"({"service_id":")" + std::to_string(svc.id) + R"(","start":"2030-03-26T10:00:00Z","client":{"name":"Rae","email":"rae@example.com"}})");
  REQUIRE(r.status == 201);
  for (const auto& e : chain(w, b.id)) CHECK(e.action.rfind("booking.", 0) != 0);
}

TEST_CASE("the audit log names the staff its entries are by and about, as they are called now, of its own business only", "[backend][api][privacy][audit]") {
  ApiWorld w;
  auto b = w.business("names");
  auto other = w.business("elsewhere");
  auto ownerId = w.user(b, "owner@names.example", auth::Role::Owner);
  auto strangerId = w.user(other, "owner@elsewhere.example", auth::Role::Owner);
  w.database.db().inTransaction([&](store::Connection& c) { // what a feature writes: a staff user's id, never their name
    base::AuditEntry e;
    e.businessId = b.id;
    e.actor = {"plugin", "terms"};
    e.action = "terms.published";
    e.detailsJson = R"({"version":2,"published_by":")" + std::to_string(ownerId) + R"(","provider_id":{"old":")" + std::to_string(strangerId) +
                    R"(","new":")" + std::to_string(ownerId) + "\"}}";
    w.plugins->audit().append(c, e);
  });
  auto owner = w.signedIn(b, "owner@names.example");
  REQUIRE(owner.call("PATCH", "/api/v1/business", R"({"booking_horizon_days":30})").status == 200);

  auto answer = owner.get("/api/v1/audit?limit=10");
  REQUIRE(answer.status == 200);
  auto d = answer.json();
  REQUIRE(d["entries"].IsArray());
  std::map<std::string, const rapidjson::Value*> byAction;
  for (const auto& e : d["entries"].GetArray()) byAction[e["action"].GetString()] = &e;
  REQUIRE(byAction.count("business.settings_changed"));
  const auto& settings = *byAction["business.settings_changed"];
  CHECK(std::string(settings["actor_id"].GetString()) == std::to_string(ownerId));
  CHECK(std::string(settings["actor_name"].GetString()) == "User owner");
  REQUIRE(byAction.count("terms.published"));
  CHECK((*byAction["terms.published"])["actor_name"].IsNull()); // a feature, named by the page
  const auto& names = d["staff_names"];
  REQUIRE(names.IsObject());
  CHECK(std::string(names[std::to_string(ownerId).c_str()].GetString()) == "User owner");
  CHECK_FALSE(names.HasMember(std::to_string(strangerId).c_str())); // another business's user stays a number
}
