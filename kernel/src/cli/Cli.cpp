#include "cli/Cli.h"

#include "cli/Context.h"

#include "auth/PasswordHasher.h"
#include "auth/UserAccounts.h"
#include "base/Business.h"
#include "booking/Availability.h"
#include "booking/Bookings.h"
#include "booking/DemoData.h"
#include "core/Clock.h"
#include "core/CommandLine.h"
#include "core/Errors.h"
#include "core/Log.h"
#include "core/Version.h"
#include "base/AuditLog.h"
#include "privacy/ClientErasure.h"
#include "store/DatabaseConfig.h"
#include "store/DatabaseError.h"
#include "store/Migrator.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace atrium::cli {
namespace {

constexpr const char* kUsageText = R"(usage: atrium [global options] <command> [options]

commands:
  migrate                         apply pending database migrations
  status                          show database backend, schema version and counts
  demo                            create the demo business and its owner if missing
  business create --slug S --name N [--time-zone Z] [--locale en|zh-TW] [--contact-email E]
  business list
  user create --email E --name N --role owner|admin|staff [--business SLUG]
              (--role installation_admin without --business); the password is read
              from standard input
  plugins list | info ID | enable ID | disable ID
                                  the installation's plugins: state, load errors, availability
  features list --business SLUG
  features enable ID --business SLUG [--config JSON]
  features disable ID --business SLUG
  features configure ID --business SLUG --config JSON
                                  a business's feature switches and settings
  plugin check PATH [--config JSON] [--fixtures DIR]
                                  conformance check of a plugin library (for plugin authors):
                                  hooks, routes, the author's fixtures, capability use, erasure
  audit verify [--business SLUG]  check the hash chain of the audit log (every business, or one)
  privacy reapply-erasures        erase again every erased client whose data a restored backup brought back
  secrets rotate-master-key --new-key-file PATH
                                  reseal the server secrets and the audit chain under a new
                                  master key (PATH is created when absent); stop every node first

global options:
  --config FILE        properties file (default: ./config/atrium.properties if present)
  --set key=value      override one configuration key (repeatable)
  --data-dir DIR       data directory (same as --set data.dir=DIR)
  --json               machine-readable output
  --help, --version
)";

void printBusinesses(Context& ctx, const std::vector<base::Business>& list) {
  if (ctx.json()) {
    core::JsonOut out;
    out.w().StartArray();
    for (const auto& b : list) {
      out.w().StartObject();
      out.field("id", b.id).field("slug", b.slug).field("name", b.name).field("time_zone", b.timeZone).field("locale", b.locale);
      out.w().EndObject();
    }
    out.w().EndArray();
    ctx.out() << out.text() << "\n";
    return;
  }
  if (list.empty()) {
    ctx.out() << "no businesses\n";
    return;
  }
  for (const auto& b : list) ctx.out() << b.slug << "\t" << b.name << "\t" << b.timeZone << "\t" << b.locale << "\n";
}

int cmdMigrate(Context& ctx) {
  auto& db = ctx.database(); // opening applies pending migrations
  auto status = store::Migrator(db).status();
  if (ctx.json()) ctx.out() << core::JsonOut::object([&](core::JsonOut& o) { o.field("schema_version", status.current); }) << "\n";
  else ctx.out() << "database schema is at version " << status.current << " (up to date)\n";
  return kOk;
}

int cmdStatus(Context& ctx) {
  auto& db = ctx.database();
  auto status = store::Migrator(db).status();
  auto businesses = base::BusinessDirectory(db, ctx.clock()).count();
  auto backend = store::backendName(db.backend());
  if (ctx.json()) {
    ctx.out() << core::JsonOut::object([&](core::JsonOut& o) {
      o.field("version", core::version()).field("database", backend).field("schema_version", status.current)
          .field("latest_schema_version", status.latest).field("businesses", businesses);
    }) << "\n";
  } else {
    ctx.out() << "atrium " << core::version() << "\ndatabase: " << backend << "\nschema version: " << status.current
              << " of " << status.latest << "\nbusinesses: " << businesses << "\n";
  }
  return kOk;
}

