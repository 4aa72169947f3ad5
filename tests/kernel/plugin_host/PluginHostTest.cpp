// The plugin host against real plugin libraries: the fixtures (one per failure mode) and
// the SDK's example.
#include "core/Errors.h"
#include "base/AuditLog.h"
#include "PluginTestSupport.h"
#include "plugin_host/HostContext.h"

#include <catch2/catch.hpp>

using namespace atrium;
using plugin_host::HookId;
using plugin_host::HookOutcome;
using test::bookingPayload;
using test::PluginWorld;

namespace {

std::string reasonOf(plugin_host::PluginRegistry& registry, const std::string& id) {
  auto info = registry.info(id);
  REQUIRE(info);
  return info->reason;
}

} // namespace

TEST_CASE("every fixture fails exactly as documented and the rest load", "[backend][plugins]") {
  PluginWorld w;
  auto& reg = w.plugins->registry();
  CHECK(reasonOf(reg, "abi_major_mismatch") == "built for ABI 2.0, this kernel speaks 1.2");
  CHECK(reasonOf(reg, "newer_minor") == "built for ABI 1.9, this kernel speaks 1.2");
  CHECK_THAT(reasonOf(reg, "missing_entry"), Catch::StartsWith("no entry symbol atrium_plugin_entry_v1 in missing_entry.so"));
  CHECK(reasonOf(reg, "malformed_manifest") == "manifest: version must be semver (MAJOR.MINOR.PATCH)");
  CHECK(reasonOf(reg, "unmet_requires") == "requires hello >=2.0.0, 1.0.0 installed");
  CHECK_THAT(reasonOf(reg, "undefined_symbol"), Catch::Contains("undefined symbol: atrium_fixture_never_defined"));
  CHECK(reasonOf(reg, "hook_entry_too_small") == "hook table: entries of 24 bytes (struct_size), smaller than the 40 of ABI 1.0");
  CHECK(reasonOf(reg, "hook_entries_disagree") ==
        "hook table: entry 1 has struct_size 40, entry 0 has 48 (every entry must have the table's layout)");
  for (const char* good : {"hello", "conflicting", "throwing_hook", "garbage_hook", "capability_violation", "records_plugin",
                           "hook_stride"}) {
    INFO(good);
    CHECK(reg.active(good) != nullptr);
  }
  for (const auto& info : reg.list()) {
    INFO(info.id);
    CHECK((info.state == plugin_host::PluginState::Active) == info.reason.empty());
  }
}

TEST_CASE("a plugin built for ABI 1.0 keeps loading and working in this 1.1 kernel", "[backend][plugins]") {
  PluginWorld w({"abi_1_0"});
  REQUIRE(w.plugins->registry().active("abi_1_0"));
  CHECK(w.plugins->registry().active("abi_1_0")->library->descriptor().abi_minor == 0);
  w.plugins->features().enable(w.ref(), "abi_1_0", std::nullopt, {"staff", "1"});
  auto refused = w.plugins->dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "old abi"));
  CHECK(refused.kind == HookOutcome::Kind::Rejected);
  CHECK(refused.message == "refused by a 1.0 plugin");
  CHECK(w.plugins->dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "new")).kind == HookOutcome::Kind::Passed);
}

TEST_CASE("the hook table is walked with the stride of its entries' struct_size", "[backend][plugins]") {
  PluginWorld w({"hook_stride"});
  auto* plugin = w.plugins->registry().active("hook_stride");
  REQUIRE(plugin);
  CHECK(plugin->library->descriptor().hooks[0].struct_size > sizeof(atrium_hook));
  w.plugins->features().enable(w.ref(), "hook_stride", std::nullopt, {"staff", "1"});
  // booking.validate@1 is the second entry: reached only at the plugin's stride
  auto refused = w.plugins->dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "stride"));
  CHECK(refused.kind == HookOutcome::Kind::Rejected);
  CHECK(refused.message == "refused through a wide hook table");
  CHECK(w.plugins->dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "narrow")).kind == HookOutcome::Kind::Passed);
}

TEST_CASE("a required plugin that is missing is reported as such", "[plugins]") {
  PluginWorld w({"unmet_requires"});
  CHECK(reasonOf(w.plugins->registry(), "unmet_requires") == "requires hello >=2.0.0, not installed");
}

