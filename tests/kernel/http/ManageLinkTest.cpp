// What a client can do with the signed link of a booking, without signing in: reschedule,
// and give or withdraw consent to promotional messages (as easy as giving it).
#include "ApiWorld.h"
#include "auth/ManageLinks.h"
#include "notify/Preferences.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

using namespace atrium;
using test::ApiWorld;

namespace {

struct Booked {
  std::string id, token, clientId;
};

Booked bookPublicly(ApiWorld& w, test::ApiClient& c, const booking::Service& svc, const std::string& start, const std::string& more = "") {
  auto r = c.post("/api/v1/public/demo/bookings", R"({"service_id":")" + std::to_string(svc.id) + R"(","start":")" + start +
                                                      R"(","client":{"name":"Kai","email":"kai@example.com","marketing_email":true})" +
                                                      more + "}");
  REQUIRE(r.status == 201);
  auto d = r.json();
  CHECK_FALSE(d["booking"].HasMember("client_id")); // whether the email was known does not show
  std::string id = d["booking"]["id"].GetString();
  auto lease = w.database.db().acquire();
  auto client = lease->queryOne("SELECT client_id FROM bookings WHERE id = ?", {std::stoll(id)});
  return {id, d["manage"]["token"].GetString(), std::to_string(client->getInt(0))};
}

} // namespace

TEST_CASE("manage link: the client reschedules, the old slot is free again, a forged link does nothing", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto c = w.browser();
  auto booked = bookPublicly(w, c, svc, "2030-03-26T09:00:00Z");
  std::string base = "/api/v1/public/demo/bookings/" + booked.id;

  auto forged = c.post(base + "/reschedule?token=forged", R"({"start":"2030-03-26T10:00:00Z"})");
  CHECK(forged.status == 404);
  auto bad = c.post(base + "/reschedule?token=" + booked.token, R"({"start":"tomorrow"})");
  CHECK(bad.status == 422);
  CHECK_THAT(bad.body, Catch::Contains(R"("field":"start")"));
  auto offHours = c.post(base + "/reschedule?token=" + booked.token, R"({"start":"2030-03-26T03:00:00Z"})");
  CHECK(offHours.status == 422);

  auto moved = c.post(base + "/reschedule?token=" + booked.token, R"({"start":"2030-03-26T10:00:00Z","locale":"zh-TW"})");
  REQUIRE(moved.status == 200);
  CHECK_THAT(moved.body, Catch::Contains(R"("start":"2030-03-26T10:00:00Z")") && Catch::Contains(R"("status":"confirmed")"));
  CHECK_THAT(c.get(base + "?token=" + booked.token).body, Catch::Contains(R"("start":"2030-03-26T10:00:00Z")"));
  // the 09:00 slot is bookable again, the 10:00 one is taken
  auto slots = c.get("/api/v1/public/demo/slots?service=" + std::to_string(svc.id) + "&from=2030-03-26&to=2030-03-26").body;
  CHECK_THAT(slots, Catch::Contains(R"("start":"2030-03-26T09:00:00Z")") && !Catch::Contains(R"("start":"2030-03-26T10:00:00Z")"));

  CHECK(c.post(base + "/cancel?token=" + booked.token, "{}").status == 200);
  auto afterCancel = c.post(base + "/reschedule?token=" + booked.token, R"({"start":"2030-03-26T11:00:00Z"})");
  CHECK(afterCancel.status == 409);
}

