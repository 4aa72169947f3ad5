// `atrium plugin check PATH`: the conformance checker a plugin author runs. It loads the
// library alone into a throwaway installation (temporary SQLite, fixed clock), checks
// manifest and ABI, enables it for a scratch business, drives every hook it handles with
// a sample payload, checks it called only host functions it declared, and proves that
// erasing a client and a staff user leaves none of its records about them.
#include "auth/UserAccounts.h"
#include "booking/Business.h"
#include "cli/Cli.h"
#include "cli/Context.h"
#include "core/Errors.h"
#include "core/Random.h"
#include "store/Migrator.h"

#include <filesystem>
#include <ostream>

namespace atrium::cli {
namespace {

constexpr const char* kClientId = "73019";
constexpr const char* kCanary = "Canary-Zq7x";

using plugin_host::HookId;

/// A realistic payload for each hook (docs/sdk.md), naming the sample client and staff.
void samplePayload(HookId hook, rapidjson::Document& d, const std::string& staffId) {
  auto& a = d.GetAllocator();
  auto obj = [&a](std::initializer_list<std::pair<const char*, rapidjson::Value>> fields) {
    rapidjson::Value v(rapidjson::kObjectType);
    for (auto& f : fields) v.AddMember(rapidjson::StringRef(f.first), rapidjson::Value(const_cast<rapidjson::Value&>(f.second), a), a);
    return v;
  };
  auto s = [&a](const std::string& text) { return rapidjson::Value(text.c_str(), a); };
  auto person = [&](const char* kind, const std::string& id) { return obj({{"kind", s(kind)}, {"id", s(id)}}); };
  rapidjson::Value booking = obj({{"id", s("555")}, {"service_id", s("11")}, {"staff_id", s(staffId)}, {"client_id", s(kClientId)},
                                  {"start_us", rapidjson::Value(INT64_C(1893484800000000))},
                                  {"end_us", rapidjson::Value(INT64_C(1893486600000000))},
                                  {"note", s(std::string("please call ") + kCanary)}, {"source", s("public_page")},
                                  {"status", s("confirmed")}, {"created_at_us", rapidjson::Value(INT64_C(1893400000000000))}});
  auto add = [&](const char* key, rapidjson::Value v) { d.AddMember(rapidjson::StringRef(key), v, a); };
  switch (hook) {
  case HookId::SecondFactor:
  case HookId::VerifySecondFactor:
  case HookId::LoginSucceeded:
    add("purpose", s("login"));
    add("user", person("staff", staffId));
    add("ip", s("192.0.2.10"));
    add("user_agent", s("conformance-check"));
    add("challenge", rapidjson::Value());
    if (hook == HookId::VerifySecondFactor) {
      add("response", obj({{"code", s("000000")}}));
      add("attempt", rapidjson::Value(1));
    }
    break;
  case HookId::SessionPolicy:
    add("user", obj({{"kind", s("staff")}, {"id", s(staffId)}}));
    add("policy", obj({{"idle_timeout_s", rapidjson::Value(1800)}, {"absolute_timeout_s", rapidjson::Value(43200)},
                       {"login_notice", rapidjson::Value()}}));
    break;
  case HookId::BookingValidate:
  case HookId::BookingCreated:
  case HookId::BookingCancelValidate:
    add("operation", s("create"));
    add("actor", person("client", kClientId));
    add("booking", std::move(booking));
    add("extra", rapidjson::Value(rapidjson::kObjectType));
    add("reason", rapidjson::Value());
    break;
  case HookId::NotificationRender:
    add("notification", obj({{"id", s("77")}, {"template", s("booking.confirmation")}, {"channel", s("email")},
                             {"recipient", person("client", kClientId)}, {"promotional", rapidjson::Value(false)},
                             {"subject", s("Your booking")}, {"text", s(std::string("Dear ") + kCanary)}, {"html", rapidjson::Value()}}));
    add("data", obj({{"client_name", s(kCanary)}}));
    break;
  case HookId::PrivacyExport:
  case HookId::PrivacyErase:
    add("subject", person("client", kClientId));
    add("requested_by", person("staff", staffId));
    break;
  case HookId::FeatureEnabled:
  case HookId::FeatureDisabled:
    add("actor", person("staff", staffId));
    break;
  case HookId::JobRun:
    add("job", obj({{"name", s("conformance")}, {"payload", rapidjson::Value(rapidjson::kObjectType)},
                    {"scheduled_for_us", rapidjson::Value(INT64_C(1893484800000000))}, {"attempt", rapidjson::Value(1)}}));
    break;
  case HookId::HttpRequest:
    add("request", obj({{"method", s("GET")}, {"route", s("check")}, {"path", s("check")}, {"params", rapidjson::Value(rapidjson::kObjectType)},
                        {"query", rapidjson::Value(rapidjson::kObjectType)}, {"headers", rapidjson::Value(rapidjson::kObjectType)},
                        {"body", s("")}, {"ip", s("192.0.2.10")}}));
    add("principal", obj({{"kind", s("staff")}, {"id", s(staffId)}, {"roles", rapidjson::Value(rapidjson::kArrayType)}, {"label", rapidjson::Value()}}));
    add("response", obj({{"status", rapidjson::Value(404)}}));
    break;
  case HookId::Count: break;
  }
}

class Report {
public:
  explicit Report(std::ostream& out) : out_(out) {}
  void ok(const std::string& what) {
    ++passed_;
    out_ << "ok    " << what << "\n";
  }
  void fail(const std::string& what) {
    ++failed_;
    out_ << "FAIL  " << what << "\n";
  }
  void note(const std::string& what) { out_ << "      " << what << "\n"; }
  int finish() {
    out_ << passed_ << " passed, " << failed_ << " failed\n";
    return failed_ == 0 ? kOk : kFailed;
  }
  bool failed() const { return failed_ > 0; }

private:
  std::ostream& out_;
  int passed_ = 0;
  int failed_ = 0;
};

} // namespace

int runPluginCheck(Context& ctx, const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != "check") throw core::ConfigError("usage: atrium plugin check PATH [--config JSON]");
  std::filesystem::path path = positional(args, 2, "the plugin library path");
  core::CommandOptions opts(args, 3, {"config"});
  if (!std::filesystem::exists(path)) throw core::NotFoundError("no file " + path.string());
  path = std::filesystem::absolute(path);