TEST_CASE("conflicting plugins cannot both be enabled for a business", "[backend][plugins]") {
  PluginWorld w({"hello", "conflicting"});
  auto& features = w.plugins->features();
  features.enable(w.ref(), "hello", std::nullopt, {"staff", "1"});
  CHECK_THROWS_WITH(features.enable(w.ref(), "conflicting", std::nullopt, {"staff", "1"}),
                    "conflicts with hello, which is enabled");
  auto list = features.list(w.ref());
  auto it = std::find_if(list.begin(), list.end(), [](const auto& f) { return f.pluginId == "conflicting"; });
  REQUIRE(it != list.end());
  CHECK(it->blockedBy == "conflicts with hello, which is enabled");
  features.disable(w.ref(), "hello", {"staff", "1"});
  features.enable(w.ref(), "conflicting", std::nullopt, {"staff", "1"});
  CHECK_THROWS_WITH(features.enable(w.ref(), "hello", std::nullopt, {"staff", "1"}),
                    "conflicts with conflicting, which is enabled"); // declared on the other side
}

TEST_CASE("hooks reach only plugins enabled for the business, from the next request on every node", "[backend][plugins]") {
  PluginWorld w({"hello"});
  auto nodeB = w.node();
  auto validate = [&](plugin_services::PluginSystem& node) {
    return node.dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "buy SPAM now"));
  };
  CHECK_FALSE(validate(*w.plugins).ran); // not enabled: nothing runs
  w.plugins->features().enable(w.ref(), "hello", std::nullopt, {"staff", "1"});
  auto onA = validate(*w.plugins);
  auto onB = validate(*nodeB); // the other node had cached "nothing enabled"
  CHECK(onA.kind == HookOutcome::Kind::Rejected);
  CHECK(onB.kind == HookOutcome::Kind::Rejected);
  CHECK(onB.message == "Your note contains a word this business does not accept. Please rephrase it.");
  CHECK(onB.pluginId == "hello");
  CHECK(validate(*nodeB).kind == HookOutcome::Kind::Rejected);

  // other business: untouched
  auto other = base::BusinessDirectory(w.database.db(), w.clock).create({0, "other-biz", "Other", "UTC", "en", {}, {}, 0, 0});
  plugin_host::BusinessRef otherRef{other.id, other.featuresVersion, other.name, other.timeZone, other.locale};
  CHECK_FALSE(nodeB->dispatcher().filter(otherRef, HookId::BookingValidate, bookingPayload("41", "spam")).ran);

  w.plugins->features().configure(w.ref(), "hello", R"({"banned_word":"crypto","action":"reject"})", {"staff", "1"});
  CHECK(validate(*nodeB).kind == HookOutcome::Kind::Passed);
  CHECK(nodeB->dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "Crypto deals")).kind ==
        HookOutcome::Kind::Rejected);

  w.plugins->features().disable(w.ref(), "hello", {"staff", "1"});
  CHECK_FALSE(validate(*nodeB).ran);
}

