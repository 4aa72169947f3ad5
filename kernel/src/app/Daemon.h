#pragma once
#include "core/CommandLine.h"

#include <Poco/Util/ServerApplication.h>

namespace atrium::app {

/// `atriumd`: loads the configuration, opens and migrates the database, wires the HTTP
/// routes and serves until SIGTERM/SIGINT, then shuts down gracefully (stop accepting,
/// finish in-flight requests within server.shutdownGraceSeconds, close the pool).
/// Exit codes: 0 after a clean shutdown, 2 bad configuration, 1 cannot start
/// (database unreachable, port taken).
class Daemon final : public Poco::Util::ServerApplication {
public:
  explicit Daemon(core::CommandLine commandLine) : commandLine_(std::move(commandLine)) {}

protected:
  void initialize(Poco::Util::Application&) override {}
  int main(const std::vector<std::string>& args) override;

private:
  core::CommandLine commandLine_;
};

} // namespace atrium::app
