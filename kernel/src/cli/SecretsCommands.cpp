// `atrium secrets rotate-master-key`: reseals the installation under a new master key.
#include "cli/Cli.h"
#include "cli/Context.h"

#include "base/ServerSecrets.h"
#include "core/MasterKey.h"
#include "base/AuditLog.h"

#include <filesystem>

namespace atrium::cli {

int runSecretsCommand(Context& ctx, const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != "rotate-master-key") throw core::ConfigError("secrets needs a subcommand: rotate-master-key");
  core::CommandOptions opts(args, 2, {"new-key-file"});
  std::filesystem::path newPath = std::filesystem::absolute(opts.required("new-key-file"));
  auto& database = ctx.database(); // opened and unlocked with the current key, or refused
  const core::MasterKey& oldKey = database.masterKey();
  std::error_code ec; // equivalent() fails (false) when the key in use is not a file
  if (std::filesystem::equivalent(newPath, core::MasterKey::sourceName(ctx.config()), ec))
    throw core::ConfigError("--new-key-file names the key file in use; give the path of a new one");
  // a new path gets a new random key (0600); an existing file must pass the same checks as at start-up
  auto newKey = core::MasterKey::loadFile(newPath, true);
  std::string oldAuditKey = oldKey.derive(base::AuditLog::kKeyLabel);
  base::AuditLog audit(ctx.clock(), newKey.derive(base::AuditLog::kKeyLabel));
  auto [secrets, entries] = database.inTransaction([&](store::Connection& c) {
    int rewrapped = base::ServerSecrets::rewrapAll(c, oldKey, newKey);
    return std::pair{rewrapped, audit.reanchor(c, &oldAuditKey)};
  });
  if (ctx.json()) {
    ctx.out() << core::JsonOut::object([&](core::JsonOut& o) {
      o.field("secrets_rewrapped", secrets).field("audit_entries_reanchored", entries).field("new_key_file", newPath.string());
    }) << "\n";
    return kOk;
  }
  ctx.out() << "rewrapped " << secrets << " server secret(s) and re-keyed " << entries << " audit entries under the key in "
            << newPath.string() << ".\n"
            << "Install that file as the master key of every node (secrets.masterKeyFile, or in place of "
            << core::MasterKey::sourceName(ctx.config()) << ", mode 0600) before starting them: the old key no longer\n"
            << "opens this database, only backups taken before now.\n";
  return kOk;
}

} // namespace atrium::cli
