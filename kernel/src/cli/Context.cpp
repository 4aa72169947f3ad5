#include "cli/Context.h"

#include "base/ServerSecrets.h"
#include "core/Log.h"
#include "store/DatabaseConfig.h"
#include "store/Migrator.h"

#include <unistd.h>

#include <iostream>

namespace atrium::cli {

Context::Context(const core::CommandLine& cl, std::istream& in, std::ostream& out)
    : config_(core::Config::load(cl.sources)), json_(cl.json), in_(in), out_(out) {
  core::Log::setLevel(core::Log::parseLevel(config_.getString("log.level")));
  core::Log::setSink(&std::cerr); // the CLI's stdout is for results
}

Context::~Context() {
  plugins_.reset(); // plugins go before the database they use
  database_.reset();
}

store::Database& Context::database() {
  if (!database_) {
    auto settings = store::databaseSettingsFrom(config_);
    settings.masterKey = std::make_shared<const core::MasterKey>(core::MasterKey::load(config_));
    database_ = store::Database::open(settings);
    auto applied = store::Migrator(*database_).migrate();
    // the same start-up step as atriumd's: refuse a key that does not unwrap the secrets
    base::ServerSecrets::unlockAll(*database_);
    base::AuditLog(clock_, *database_).reanchorAfterUpgrade(*database_, applied);
  }
  return *database_;
}

plugin_host::PluginSystem& Context::plugins() {
  if (!plugins_) {
    plugins_ = std::make_unique<plugin_host::PluginSystem>(database(), clock_, plugin_host::PluginSystem::settingsFrom(config_));
    plugins_->loadAll();
  }
  return *plugins_;
}

base::AuditParty cliActor() {
  const char* user = getlogin();
  return {"cli", user ? std::string(user).substr(0, 64) : "uid:" + std::to_string(getuid())};
}

const std::string& positional(const std::vector<std::string>& args, std::size_t index, const std::string& what) {
  if (index >= args.size() || args[index].rfind("--", 0) == 0) throw core::ConfigError(what + " is required");
  return args[index];
}

} // namespace atrium::cli
