#pragma once
#include "app/Kernel.h"
#include "auth/PasswordHasher.h"
#include "core/Clock.h"
#include "core/CommandLine.h"
#include "core/Config.h"
#include "core/JsonOut.h" // the commands' --json output
#include "store/Database.h"

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace atrium::cli {

/// Everything a command may need, opened on first use: the configuration at once, the
/// database (opened as atriumd opens it) and the kernel (app::Kernel, the same wiring as
/// atriumd's: domain services, plugins with their domain calls) when a command asks.
class Context {
public:
  Context(const core::CommandLine& cl, std::istream& in, std::ostream& out);
  ~Context();

  store::Database& database();
  /// The kernel with the installation's plugins (plugins.dir) loaded, on first use.
  app::Kernel& kernel();
  plugin_services::PluginSystem& plugins() { return kernel().plugins(); }
  const core::Config& config() const { return config_; }
  core::Clock& clock() { return clock_; }
  auth::PasswordHasher& hasher() { return hasher_; }
  bool json() const { return json_; }
  std::ostream& out() { return out_; }
  std::istream& in() { return in_; }

private:
  core::Config config_;
  bool json_;
  std::istream& in_;
  std::ostream& out_;
  core::SystemClock clock_;
  auth::PasswordHasher hasher_{2};
  app::OpenedDatabase opened_;
  std::unique_ptr<app::Kernel> kernel_;
};

/// The audit actor of CLI actions: the operating-system user running the command.
base::AuditParty cliActor();

/// args[index] as a positional argument (not an option), or ConfigError("<what> is required").
const std::string& positional(const std::vector<std::string>& args, std::size_t index, const std::string& what);

int runPluginsCommand(Context& ctx, const std::vector<std::string>& args);
int runFeaturesCommand(Context& ctx, const std::vector<std::string>& args);
/// `atrium secrets rotate-master-key --new-key-file PATH`: rewraps every server secret and
/// re-keys every audit chain under the key in PATH (created when absent), in one transaction.
int runSecretsCommand(Context& ctx, const std::vector<std::string>& args);
/// `atrium plugin check PATH`: the conformance checker.
int runPluginCheck(Context& ctx, const std::vector<std::string>& args);

} // namespace atrium::cli
