// `atrium plugins …` (installation-wide) and `atrium features …` (per business).
#include "base/Business.h"
#include "base/TimeZones.h"
#include "cli/Cli.h"
#include "cli/Context.h"
#include "core/Errors.h"

#include <ostream>

namespace atrium::cli {
namespace {

std::string stateOf(const plugin_host::PluginInfo& p) {
  if (p.state == plugin_host::PluginState::Failed) return "failed";
  if (p.safeMode) return "safe-mode";
  if (!p.available) return "disabled";
  return p.suspendedBusinesses > 0 ? "suspended" : "active";
}

void writePlugin(core::JsonOut& out, const plugin_host::PluginInfo& p) {
  out.w().StartObject();
  out.field("id", p.id).field("name", p.name).field("version", p.version).field("file", p.file).field("state", stateOf(p));
  out.field("reason", p.reason).field("suspended_businesses", p.suspendedBusinesses).field("last_fault", p.lastFault);
  out.key("ignored");
  out.w().StartArray();
  for (const auto& note : p.ignored) out.str(note);
  out.w().EndArray();
  out.w().EndObject();
}

plugin_host::BusinessRef businessRef(const base::Business& b) {
  return plugin_host::BusinessRef{b.id, b.featuresVersion, b.name, b.timeZone, b.locale};
}

base::Business requireBusiness(Context& ctx, const std::string& slug) {
  auto business = base::BusinessDirectory(ctx.database(), ctx.clock()).findBySlug(slug);
  if (!business) throw core::NotFoundError("no business with slug '" + slug + "'");
  return *business;
}

} // namespace

int runPluginsCommand(Context& ctx, const std::vector<std::string>& args) {
  if (args.size() < 2) throw core::ConfigError("plugins needs a subcommand: list, info, enable or disable");
  const std::string& sub = args[1];
  auto& registry = ctx.plugins().registry();
  if (sub == "list") {
    core::CommandOptions(args, 2, {});
    auto plugins = registry.list();
    if (ctx.json()) {
      core::JsonOut out;
      out.w().StartArray();
      for (const auto& p : plugins) writePlugin(out, p);
      out.w().EndArray();
      ctx.out() << out.text() << "\n";
    } else if (plugins.empty()) {
      ctx.out() << "no plugins installed in " << plugin_services::PluginSystem::settingsFrom(ctx.config()).directory.string() << "\n";
    } else {
      for (const auto& p : plugins) {
        ctx.out() << p.id << "\t" << (p.version.empty() ? "-" : p.version) << "\t" << stateOf(p)
                  << (p.reason.empty() ? "" : "\t" + p.reason);
        if (p.suspendedBusinesses > 0)
          ctx.out() << "\tsuspended for " << p.suspendedBusinesses << (p.suspendedBusinesses == 1 ? " business" : " businesses")
                    << "; `atrium plugins enable " << p.id << "` lifts it";
        if (!p.lastFault.empty()) ctx.out() << "\tlast fault: " << p.lastFault;
        for (const auto& note : p.ignored) ctx.out() << "\t" << note;
        ctx.out() << "\n";
      }
    }
    return kOk;
  }
  const std::string& id = positional(args, 2, "the plugin id");
  core::CommandOptions(args, 3, {});
  if (sub == "info") {
    auto info = registry.info(id);
    if (!info) throw core::NotFoundError("no plugin '" + id + "' is installed");
    auto* plugin = registry.active(id);
    if (ctx.json()) {
      ctx.out() << core::JsonOut::object([&](core::JsonOut& o) {
        o.key("plugin");
        writePlugin(o, *info);
        o.raw("manifest", plugin ? plugin->manifest().json : "null"); // validated at load
      }) << "\n";
      return kOk;
    }
    ctx.out() << "id:       " << info->id << "\nfile:     " << info->file << "\nstate:    " << stateOf(*info) << "\n";
    if (!info->reason.empty()) ctx.out() << "reason:   " << info->reason << "\n";
    if (info->suspendedBusinesses > 0)
      ctx.out() << "suspended: for " << info->suspendedBusinesses << " business(es) after faults; `atrium plugins enable " << id
                << "` lifts it\n";
    if (!info->lastFault.empty())
      ctx.out() << "last fault: " << info->lastFault << " (" << base::TimeZones::formatUtc(info->lastFaultAt) << ")\n";
    for (const auto& note : info->ignored) ctx.out() << "ignored:  " << note << "\n";
    if (plugin) {
      const auto& m = plugin->manifest();
      ctx.out() << "name:     " << m.name << "\nversion:  " << m.version.toString() << "\nvendor:   " << m.vendor
                << "\nlicence:  " << m.licence << "\nabi:      " << m.abi.text() << "\npriority: " << m.priority << "\nhooks:   ";
      for (auto h : m.hooks) ctx.out() << " " << plugin_host::hookInfo(h).name;
      ctx.out() << "\nhost:    ";
      for (const auto& c : m.hostCapabilities) ctx.out() << " " << c;
      ctx.out() << "\npersonal data:\n";
      for (const auto& pd : m.personalData)
        ctx.out() << "  - about " << pd.subject << ": " << pd.data << " (purpose: " << pd.purpose << "; kept: " << pd.retention << ")\n";
    }
    return kOk;
  }
  if (sub == "enable" || sub == "disable") {
    registry.setAvailable(id, sub == "enable", cliActor());
    ctx.out() << "plugin " << id
              << (sub == "enable" ? " is offered to businesses (and no longer suspended anywhere)" : " is switched off for every business")
              << "\n";
    return kOk;
  }
  throw core::ConfigError("unknown plugins subcommand '" + sub + "'");
}

int runFeaturesCommand(Context& ctx, const std::vector<std::string>& args) {
  if (args.size() < 2) throw core::ConfigError("features needs a subcommand: list, enable, disable or configure");
  const std::string& sub = args[1];
  auto& features = ctx.plugins().features();
  if (sub == "list") {
    core::CommandOptions opts(args, 2, {"business"});
    auto business = requireBusiness(ctx, opts.required("business"));
    auto list = features.list(businessRef(business));
    if (ctx.json()) {
      core::JsonOut out;
      out.w().StartArray();
      for (const auto& f : list) {
        out.w().StartObject();
        out.field("id", f.pluginId).field("name", f.name).field("enabled", f.enabled).field("available", f.available);
        out.field("blocked_by", f.blockedBy).field("suspended", f.suspended).raw("config", f.configJson);
        out.w().EndObject();
      }
      out.w().EndArray();
      ctx.out() << out.text() << "\n";
    } else if (list.empty()) {
      ctx.out() << "no features available\n";
    } else {
      for (const auto& f : list)
        ctx.out() << f.pluginId << "\t" << (f.enabled ? "on" : "off") << "\t" << f.configJson
                  << (f.blockedBy.empty() ? "" : "\t(" + f.blockedBy + ")") << "\n";
    }
    return kOk;
  }
  const std::string& id = positional(args, 2, "the plugin id");
  core::CommandOptions opts(args, 3, {"business", "config"});
  auto business = requireBusiness(ctx, opts.required("business"));
  if (sub == "enable") {
    std::optional<std::string> config;
    if (opts.has("config")) config = opts.required("config");
    features.enable(businessRef(business), id, config, cliActor());
    ctx.out() << id << " is on for " << business.slug << "\n";
  } else if (sub == "disable") {
    features.disable(businessRef(business), id, cliActor());
    ctx.out() << id << " is off for " << business.slug << "\n";
  } else if (sub == "configure") {
    features.configure(businessRef(business), id, opts.required("config"), cliActor());
    ctx.out() << "saved the settings of " << id << " for " << business.slug << "\n";
  } else {
    throw core::ConfigError("unknown features subcommand '" + sub + "'");
  }
  return kOk;
}

} // namespace atrium::cli