int cmdDemo(Context& ctx) {
  auto& db = ctx.database();
  base::BusinessDirectory businesses(db, ctx.clock());
  auth::UserAccounts users(db, ctx.clock(), ctx.hasher());
  booking::ServiceCatalog services(db, ctx.clock());
  booking::StaffDirectory staff(db, ctx.clock());
  booking::ClientDirectory clients(db, ctx.clock());
  booking::Availability availability(db, ctx.clock(), staff);
  booking::Bookings bookings(db, ctx.clock(), services, staff, clients, availability, nullptr);
  auto login = booking::ensureDemo({businesses, users, services, staff, clients, bookings, db, ctx.clock()});
  if (ctx.json()) {
    core::JsonOut out;
    out.w().StartObject();
    out.field("created", login.created).field("slug", login.slug).field("owner_email", login.ownerEmail);
    if (login.oneTimePassword) out.field("one_time_password", *login.oneTimePassword);
    out.field("admin_email", login.adminEmail);
    if (login.adminOneTimePassword) out.field("admin_one_time_password", *login.adminOneTimePassword);
    out.w().EndObject();
    ctx.out() << out.text() << "\n";
  } else if (login.created) {
    ctx.out() << "Created the demo business \"Demo Clinic\" (slug " << login.slug << ") with " << login.services << " services, "
              << login.providers << " providers and " << login.bookings << " bookings.\n"
              << "  owner login:        " << login.ownerEmail << "\n"
              << "  one-time password:  " << *login.oneTimePassword << "   (shown once; change it at first login)\n";
    if (login.adminOneTimePassword)
      ctx.out() << "  installation admin: " << login.adminEmail << "   one-time password: " << *login.adminOneTimePassword << "\n";
  } else {
    ctx.out() << "The demo business (slug " << login.slug << ") already exists; owner login " << login.ownerEmail
              << " with the password shown when it was created.\n";
  }
  return kOk;
}

std::string readPassword(Context& ctx) {
  bool tty = &ctx.in() == &std::cin && isatty(STDIN_FILENO);
  termios saved{};
  if (tty) {
    std::cerr << "password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(ctx.in(), password);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) throw core::ValidationError("password", "no password on standard input");
  return password;
}

int cmdBusiness(Context& ctx, const std::vector<std::string>& args) {
  if (args.size() < 2) throw core::ConfigError("business needs a subcommand: create or list");
  base::BusinessDirectory directory(ctx.database(), ctx.clock());
  if (args[1] == "list") {
    core::CommandOptions(args, 2, {});
    printBusinesses(ctx, directory.list());
    return kOk;
  }
  if (args[1] != "create") throw core::ConfigError("unknown business subcommand '" + args[1] + "'");
  core::CommandOptions opts(args, 2, {"slug", "name", "time-zone", "locale", "contact-email"});
  base::Business b;
  b.slug = opts.required("slug");
  b.name = opts.required("name");
  b.timeZone = opts.optional("time-zone", "UTC");
  b.locale = opts.optional("locale", "en");
  if (opts.has("contact-email")) b.contactEmail = opts.required("contact-email");
  printBusinesses(ctx, {directory.create(b)});
  return kOk;
}

int cmdUser(Context& ctx, const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != "create") throw core::ConfigError("user needs a subcommand: create");
  core::CommandOptions opts(args, 2, {"business", "email", "name", "role"});
  auth::NewUser user;
  user.email = opts.required("email");
  user.displayName = opts.required("name");
  user.role = auth::parseRole(opts.required("role"));
  std::string businessName;
  if (opts.has("business")) {
    auto business = base::BusinessDirectory(ctx.database(), ctx.clock()).findBySlug(opts.required("business"));
    if (!business) throw core::NotFoundError("no business with slug '" + opts.required("business") + "'");
    user.businessId = business->id;
    businessName = business->name;
  }
  user.password = readPassword(ctx);
  auth::UserAccounts accounts(ctx.database(), ctx.clock(), ctx.hasher());
  auto id = accounts.create(user, businessName);
  if (ctx.json()) ctx.out() << core::JsonOut::object([&](core::JsonOut& o) { o.field("id", id).field("role", auth::roleName(user.role)); }) << "\n";
  else ctx.out() << "created " << auth::roleName(user.role) << " user " << id << "\n";
  return kOk;
}

