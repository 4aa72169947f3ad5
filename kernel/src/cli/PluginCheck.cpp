// `atrium plugin check PATH`: the conformance checker a plugin author runs. It loads the
// library alone into a throwaway installation (temporary SQLite, fixed clock), checks
// manifest and ABI, enables it for a scratch business, drives every hook it handles with
// a sample payload and every route it registered with a sample request, runs the
// author's fixtures, checks it called only host functions it declared (and warns about
// declared ones it never used), and proves that erasing a client and a staff user leaves
// none of its records about them.
#include "auth/UserAccounts.h"
#include "base/Business.h"
#include "cli/CheckFixtures.h"
#include "cli/CheckReport.h"
#include "cli/CheckSamples.h"
#include "cli/Cli.h"
#include "cli/Context.h"
#include "core/Errors.h"
#include "core/Json.h"
#include "core/Random.h"
#include "store/Migrator.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>
#include <set>

namespace atrium::cli {
namespace {

using plugin_host::HookId;
using plugin_host::HookOutcome;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

/// What a route call came to, read as the kernel's router would answer it.
struct RouteAnswer {
  bool fault = false;
  int status = 0;
  std::string message; ///< the refusal's message, or the error message of a JSON answer
  std::string detail;
};

RouteAnswer readRouteAnswer(const HookOutcome& outcome, bool faulted) {
  RouteAnswer r;
  if (faulted || outcome.kind == HookOutcome::Kind::Failed || !outcome.ran) {
    r.fault = true;
    r.detail = "faulted (the route would answer 500; see the log)";
    return r;
  }
  if (outcome.kind == HookOutcome::Kind::Rejected) {
    r.status = outcome.status == ATRIUM_INVALID_ARGUMENT ? 400
               : outcome.status == ATRIUM_NOT_FOUND      ? 404
               : outcome.status == ATRIUM_PERMISSION_DENIED ? 403
                                                          : 422;
    r.message = outcome.message;
    r.detail = "refused " + std::to_string(r.status) + " \"" + outcome.message + "\"";
    return r;
  }
  rapidjson::Document d;
  const rapidjson::Value* resp = nullptr;
  if (core::parseJson(d, outcome.payload) && d.IsObject() && d.HasMember("response")) resp = &d["response"];
  auto malformed = [&r](const std::string& why) {
    r.fault = true;
    r.detail = "malformed response: " + why;
    return r;
  };
  if (!resp || !resp->IsObject()) return malformed("response must be an object");
  if (!resp->HasMember("status") || !(*resp)["status"].IsInt() || (*resp)["status"].GetInt() < 200 || (*resp)["status"].GetInt() > 599)
    return malformed("status must be an HTTP status from 200 to 599");
  if (resp->HasMember("body") && !(*resp)["body"].IsString()) return malformed("body must be a string");
  if (resp->HasMember("content_type") && !(*resp)["content_type"].IsString()) return malformed("content_type must be a string");
  r.status = (*resp)["status"].GetInt();
  if (resp->HasMember("json")) {
    r.message = std::string(sdk::stringAt((*resp)["json"], "error.message"));
    if (r.message.empty()) r.message = std::string(sdk::stringAt((*resp)["json"], "error"));
  }
  r.detail = "answered " + std::to_string(r.status) + (r.message.empty() ? "" : " \"" + r.message + "\"");
  return r;
}

/// What the plugin did with the host during the check, as the scratch database shows it
/// (records stored, audit entries, notifications queued, jobs scheduled) plus the domain
/// calls it made. Reads records only by their being stored: a plugin that only reads
/// records looks unused here.
struct Usage {
  std::set<std::string> host;
  std::set<std::string> domain;

  void probe(store::Database& database, const std::string& pluginId) {
    auto lease = database.acquire();
    auto any = [&](const std::string& sql, const std::string& arg) {
      bool found = false;
      lease->forEach(sql, {arg}, [&](const store::Row&) { found = true; });
      return found;
    };
    if (any("SELECT 1 FROM plugin_records WHERE plugin_id = ? LIMIT 1", pluginId)) host.insert("records");
    if (any("SELECT 1 FROM audit_log WHERE actor_kind = 'plugin' AND actor_id = ? LIMIT 1", pluginId)) host.insert("audit");
    if (any("SELECT 1 FROM outbox WHERE template LIKE ? LIMIT 1", pluginId + ".%")) host.insert("notify");
    if (any("SELECT 1 FROM plugin_jobs WHERE plugin_id = ? LIMIT 1", pluginId)) host.insert("jobs");
  }
};

} // namespace

int runPluginCheck(Context& ctx, const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != "check")
    throw core::ConfigError("usage: atrium plugin check PATH [--config JSON] [--fixtures DIR] [--json]");
  std::filesystem::path path = positional(args, 2, "the plugin library path");
  core::CommandOptions opts(args, 3, {"config", "fixtures"});
  if (!std::filesystem::exists(path)) throw core::NotFoundError("no file " + path.string());
  path = std::filesystem::absolute(path);
  std::vector<CheckFixture> fixtures;
  if (opts.has("fixtures")) fixtures = loadFixtures(opts.required("fixtures"));