TEST_CASE("a throwing plugin is contained, counted and suspended for its business only, failing closed", "[backend][plugins]") {
  PluginWorld w({"throwing_hook", "records_plugin"}, 3);
  auto& p = *w.plugins;
  p.features().enable(w.ref(), "throwing_hook", std::nullopt, {"staff", "1"});
  p.features().enable(w.ref(), "records_plugin", R"({"label":"Front desk"})", {"staff", "1"});
  // another business with the same plugin enabled
  auto other = base::BusinessDirectory(w.database.db(), w.clock).create({0, "other-world", "Other World", "Europe/Berlin", "en", {}, {}, 0, 0});
  auto otherRef = [&] {
    other = *base::BusinessDirectory(w.database.db(), w.clock).findBySlug("other-world");
    return plugin_host::BusinessRef{other.id, other.featuresVersion, other.name, other.timeZone, other.locale};
  };
  p.features().enable(otherRef(), "throwing_hook", std::nullopt, {"staff", "1"});

  auto filtered = p.dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "hi"));
  CHECK(filtered.kind == HookOutcome::Kind::Failed); // a filter fails closed
  CHECK(filtered.pluginId == "throwing_hook");
  CHECK_THAT(filtered.message, !Catch::Contains("boom")); // the exception text is for the log and the administrator

  auto event = p.dispatcher().event(w.ref(), HookId::BookingCreated, bookingPayload("41", "hi"));
  CHECK(event.kind == HookOutcome::Kind::Passed); // an event fault never stops the chain…
  CHECK(p.records().forSubject(w.business.id, {"client", "41"}).size() == 2); // …records_plugin still ran

  CHECK(p.registry().faultCount("throwing_hook") == 2);
  auto info = p.registry().info("throwing_hook");
  CHECK_THAT(info->lastFault, Catch::Contains("booking.created@1: status 6: fixture boom in booking.created")); // the reason reaches people
  CHECK(info->lastFaultAt == w.clock.nowMicros());

  p.dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "hi")); // third fault: suspended here
  info = p.registry().info("throwing_hook");
  CHECK(info->suspendedBusinesses == 1);
  CHECK_FALSE(info->safeMode); // not switched off installation-wide
  // Still enabled for the business, and it still guards it: refused without calling the plugin.
  auto afterwards = p.dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "hi"));
  CHECK(afterwards.ran);
  CHECK(afterwards.kind == HookOutcome::Kind::Failed);
  CHECK(afterwards.status == ATRIUM_UNAVAILABLE);
  CHECK(p.registry().faultCount("throwing_hook") == 3); // not called again
  CHECK(p.dispatcher().enabledFor(w.ref(), "throwing_hook"));
  // A second node sees the suspension at its next request.
  CHECK(w.node()->dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "hi")).status == ATRIUM_UNAVAILABLE);
  // Its events are skipped while suspended: records_plugin still runs.
  CHECK(p.dispatcher().event(w.ref(), HookId::BookingCreated, bookingPayload("42", "hi")).kind == HookOutcome::Kind::Passed);
  CHECK(p.registry().faultCount("throwing_hook") == 3);

  // The other business is not suspended: its requests still reach the plugin (which faults, failing closed).
  auto theirs = p.dispatcher().filter(otherRef(), HookId::BookingValidate, bookingPayload("41", "hi"));
  CHECK(theirs.kind == HookOutcome::Kind::Failed);
  CHECK(theirs.status == ATRIUM_INTERNAL);
  CHECK(p.registry().faultCount("throwing_hook") == 4);

  std::string metrics;
  p.dispatcher().renderMetrics(metrics);
  CHECK_THAT(metrics, Catch::Contains(R"(atrium_plugin_faults_total{plugin="throwing_hook",hook="booking.validate@1"} 3)"));

  p.registry().setAvailable("throwing_hook", true, {"installation_admin", "9"}); // `atrium plugins enable` lifts it
  CHECK(p.registry().info("throwing_hook")->suspendedBusinesses == 0);
  CHECK(p.dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "hi")).status == ATRIUM_INTERNAL); // called again

  auto c = w.database.db().acquire();
  CHECK(c->queryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'plugin.suspended' AND subject_id = 'throwing_hook' AND business_id = ?",
                    {w.business.id})->getInt(0) == 1);
  CHECK(c->queryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'plugin.enabled' AND actor_kind = 'installation_admin'")->getInt(0) == 1);
}

TEST_CASE("a fault's text is capped and loses what looks like personal data", "[plugins]") {
  CHECK(plugin_host::faultText("no client ana@example.com at +44 20 7946 0958\nnext") ==
        "no client [email] at [number] next");
  CHECK(plugin_host::faultText("booking 4711 refused") == "booking 4711 refused");
  CHECK(plugin_host::faultText("domain_call: this kernel does not know client.bookings@1") ==
        "domain_call: this kernel does not know client.bookings@1"); // an id with a version is no address
  CHECK(plugin_host::faultText("to: a.b@mail.example.co.uk.") == "to: [email]");
  std::string longText(500, 'x');
  auto capped = plugin_host::faultText(longText);
  CHECK(capped.size() <= 204);
  CHECK_THAT(capped, Catch::EndsWith("…"));
  CHECK(plugin_host::faultText(std::string(199, 'a') + "é") == std::string(199, 'a') + "…"); // never cut inside a character
}