int cmdAudit(Context& ctx, const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != "verify") throw core::ConfigError("audit needs a subcommand: verify");
  core::CommandOptions opts(args, 2, {"business"});
  std::vector<std::pair<std::int64_t, std::string>> chains; // (chain id, label)
  base::BusinessDirectory directory(ctx.database(), ctx.clock());
  if (opts.has("business")) {
    auto b = directory.findBySlug(opts.required("business"));
    if (!b) throw core::NotFoundError("no business with slug '" + opts.required("business") + "'");
    chains.emplace_back(b->id, b->slug);
  } else {
    chains.emplace_back(0, "(installation)");
    for (const auto& b : directory.list()) chains.emplace_back(b.id, b.slug);
  }
  int broken = 0;
  base::AuditLog audit(ctx.clock(), ctx.database()); // keyed by the master key, as atriumd's
  auto lease = ctx.database().acquire();
  for (const auto& [chain, label] : chains) {
    auto at = audit.verify(*lease, chain);
    std::int64_t entries = lease->queryOne("SELECT COUNT(*) FROM audit_log WHERE chain_id = ?", {chain})->getInt(0);
    if (!at) {
      ctx.out() << "ok      " << label << ": " << entries << " entries, chain intact\n";
    } else {
      ++broken;
      ctx.out() << "BROKEN  " << label << ": "
                << (*at < 0 ? std::string("entries were deleted from the end") : "entry " + std::to_string(*at) + " was edited, or one before it deleted, or its hash was not made with this installation's master key")
                << "\n";
    }
  }
  return broken ? kFailed : kOk;
}

int cmdPrivacy(Context& ctx, const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != "reapply-erasures") throw core::ConfigError("privacy needs a subcommand: reapply-erasures");
  core::CommandOptions(args, 2, {});
  privacy::ClientErasure erasure(ctx.database(), ctx.clock(), ctx.plugins().audit(), nullptr);
  int again = erasure.reapplyAll(cliActor());
  ctx.out() << "erased again: " << again << " client(s) whose data had come back\n";
  return kOk;
}

} // namespace

int run(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err) {
  try {
    auto cl = core::CommandLine::parse(argc, argv);
    if (cl.version) {
      out << "atrium " << core::version() << "\n";
      return kOk;
    }
    if (cl.help || cl.arguments.empty()) {
      (cl.help ? out : err) << kUsageText;
      return cl.help ? kOk : kUsage;
    }
    Context ctx(cl, in, out);
    const auto& args = cl.arguments;
    const std::string& command = args[0];
    if (command == "migrate" || command == "status" || command == "demo") {
      core::CommandOptions(args, 1, {}); // they take no options
      if (command == "migrate") return cmdMigrate(ctx);
      if (command == "status") return cmdStatus(ctx);
      return cmdDemo(ctx);
    }
    if (command == "business") return cmdBusiness(ctx, args);
    if (command == "user") return cmdUser(ctx, args);
    if (command == "plugins") return runPluginsCommand(ctx, args);
    if (command == "features") return runFeaturesCommand(ctx, args);
    if (command == "plugin") return runPluginCheck(ctx, args);
    if (command == "audit") return cmdAudit(ctx, args);
    if (command == "privacy") return cmdPrivacy(ctx, args);
    if (command == "secrets") return runSecretsCommand(ctx, args);
    err << "atrium: unknown command '" << command << "'\n" << kUsageText;
    return kUsage;
  } catch (const core::ConfigError& e) {
    err << "atrium: " << e.what() << "\n";
    return kUsage;
  } catch (const core::DomainError& e) {
    err << "atrium: " << e.what() << "\n";
    return kFailed;
  } catch (const store::DatabaseError& e) {
    err << "atrium: " << e.what() << "\n";
    return kFailed;
  } catch (const std::exception& e) {
    err << "atrium: " << e.what() << "\n";
    return kFailed;
  }
}

} // namespace atrium::cli