TEST_CASE("manage link: message choices are shown, withdrawn and given again, each change in the ledger", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto c = w.browser();
  auto booked = bookPublicly(w, c, svc, "2030-03-26T09:00:00Z");
  // message choices need the contact link, which only the confirmation email carries
  CHECK(c.get("/api/v1/public/demo/bookings/" + booked.id + "/preferences?token=" + booked.token).status == 403);
  booked.token = auth::manageToken(w.api->context().secrets, std::stoll(booked.id), true);
  std::string prefs = "/api/v1/public/demo/bookings/" + booked.id + "/preferences?token=" + booked.token;

  CHECK(c.get(prefs).body == R"({"booking_email":true,"booking_sms":true,"marketing_email":true,"marketing_sms":false,"reachable":{"email":true,"sms":false}})");
  CHECK(c.get("/api/v1/public/demo/bookings/" + booked.id + "/preferences?token=forged").status == 404);
  CHECK(c.call("PUT", prefs, R"({})").status == 422);
  CHECK(c.call("PUT", prefs, R"({"marketing_email":"no"})").status == 422);
  CHECK(c.call("PUT", prefs, R"({"marketing_email":false,"extra":1})").status == 422);

  auto withdrawn = c.call("PUT", prefs, R"({"marketing_email":false})");
  CHECK(withdrawn.status == 200);
  CHECK(withdrawn.body == R"({"booking_email":true,"booking_sms":true,"marketing_email":false,"marketing_sms":false,"reachable":{"email":true,"sms":false}})");
  CHECK(c.call("PUT", prefs, R"({"marketing_sms":true})").body == R"({"booking_email":true,"booking_sms":true,"marketing_email":false,"marketing_sms":true,"reachable":{"email":true,"sms":false}})");

  // booking messages: switched off by an email's unsubscribe link, back on from the manage page
  // or the unsubscribe page's undo
  auto lease = w.database.db().acquire();
  auto client = std::stoll(booked.clientId);
  auto unsubscribe = "/api/v1/public/unsubscribe/" +
                     notify::Preferences::unsubscribeToken(w.api->context().secrets, {b.id, client, "email", "service"});
  CHECK(c.post(unsubscribe, "{}").status == 200);
  CHECK_THAT(c.get(prefs).body, Catch::StartsWith(R"({"booking_email":false,"booking_sms":true,)"));
  CHECK_FALSE(notify::Preferences::allowed(*lease, b.id, client, "email", "service"));
  CHECK_THAT(c.call("PUT", prefs, R"({"booking_email":true})").body, Catch::StartsWith(R"({"booking_email":true,)"));
  CHECK(notify::Preferences::allowed(*lease, b.id, client, "email", "service"));
  CHECK(c.post(unsubscribe, "{}").status == 200);
  auto undo = c.post(unsubscribe + "/resubscribe", "{}");
  CHECK(undo.body == R"({"status":"subscribed"})");
  CHECK(notify::Preferences::allowed(*lease, b.id, client, "email", "service"));
  CHECK(c.post("/api/v1/public/unsubscribe/forged/resubscribe", "{}").status == 404);

  // someone booking with the address of an existing client gets a plain link: it opens and
  // can cancel that booking, but cannot see or change the client's message choices; the
  // link emailed to the address can
  auto again = bookPublicly(w, c, svc, "2030-03-26T11:00:00Z");
  CHECK(again.clientId == booked.clientId);
  std::string otherPrefs = "/api/v1/public/demo/bookings/" + again.id + "/preferences?token=" + again.token;
  CHECK(c.get("/api/v1/public/demo/bookings/" + again.id + "?token=" + again.token).status == 200);
  auto refused = c.call("PUT", otherPrefs, R"({"marketing_email":true,"booking_email":false})");
  CHECK(refused.status == 403);
  CHECK(c.get(otherPrefs).status == 403);
  CHECK(notify::Preferences::allowed(*lease, b.id, client, "email", "service")); // unchanged
  auto emailed = auth::manageToken(w.api->context().secrets, std::stoll(again.id), true);
  CHECK(c.get("/api/v1/public/demo/bookings/" + again.id + "/preferences?token=" + emailed).status == 200);

  // the pages send the token in a header, out of every URL
  auto viaHeader = w.browser();
  viaHeader.headers["X-Manage-Token"] = booked.token;
  CHECK(viaHeader.get("/api/v1/public/demo/bookings/" + booked.id + "/preferences").status == 200);
  viaHeader.headers["X-Manage-Token"] = "forged";
  CHECK(viaHeader.get("/api/v1/public/demo/bookings/" + booked.id + "/preferences").status == 404);

  auto sources = lease->queryOne("SELECT COUNT(*) FROM consent_ledger WHERE business_id = ? AND source = 'manage_link'", {b.id});
  REQUIRE(sources);
  CHECK(sources->getInt(0) == 3);
}

TEST_CASE("booking extra: objects per plugin only, bounded", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.provider(b, "ana");
  auto svc = w.service(b, 30);
  auto c = w.browser();
  auto post = [&](const std::string& extra) {
    return c.post("/api/v1/public/demo/bookings", R"({"service_id":")" + std::to_string(svc.id) +
                                                      R"(","start":"2030-03-26T09:00:00Z","client":{"name":"Kai","email":"kai@example.com"},"extra":)" +
                                                      extra + "}");
  };
  CHECK(post("[]").status == 422);
  auto notObject = post(R"({"terms":true})");
  CHECK(notObject.status == 422);
  CHECK_THAT(notObject.body, Catch::Contains(R"("field":"extra.terms")"));
  CHECK(post(R"({"x":{"pad":")" + std::string(9000, 'a') + R"("}})").status == 422);
  CHECK(post(R"({"terms":{"accepted_version":1}})").status == 201); // no plugin enabled: nothing looks at it
}