TEST_CASE("garbage results are faults, never applied", "[backend][plugins]") {
  PluginWorld w({"garbage_hook"});
  w.plugins->features().enable(w.ref(), "garbage_hook", std::nullopt, {"staff", "1"});
  auto validated = w.plugins->dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "hi"));
  CHECK(validated.kind == HookOutcome::Kind::Failed);
  auto rendered = w.plugins->dispatcher().filter(w.ref(), HookId::NotificationRender, [](rapidjson::Document& d) {
    rapidjson::Value n(rapidjson::kObjectType);
    n.AddMember("subject", "Your booking", d.GetAllocator());
    n.AddMember("text", "See you soon", d.GetAllocator());
    d.AddMember("notification", n, d.GetAllocator());
  });
  CHECK(rendered.kind == HookOutcome::Kind::Failed);
  CHECK(w.plugins->registry().faultCount("garbage_hook") == 2);
}

TEST_CASE("a host call outside the declared capabilities is refused", "[backend][plugins]") {
  PluginWorld w({"capability_violation"});
  w.plugins->features().enable(w.ref(), "capability_violation", std::nullopt, {"staff", "1"});
  auto outcome = w.plugins->dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "hi"));
  CHECK(outcome.kind == HookOutcome::Kind::Rejected);
  // the refusal's reason reaches the plugin (host last_error, put in the wrapper's Status)
  CHECK(outcome.message == "denied: record_put failed (PERMISSION_DENIED): record_put: capability not declared in the manifest");
  CHECK(w.plugins->host().refused().of("capability_violation") == std::vector<std::string>{"record_put"});
  CHECK(w.plugins->records().forSubject(w.business.id, {"client", "41"}).empty());
}

TEST_CASE("plugin config is validated on every save and audited old to new", "[backend][plugins]") {
  PluginWorld w({"records_plugin"});
  auto& f = w.plugins->features();
  auto refused = [&](const std::optional<std::string>& config, const std::string& field, const std::string& reason) {
    try {
      f.enable(w.ref(), "records_plugin", config, {"staff", "1"});
      FAIL("accepted");
    } catch (const core::ValidationError& e) {
      CHECK(e.field() == field);
      CHECK_THAT(e.what(), Catch::Contains(reason));
    }
  };
  refused(std::nullopt, "label", "label is required");
  refused(R"({"label":"Desk","max_visits":500})", "max_visits", "must be at most 100");
  refused(R"({"label":"Desk","mode":"chaotic"})", "mode", "must be one of");
  refused(R"({"label":"<script>"})", "label", "must match");
  f.enable(w.ref(), "records_plugin", R"({"label":"Front desk"})", {"staff", "7"});
  auto list = f.list(w.ref());
  REQUIRE(list.size() == 1);
  CHECK(list[0].enabled);
  CHECK(list[0].configJson == R"({"max_visits":10,"mode":"lenient","label":"Front desk"})");
  f.configure(w.ref(), "records_plugin", R"({"label":"Back desk","mode":"strict"})", {"staff", "7"});

  auto c = w.database.db().acquire();
  auto rows = c->query("SELECT action, actor_kind, actor_id, details_json FROM audit_log WHERE business_id = ? ORDER BY id", {w.business.id});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].getText("action") == "feature.enabled");
  CHECK(rows[0].getText("actor_id") == "7");
  CHECK_THAT(rows[1].getText("details_json"), Catch::Contains(R"("old":{"max_visits":10,"mode":"lenient","label":"Front desk"})") &&
                                                  Catch::Contains(R"("new":{"max_visits":10,"mode":"strict","label":"Back desk"})"));
  CHECK_FALSE(w.plugins->audit().verify(*c, w.business.id).has_value());
}

