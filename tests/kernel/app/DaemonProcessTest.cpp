// atriumd as an administrator meets it: a real process, real signals, real exit codes.
#include "HttpClient.h"
#include "TestDatabase.h"
#include "base/ServerSecrets.h"
#include "store/Migrator.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <catch2/catch.hpp>

#include <csignal>
#include <regex>

using namespace atrium;

namespace {

const std::string kDaemon = std::string(ATRIUM_BINARY_DIR) + "/kernel/atriumd";

std::vector<std::string> daemonArgs(const test::TestDatabase& t, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"--config", "-", "--port", "0"};
  for (const auto& [key, value] : t.configOverrides()) {
    args.push_back("--set");
    args.push_back(key + "=" + value);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

struct Finished {
  int exit;
  std::string out;
  std::string err;
};

/// Runs atriumd to completion (for start-up failures).
Finished runToExit(const std::vector<std::string>& args) {
  Poco::Pipe outPipe, errPipe;
  auto handle = Poco::Process::launch(kDaemon, args, nullptr, &outPipe, &errPipe);
  Poco::PipeInputStream out(outPipe), err(errPipe);
  std::string o((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  std::string e((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  return {handle.wait(), o, e};
}

/// Sends SIGTERM to a running atriumd and waits: its exit code and what it logged meanwhile.
Finished terminate(Poco::ProcessHandle& handle, std::istream& out) {
  ::kill(handle.id(), SIGTERM);
  std::string rest((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  return {handle.wait(), rest, {}};
}

/// Reads atriumd's log until "server.started" and returns the port it names; every line must be a
/// JSON object. 0 when the process ended first.
std::uint16_t startedPort(std::istream& out) {
  std::string line;
  while (std::getline(out, line)) {
    REQUIRE_THAT(line, Catch::StartsWith("{\"ts\":\"")); // every line is a JSON object
    std::smatch m;
    if (std::regex_search(line, m, std::regex(R"("event":"server.started".*"port":(\d+))"))) return static_cast<std::uint16_t>(std::stoi(m[1]));
  }
  return 0;
}

} // namespace

TEST_CASE("atriumd serves, logs JSON lines and stops cleanly on SIGTERM", "[backend][daemon][slow]") {
  test::TestDatabase t;
  Poco::Pipe outPipe;
  auto handle = Poco::Process::launch(kDaemon, daemonArgs(t), nullptr, &outPipe, nullptr);
  Poco::PipeInputStream out(outPipe);
  std::uint16_t port = startedPort(out);
  REQUIRE(port != 0);
  CHECK(test::httpRequest(port, "GET", "/healthz").status == 200);

  auto stopped = terminate(handle, out);
  CHECK(stopped.exit == 0);
  CHECK_THAT(stopped.out, Catch::Contains(R"("event":"server.stopping")") && Catch::Contains(R"("event":"server.stopped")"));
}

TEST_CASE("atriumd stopped while it is still starting finishes starting, then stops cleanly", "[backend][daemon][slow]") {
  // An init system may send SIGTERM at any moment; one that arrives while the database is
  // being migrated must not kill the process halfway but lead to the same graceful stop.
  test::TestDatabase t;
  Poco::Pipe outPipe;
  auto handle = Poco::Process::launch(kDaemon, daemonArgs(t), nullptr, &outPipe, nullptr);
  Poco::PipeInputStream out(outPipe);
  std::string first;
  REQUIRE(std::getline(out, first));
  REQUIRE_THAT(first, Catch::Contains(R"("event":"store.migrated")")); // still starting
  auto stopped = terminate(handle, out);
  CHECK(stopped.exit == 0);
  CHECK_THAT(stopped.out, Catch::Contains(R"("event":"server.started")") && Catch::Contains(R"("event":"server.stopping")") &&
                              Catch::Contains(R"("event":"server.stopped")"));
}

TEST_CASE("atriumd refuses bad configuration with exit code 2", "[daemon]") {
  test::TestDatabase t;
  auto unknownKey = runToExit(daemonArgs(t, {"--set", "http.theads=8"}));
  CHECK(unknownKey.exit == 2);
  CHECK_THAT(unknownKey.err, Catch::Contains("unknown configuration key 'http.theads'"));
  auto badPort = runToExit(daemonArgs(t, {"--port", "70000"}));
  CHECK(badPort.exit == 2);
  CHECK_THAT(badPort.err, Catch::Contains("http.port must be between 0 and 65535"));
  auto missingFile = runToExit({"--config", "/nonexistent/atrium.properties"});
  CHECK(missingFile.exit == 2);
  CHECK_THAT(missingFile.err, Catch::Contains("configuration file not found"));
}

TEST_CASE("atriumd exits 1 with a clear message when MariaDB is unreachable", "[daemon]") {
  test::TestDatabase t;
  auto r = runToExit(daemonArgs(t, {"--set", "database.backend=mysql", "--set", "database.mysql.port=1"}));
  CHECK(r.exit == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot start: cannot connect to MySQL/MariaDB at 127.0.0.1:1"));
}

TEST_CASE("a second atriumd on a port in use exits 1 saying so, and the first keeps serving", "[daemon][slow][security]") {
  test::TestDatabase first, second;
  Poco::Pipe outPipe;
  auto handle = Poco::Process::launch(kDaemon, daemonArgs(first), nullptr, &outPipe, nullptr);
  Poco::PipeInputStream out(outPipe);
  std::uint16_t port = startedPort(out);
  REQUIRE(port != 0);
  // SO_REUSEPORT on both would let the kernel split connections between the two silently.
  auto twin = runToExit(daemonArgs(second, {"--port", std::to_string(port)}));
  CHECK(twin.exit == 1);
  CHECK_THAT(twin.err, Catch::Contains("port " + std::to_string(port) + " on 127.0.0.1 is in use"));
  for (int i = 0; i < 20; ++i) CHECK(test::httpRequest(port, "GET", "/healthz").status == 200);
  CHECK(terminate(handle, out).exit == 0);
}

TEST_CASE("atriumd refuses to start when its master key does not unwrap the database's secrets or may be read by others",
          "[backend][daemon][secrets][security]") {
  test::TestDatabase t;
  store::Migrator(t.db()).migrate();
  {
    core::ManualClock clock(1'900'000'000'000'000);
    base::ServerSecrets(t.db(), clock).get("manage");
  }
  auto foreign = runToExit(daemonArgs(t, {"--set", "secrets.masterKeyFile=" + (t.directory() / "other.key").string()}));
  CHECK(foreign.exit == 1);
  CHECK_THAT(foreign.err, Catch::Contains("master key") && Catch::Contains("does not unwrap server secret 'manage'"));

  auto loose = t.directory() / "loose.key";
  std::filesystem::copy_file(t.masterKeyPath(), loose);
  std::filesystem::permissions(loose, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                          std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  auto wide = runToExit(daemonArgs(t, {"--set", "secrets.masterKeyFile=" + loose.string()}));
  CHECK(wide.exit == 1);
  CHECK_THAT(wide.err, Catch::Contains("may be read by others") && Catch::Contains("chmod 600"));
}