TEST_CASE("public booking answers alike for a known and an unknown email", "[backend][api][security]") {
  ApiWorld w;
  auto b = w.business("demo");
  w.provider(b, "ana");
  auto svc = w.service(b, 30);
  w.client(b, "mia"); // mia@example.com is a client already
  auto c = w.browser();
  auto book = [&](const std::string& email, const std::string& start) {
    auto r = c.post("/api/v1/public/demo/bookings", R"({"service_id":")" + std::to_string(svc.id) + R"(","start":")" + start +
                                                        R"(","client":{"name":"Someone","email":")" + email + R"("}})");
    REQUIRE(r.status == 201);
    auto d = r.json();
    std::string id = d["booking"]["id"].GetString(), token = d["manage"]["token"].GetString();
    int prefs = c.get("/api/v1/public/demo/bookings/" + id + "/preferences?token=" + token).status;
    // everything but what differs between any two bookings (id, times, token)
    std::string shape = std::regex_replace(r.body, std::regex(R"re("(id|start|end|start_local|end_local|created_at|updated_at|token|url)":"[^"]*")re"), "\"$1\":\"…\"");
    return std::make_pair(shape, prefs);
  };
  auto known = book("mia@example.com", "2030-03-26T09:00:00Z");
  auto unknown = book("nobody-yet@example.com", "2030-03-26T10:00:00Z");
  CHECK(known.first == unknown.first);
  CHECK(known.second == unknown.second);
  CHECK(known.second == 403);
}

TEST_CASE("moving a booking by a few minutes is offered, through its manage link and in the back office", "[backend][api]") {
  ApiWorld w;
  auto b = w.business("demo");
  auto ana = w.provider(b, "ana");
  auto svc = w.service(b, 30);
  w.user(b, "owner@demo.example", auth::Role::Owner);
  auto c = w.browser();
  auto booked = bookPublicly(w, c, svc, "2030-03-26T13:15:00Z"); // 13:15–13:45 London (GMT in March)
  auto starts = [](const test::ApiResult& r) {
    std::vector<std::string> out;
    REQUIRE(r.status == 200);
    for (const auto& s : r.json()["slots"].GetArray()) out.emplace_back(s["start"].GetString());
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& start) { return std::find(v.begin(), v.end(), start) != v.end(); };
  std::string query = "/api/v1/public/demo/slots?service=" + std::to_string(svc.id) + "&from=2030-03-26&to=2030-03-26";

  // Without saying which booking moves, its own time is busy: 13:00 and 13:30 overlap it.
  auto plain = starts(c.get(query));
  CHECK_FALSE(has(plain, "2030-03-26T13:30:00Z"));
  CHECK_FALSE(has(plain, "2030-03-26T13:00:00Z"));
  CHECK(has(plain, "2030-03-26T14:00:00Z"));
  // The manage link moving it: 13:00 and 13:30 are offered, and the move to 13:30 works.
  auto mover = w.browser();
  mover.headers["X-Manage-Token"] = booked.token;
  auto moving = starts(mover.get(query + "&moving=" + booked.id));
  CHECK(has(moving, "2030-03-26T13:30:00Z"));
  CHECK(has(moving, "2030-03-26T13:00:00Z"));
  // A wrong token or another booking's id says nothing more than "no such booking".
  auto stranger = w.browser();
  stranger.headers["X-Manage-Token"] = "forged";
  CHECK(stranger.get(query + "&moving=" + booked.id).status == 404);
  CHECK(c.get(query + "&moving=" + booked.id).status == 404);
  auto other = w.service(b, 60);
  CHECK(mover.get("/api/v1/public/demo/slots?service=" + std::to_string(other.id) + "&from=2030-03-26&to=2030-03-26&moving=" + booked.id)
            .status == 422);
  CHECK(mover.post("/api/v1/public/demo/bookings/" + booked.id + "/reschedule", R"({"start":"2030-03-26T13:30:00Z"})").status == 200);

  // The back office: the booking's own slots route counts its time as free.
  auto owner = w.signedIn(b, "owner@demo.example");
  auto office = starts(owner.get("/api/v1/bookings/" + booked.id + "/slots?from=2030-03-26&to=2030-03-26"));
  CHECK(has(office, "2030-03-26T13:15:00Z")); // back by 15 minutes
  CHECK(has(office, "2030-03-26T13:45:00Z"));
  CHECK(owner.get("/api/v1/bookings/" + booked.id + "/slots?from=2030-03-26").status == 400);
  // Staff see their own bookings' only.
  w.user(b, "bo@demo.example", auth::Role::Staff);
  auto bo = w.signedIn(b, "bo@demo.example");
  CHECK(bo.get("/api/v1/bookings/" + booked.id + "/slots?from=2030-03-26&to=2030-03-26").status == 404);
  (void)ana;
}
