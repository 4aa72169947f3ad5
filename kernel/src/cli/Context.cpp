#include "cli/Context.h"

#include "core/Log.h"

#include <unistd.h>

#include <iostream>

namespace atrium::cli {

Context::Context(const core::CommandLine& cl, std::istream& in, std::ostream& out)
    : config_(core::Config::load(cl.sources)), json_(cl.json), in_(in), out_(out) {
  core::Log::setLevel(core::Log::parseLevel(config_.getString("log.level")));
  core::Log::setSink(&std::cerr); // the CLI's stdout is for results
}

Context::~Context() {
  kernel_.reset(); // plugins go before the database they use
  opened_.database.reset();
}

store::Database& Context::database() {
  if (!opened_.database) opened_ = app::openDatabase(config_, clock_);
  return *opened_.database;
}

app::Kernel& Context::kernel() {
  if (!kernel_) {
    kernel_ = std::make_unique<app::Kernel>(database(), clock_, app::KernelSettings::from(config_));
    kernel_->loadPlugins();
  }
  return *kernel_;
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