  Report report(ctx.out());
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
  auto plugins = std::make_unique<plugin_host::PluginSystem>(*database, clock, settings);
  plugins->loadFile(path);

  const auto& loaded = plugins->registry().activePlugins();
  if (loaded.empty()) {
    auto failures = plugins->registry().list();
    report.fail("load " + path.filename().string() + ": " + (failures.empty() ? "unknown reason" : failures.front().reason));
    return report.finish();
  }
  auto& plugin = *loaded.front();
  const auto& m = plugin.manifest();
  report.ok("load: " + m.id + " " + m.version.toString() + ", ABI " + std::to_string(plugin.library->descriptor().abi_major) + "." +
            std::to_string(plugin.library->descriptor().abi_minor) + " (kernel " + plugin_host::kernelAbiVersion() + ")");
  report.ok("manifest: " + std::to_string(m.hooks.size()) + " hooks, host capabilities [" +
            [&] { std::string s; for (const auto& c : m.hostCapabilities) s += (s.empty() ? "" : ", ") + c; return s; }() + "], " +
            std::to_string(m.personalData.size()) + " personal-data declarations");
  if (m.allowsHost("records") && m.personalData.empty())
    report.note("note: the plugin may store records but declares no personal_data; say so explicitly if it stores none");
  if (!m.webMounts.empty()) { // the pages load <library folder>/<id>/web/<module>
    auto web = path.parent_path() / m.id / "web";
    std::string missing;
    for (const auto& mount : m.webMounts)
      if (!std::filesystem::is_regular_file(web / mount.module)) missing += (missing.empty() ? "" : ", ") + mount.module;
    if (missing.empty()) report.ok("web: " + std::to_string(m.webMounts.size()) + " page modules found in " + web.string());
    else report.fail("web: page modules missing from " + web.string() + ": " + missing + " (install <id>/web/ beside the library)");
  }