  CheckReport report(ctx.out(), ctx.json());
  auto scratch = std::filesystem::temp_directory_path() / ("atrium-check-" + core::toHex(core::randomBytes(6)));
  std::filesystem::create_directories(scratch);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{scratch};

  store::DatabaseSettings dbSettings;
  dbSettings.sqlitePath = (scratch / "check.db").string();
  dbSettings.masterKey = std::make_shared<const core::MasterKey>(core::MasterKey::generate()); // a scratch installation
  auto database = store::Database::open(dbSettings);
  store::Migrator(*database).migrate();
  core::ManualClock clock(INT64_C(1893456000000000)); // 2030-01-01, so nothing depends on today
  plugin_host::PluginRegistry::Settings settings;
  settings.directory = scratch / "none";
  settings.safeModeFaults = 1000000; // report faults, never switch off
  auto plugins = std::make_unique<plugin_services::PluginSystem>(*database, clock, settings);
  plugins->loadFile(path);

  const auto& loaded = plugins->registry().activePlugins();
  if (loaded.empty()) {
    auto failures = plugins->registry().list();
    report.fail("load", path.filename().string() + ": " + (failures.empty() ? "unknown reason" : failures.front().reason));
    return report.finish();
  }
  auto& plugin = *loaded.front();
  const auto& m = plugin.manifest();
  report.setPlugin(m.id);
  report.ok("load", m.id + " " + m.version.toString() + ", ABI " + std::to_string(plugin.library->descriptor().abi_major) + "." +
                        std::to_string(plugin.library->descriptor().abi_minor) + " (kernel " + plugin_host::kernelAbiVersion() + ")");
  report.ok("manifest", std::to_string(m.hooks.size()) + " hooks, host capabilities [" + joined(m.hostCapabilities) + "], " +
                            std::to_string(m.personalData.size()) + " personal-data declarations");
  if (m.allowsHost("records") && m.personalData.empty())
    report.warn("personal_data", "the plugin may store records but declares no personal_data; say so explicitly if it stores none");
  if (!m.webMounts.empty()) { // the pages load <library folder>/<id>/web/<module>
    auto web = path.parent_path() / m.id / "web";
    std::vector<std::string> missing;
    for (const auto& mount : m.webMounts)
      if (!std::filesystem::is_regular_file(web / mount.module)) missing.push_back(mount.module);
    if (missing.empty()) report.ok("web", std::to_string(m.webMounts.size()) + " page modules found in " + web.string());
    else report.fail("web", "page modules missing from " + web.string() + ": " + joined(missing) + " (install <id>/web/ beside the library)");
  }

  base::BusinessDirectory businesses(*database, clock);
  base::Business b{0, "conformance-check", "Conformance Check", "Europe/Berlin", "en", {}, {}, 0, 0};
  b = businesses.create(b);
  auth::PasswordHasher hasher(1);
  auth::UserAccounts users(*database, clock, hasher);
  std::string staffId = std::to_string(users.create({b.id, "staff@conformance.example", "Check Staff", auth::Role::Staff,
                                                     core::randomReadable(20), false}, b.name));
  Usage usage;
  plugins->host().setDomainHandler([&](std::int64_t, const std::string&, const std::string& call, const std::string& params) {
    usage.domain.insert(call);
    return sampleDomainAnswer(call, params, staffId);
  });
  std::optional<base::Business> fresh; // BusinessRef views its strings: they must outlive each dispatch
  std::string locale;
  auto ref = [&](const std::string& readerLocale = {}) {
    fresh = businesses.findBySlug(b.slug);
    locale = readerLocale.empty() ? fresh->locale : readerLocale;
    return plugin_host::BusinessRef{fresh->id, fresh->featuresVersion, fresh->name, fresh->timeZone, locale};
  };
  try {
    std::optional<std::string> config;
    if (opts.has("config")) config = opts.required("config");
    plugins->features().enable(ref(), m.id, config, {"cli", "conformance-check"});
    report.ok("enable", "for a business with " + std::string(config ? "the given" : "the default") + " config");
  } catch (const std::exception& e) {
    report.fail("enable", std::string("for a business: ") + e.what() + " (pass --config with a valid configuration)");
    return report.finish();
  }
  usage.probe(*database, m.id);