TEST_CASE("plugin records name their subject and go with the subject's erasure", "[backend][plugins]") {
  PluginWorld w({"records_plugin"});
  auto& p = *w.plugins;
  p.features().enable(w.ref(), "records_plugin", R"({"label":"Desk"})", {"staff", "1"});
  p.dispatcher().event(w.ref(), HookId::BookingCreated, bookingPayload("41", "", "601"));
  p.dispatcher().event(w.ref(), HookId::BookingCreated, bookingPayload("41", "", "602"));
  p.dispatcher().event(w.ref(), HookId::BookingCreated, bookingPayload("42", "", "603"));
  CHECK(p.records().forSubject(w.business.id, {"client", "41"}).size() == 3); // two visits + profile
  CHECK(p.records().forSubject(w.business.id, {"client", "42"}).size() == 2);

  w.database.db().inTransaction([&](store::Connection& c) {
    CHECK(plugin_host::PluginRecords::eraseSubject(c, w.business.id, {"client", "41"}) == 3);
  });
  CHECK(p.records().forSubject(w.business.id, {"client", "41"}).empty());
  CHECK(p.records().forSubject(w.business.id, {"client", "42"}).size() == 2); // nobody else's data went
  CHECK(p.records().get(w.business.id, "records_plugin", "stats", "latest_booking").has_value());
}

TEST_CASE("filters run in priority then id order and a veto stops the chain", "[backend][plugins]") {
  PluginWorld w({"hello", "capability_violation"});
  auto& f = w.plugins->features();
  f.enable(w.ref(), "hello", std::nullopt, {"staff", "1"});
  f.enable(w.ref(), "capability_violation", std::nullopt, {"staff", "1"});
  auto* a = w.plugins->registry().active("capability_violation");
  auto* b = w.plugins->registry().active("hello");
  bool capFirst = a->manifest().priority < b->manifest().priority ||
                  (a->manifest().priority == b->manifest().priority && a->id() < b->id());
  auto outcome = w.plugins->dispatcher().filter(w.ref(), HookId::BookingValidate, bookingPayload("41", "spam"));
  CHECK(outcome.pluginId == (capFirst ? "capability_violation" : "hello"));
}

TEST_CASE("plugins.dir may be missing: no plugins, no failure", "[plugins]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  core::SystemClock clock;
  plugin_host::PluginRegistry::Settings s;
  s.directory = t.directory() / "does-not-exist";
  plugin_services::PluginSystem system(t.db(), clock, s);
  system.loadAll();
  CHECK(system.registry().list().empty());
  CHECK_FALSE(system.dispatcher().filter({1, 0, "x", "UTC", "en"}, HookId::BookingValidate, test::bookingPayload("1", "")).ran);
}

TEST_CASE("record_list pages through keys that hold any bytes, a NUL included", "[backend][plugins]") {
  PluginWorld w({"records_plugin"});
  auto* plugin = w.plugins->registry().active("records_plugin");
  REQUIRE(plugin);
  auto table = w.plugins->host().table();
  atrium_host_ctx ctx;
  ctx.host = table.state;
  ctx.plugin = plugin;
  ctx.businessId = w.business.id;
  auto text = [](const std::string& s) { return atrium_str{s.data(), s.size()}; };
  const std::string collection = "visits";
  const std::vector<std::string> keys{std::string("a\0b", 3), std::string("a\0c", 3), "b"};
  for (const auto& key : keys) {
    atrium_record record{};
    record.struct_size = sizeof(atrium_record);
    record.collection = text(collection);
    record.key = text(key);
    record.subject = atrium_subject{ATRIUM_SUBJECT_NONE, {}};
    const std::string value = "{}";
    record.value_json = text(value);
    REQUIRE(table.api->record_put(&ctx, &record) == ATRIUM_OK);
  }
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    atrium_record_query query{};
    query.struct_size = sizeof(atrium_record_query);
    query.collection = text(collection);
    query.limit = 1;
    query.cursor = text(cursor);
    atrium_buffer out{};
    REQUIRE(table.api->record_list(&ctx, &query, &out) == ATRIUM_OK);
    rapidjson::Document d;
    d.Parse(out.ptr, out.len);
    atrium_buffer_release(&out);
    REQUIRE(d.IsObject());
    for (auto& r : d["records"].GetArray()) seen.emplace_back(r["key"].GetString(), r["key"].GetStringLength());
    if (d["next_cursor"].IsNull()) break;
    cursor.assign(d["next_cursor"].GetString(), d["next_cursor"].GetStringLength());
    CHECK(cursor.size() == seen.back().size()); // the whole key, not what precedes its NUL
  }
  CHECK(seen == keys); // every record once, in key order: none skipped or repeated
}