  booking::BusinessDirectory businesses(*database, clock);
  booking::Business b{0, "conformance-check", "Conformance Check", "Europe/Berlin", "en", {}, {}, 0, 0};
  b = businesses.create(b);
  auth::PasswordHasher hasher(1);
  auth::UserAccounts users(*database, clock, hasher);
  std::string staffId = std::to_string(users.create({b.id, "staff@conformance.example", "Check Staff", auth::Role::Staff,
                                                     core::randomReadable(20), false}, b.name));
  std::optional<booking::Business> fresh; // BusinessRef views its strings: they must outlive each dispatch
  auto ref = [&] {
    fresh = businesses.findBySlug(b.slug);
    return plugin_host::BusinessRef{fresh->id, fresh->featuresVersion, fresh->name, fresh->timeZone, fresh->locale};
  };
  try {
    std::optional<std::string> config;
    if (opts.has("config")) config = opts.required("config");
    plugins->features().enable(ref(), m.id, config, {"cli", "conformance-check"});
    report.ok("enable for a business with " + std::string(config ? "the given" : "the default") + " config");
  } catch (const std::exception& e) {
    report.fail(std::string("enable for a business: ") + e.what() + " (pass --config with a valid configuration)");
    return report.finish();
  }

  for (const auto& info : plugin_host::hookCatalog()) {
    if (!plugin.library->handler(info.id)) continue;
    auto faultsBefore = plugins->registry().faultCount(m.id);
    auto build = [&](rapidjson::Document& d) { samplePayload(info.id, d, staffId); };
    auto outcome = info.targeted ? plugins->dispatcher().callPlugin(ref(), m.id, info.id, build)
                                 : plugins->dispatcher().filter(ref(), info.id, build);
    std::string name(info.name);
    if (plugins->registry().faultCount(m.id) > faultsBefore) report.fail(name + ": faulted on the sample payload (see the log)");
    else if (outcome.kind == plugin_host::HookOutcome::Kind::Rejected) report.ok(name + ": rejected with \"" + outcome.message + "\"");
    else report.ok(name + ": handled");
  }

  auto denied = plugins->host().deniedCalls(m.id);
  if (denied.empty()) report.ok("capabilities: no host call outside the manifest");
  else {
    std::string list;
    for (const auto& f : denied) list += (list.empty() ? "" : ", ") + f;
    report.fail("capabilities: called host functions it did not declare: " + list);
  }

  // Erasure: the kernel deletes records naming the subject; what must not remain is
  // a record that mentions the person while naming someone else (or no one).
  std::int64_t named = 0;
  for (const auto& subject : {plugin_host::Subject{"client", kClientId}, plugin_host::Subject{"staff", staffId}})
    named += static_cast<std::int64_t>(plugins->records().forSubject(b.id, subject).size());
  if (plugin.library->handler(HookId::PrivacyErase)) {
    auto faultsBefore = plugins->registry().faultCount(m.id);
    plugins->dispatcher().event(ref(), HookId::PrivacyErase, [&](rapidjson::Document& d) { samplePayload(HookId::PrivacyErase, d, staffId); });
    if (plugins->registry().faultCount(m.id) > faultsBefore) report.fail("privacy.erase@1 faulted");
  }
  database->inTransaction([&](store::Connection& c) {
    plugin_host::PluginRecords::eraseSubject(c, b.id, {"client", kClientId});
    plugin_host::PluginRecords::eraseSubject(c, b.id, {"staff", staffId});
  });
  std::vector<std::string> leaks;
  {
    auto lease = database->acquire();
    lease->forEach("SELECT collection, record_key, subject_kind, value_json FROM plugin_records WHERE business_id = ? AND plugin_id = ?",
                   {b.id, m.id}, [&](const store::Row& r) {
                     std::string text = r.getText("record_key") + " " + r.getText("value_json");
                     if (text.find(kClientId) != std::string::npos || text.find(kCanary) != std::string::npos ||
                         text.find("staff@conformance.example") != std::string::npos)
                       leaks.push_back(r.getText("collection") + "/" + r.getText("record_key") + " (subject " + r.getText("subject_kind") + ")");
                   });
  }
  if (leaks.empty())
    report.ok("erasure: no record mentions the erased client or staff user (" + std::to_string(named) + " records named them)");
  else
    for (const auto& l : leaks) report.fail("erasure: record " + l + " still mentions an erased person without naming them as its subject");
  plugins.reset();
  return report.finish();
}

} // namespace atrium::cli