  std::vector<plugin_services::PluginRoute> routes;
  for (const auto& r : plugins->host().routes().all())
    if (r.pluginId == m.id) routes.push_back(r);
  auto faulted = [&](std::uint64_t before) { return plugins->registry().faultCount(m.id) > before; };

  /// Dispatches `hook` as the kernel would (targeted hooks to the plugin alone).
  auto dispatch = [&](const plugin_host::HookInfo& info, const plugin_host::PayloadBuilder& build, const std::string& readerLocale = {}) {
    auto outcome = info.targeted ? plugins->dispatcher().callPlugin(ref(readerLocale), m.id, info.id, build)
                                 : plugins->dispatcher().filter(ref(readerLocale), info.id, build);
    usage.probe(*database, m.id);
    return outcome;
  };

  for (const auto& info : plugin_host::hookCatalog()) {
    if (!plugin.library->handler(info.id)) continue;
    if (info.id == HookId::HttpRequest && !routes.empty()) continue; // exercised route by route below
    auto faultsBefore = plugins->registry().faultCount(m.id);
    auto outcome = dispatch(info, [&](rapidjson::Document& d) { samplePayload(info.id, d, staffId); });
    std::string name(info.name);
    if (faulted(faultsBefore)) report.fail(name, "faulted on the sample payload (see the log)");
    else if (outcome.kind == HookOutcome::Kind::Rejected) report.ok(name, "rejected with \"" + outcome.message + "\"");
    else report.ok(name, "handled");
    if (info.id == HookId::HttpRequest) report.warn(name, "handled, but the plugin registered no route during init, so nothing calls it");
  }

  const auto& httpInfo = plugin_host::hookInfo(HookId::HttpRequest);
  for (const auto& route : routes) {
    std::string name = "route " + route.method + " " + route.path;
    auto faultsBefore = plugins->registry().faultCount(m.id);
    auto outcome = dispatch(httpInfo, [&](rapidjson::Document& d) { sampleRoutePayload(route, d, staffId); });
    auto answer = readRouteAnswer(outcome, faulted(faultsBefore));
    if (answer.fault) report.fail(name, answer.detail + " on a sample request");
    else if (answer.status >= 500) report.warn(name, answer.detail + " on a sample request");
    else report.ok(name, answer.detail);
  }

  for (const auto& f : fixtures) {
    std::string name = "fixture " + f.label;
    if (!f.error.empty()) {
      report.fail(name, f.error);
      continue;
    }
    rapidjson::Document patch;
    core::parseJson(patch, f.payloadJson);
    std::string readerLocale(sdk::stringAt(patch, "locale"));
    auto faultsBefore = plugins->registry().faultCount(m.id);
    if (!f.path.empty()) {
      auto route = std::find_if(routes.begin(), routes.end(), [&](const auto& r) { return r.method == f.method && r.path == f.path; });
      if (route == routes.end()) {
        report.fail(name, "the plugin registered no route " + f.method + " " + f.path);
        continue;
      }
      auto outcome = dispatch(httpInfo, [&](rapidjson::Document& d) {
        sampleRoutePayload(*route, d, staffId);
        auto& a = d.GetAllocator();
        auto body = patch.IsObject() && patch.HasMember("request") ? sdk::findPath(patch, "request.body") : nullptr;
        if (body && !body->IsString()) patch["request"]["body"].SetString(core::toJson(*body).c_str(), patch.GetAllocator());
        mergeJson(d, patch, a);
        if (!sdk::findPath(patch, "request.path")) d["request"]["path"].SetString(fillPath(route->path, d["request"]["params"]).c_str(), a);
      }, readerLocale);
      auto answer = readRouteAnswer(outcome, faulted(faultsBefore));
      bool refused = answer.status >= 400 && answer.status < 500;
      if (answer.fault) report.fail(name, answer.detail);
      else if (f.status && answer.status != *f.status) report.fail(name, answer.detail + ", expected " + std::to_string(*f.status));
      else if (!f.status && refused != f.expectRejected)
        report.fail(name, answer.detail + ", expected " + (f.expectRejected ? "a refusal (4xx)" : "success"));
      else if (!f.message.empty() && answer.message.find(f.message) == std::string::npos)
        report.fail(name, answer.detail + ", expected a message containing \"" + f.message + "\"");
      else report.ok(name, answer.detail + " as expected");
      continue;
    }
    auto hook = plugin_host::findHook(f.hook);
    if (!hook) {
      report.fail(name, "names no hook or route: \"" + f.hook + "\" is not a hook id (name the file <hook id>.json, or give \"hook\" or \"route\")");
      continue;
    }
    if (!plugin.library->handler(*hook)) {
      report.fail(name, "the plugin does not handle " + f.hook);
      continue;
    }
    const auto& info = plugin_host::hookInfo(*hook);
    auto outcome = dispatch(info, [&](rapidjson::Document& d) {
      samplePayload(*hook, d, staffId);
      mergeJson(d, patch, d.GetAllocator());
    }, readerLocale);
    bool rejected = outcome.kind == HookOutcome::Kind::Rejected;
    std::string got = rejected ? "rejected with \"" + outcome.message + "\"" : "handled";
    if (faulted(faultsBefore)) report.fail(name, "faulted (see the log)");
    else if (rejected != f.expectRejected) report.fail(name, got + ", expected " + (f.expectRejected ? "a rejection" : "ok"));
    else if (!f.message.empty() && outcome.message.find(f.message) == std::string::npos)
      report.fail(name, got + ", expected a message containing \"" + f.message + "\"");
    else report.ok(name, got + " as expected");
  }

  auto denied = plugins->host().refused().of(m.id);
  if (denied.empty()) report.ok("capabilities", "no host call outside the manifest");
  else report.fail("capabilities", "called host functions it did not declare: " + joined(denied));

  // Declared but never used: a manifest should ask for what the plugin needs, no more.
  if (!routes.empty()) usage.host.insert("routes");
  if (!usage.domain.empty()) usage.host.insert("domain");
  std::vector<std::string> unused;
  for (const auto& h : m.hooks)
    if (!plugin.library->handler(h)) unused.push_back("hook " + std::string(plugin_host::hookInfo(h).name) + " (not handled)");
  for (const auto& c : m.hostCapabilities)
    if (!usage.host.count(c)) unused.push_back("host " + c);
  for (const auto& d : m.domainCalls)
    if (!usage.domain.count(d)) unused.push_back("domain " + d);
  if (unused.empty()) report.ok("capabilities used", "every declared capability was used during the check");
  else report.warn("capabilities unused", "declared but never used during the check: " + joined(unused) +
                                              " (drop them from the manifest, or add a fixture that exercises them)");

  // Erasure: the kernel deletes records naming the subject; what must not remain is
  // a record that mentions the person while naming someone else (or no one).
  std::int64_t named = 0;
  for (const auto& subject : {plugin_host::Subject{"client", kSampleClientId}, plugin_host::Subject{"staff", staffId}})
    named += static_cast<std::int64_t>(plugins->records().forSubject(b.id, subject).size());
  if (plugin.library->handler(HookId::PrivacyErase)) {
    auto faultsBefore = plugins->registry().faultCount(m.id);
    plugins->dispatcher().event(ref(), HookId::PrivacyErase, [&](rapidjson::Document& d) { samplePayload(HookId::PrivacyErase, d, staffId); });
    if (faulted(faultsBefore)) report.fail("privacy.erase@1", "faulted during erasure");
  }
  database->inTransaction([&](store::Connection& c) {
    plugin_host::PluginRecords::eraseSubject(c, b.id, {"client", kSampleClientId});
    plugin_host::PluginRecords::eraseSubject(c, b.id, {"staff", staffId});
  });
  std::vector<std::string> leaks;
  {
    auto lease = database->acquire();
    lease->forEach("SELECT collection, record_key, subject_kind, value_json FROM plugin_records WHERE business_id = ? AND plugin_id = ?",
                   {b.id, m.id}, [&](const store::Row& r) {
                     std::string text = r.getText("record_key") + " " + r.getText("value_json");
                     if (text.find(kSampleClientId) != std::string::npos || text.find(kSampleCanary) != std::string::npos ||
                         text.find("staff@conformance.example") != std::string::npos)
                       leaks.push_back(r.getText("collection") + "/" + r.getText("record_key") + " (subject " + r.getText("subject_kind") + ")");
                   });
  }
  if (leaks.empty())
    report.ok("erasure", "no record mentions the erased client or staff user (" + std::to_string(named) + " records named them)");
  else
    for (const auto& l : leaks) report.fail("erasure", "record " + l + " still mentions an erased person without naming them as its subject");
  plugins->host().setDomainHandler({});
  plugins.reset();
  return report.finish();
}

} // namespace atrium::cli
