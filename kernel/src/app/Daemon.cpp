#include "app/Daemon.h"

#include "app/Kernel.h"
#include "core/Clock.h"
#include "core/Log.h"
#include "core/MasterKey.h"
#include "core/Version.h"
#include "http/Api.h"
#include "http/WebRoutes.h"
#include "jobs/Ticker.h"
#include "http/Metrics.h"
#include "http/Router.h"
#include "http/Server.h"
#include "http/SystemRoutes.h"
#include "store/DatabaseError.h"

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include <pthread.h>

namespace atrium::app {
namespace {

http::ServerSettings serverSettingsFrom(const core::Config& config) {
  http::ServerSettings s;
  s.host = config.getString("http.host");
  s.port = static_cast<std::uint16_t>(config.getInt("http.port", 0, 65535));
  s.threads = static_cast<int>(config.getInt("http.threads", 2, 10000));
  s.queue = static_cast<int>(config.getInt("http.queue", 1, 100000));
  s.keepAliveSeconds = static_cast<int>(config.getInt("http.keepAliveSeconds", 1, 3600));
  s.maxKeepAliveRequests = static_cast<int>(config.getInt("http.maxKeepAliveRequests", 1, 10000000));
  s.maxBodyBytes = static_cast<std::size_t>(config.getInt("http.maxBodyBytes", 1024, 1LL << 30));
  s.maxConnectionsPerAddress = static_cast<int>(config.getInt("http.maxConnectionsPerAddress", 1, 100000));
  s.headDeadlineMs = static_cast<int>(config.getInt("http.headTimeoutSeconds", 1, 3600)) * 1000;
  s.bodyDeadlineMs = static_cast<int>(config.getInt("http.bodyTimeoutSeconds", 1, 3600)) * 1000;
  std::string proxies = config.getString("http.trustedProxies");
  for (std::size_t start = 0; start <= proxies.size();) {
    auto comma = std::min(proxies.find(',', start), proxies.size());
    std::string one = proxies.substr(start, comma - start);
    one.erase(0, one.find_first_not_of(" \t"));
    one.erase(one.find_last_not_of(" \t") + 1);
    Poco::Net::IPAddress parsed;
    if (!one.empty() && !Poco::Net::IPAddress::tryParse(one, parsed))
      throw core::ConfigError("http.trustedProxies: '" + one + "' is not an IP address");
    if (!one.empty()) s.trustedProxies.push_back(parsed.toString());
    start = comma + 1;
  }
  return s;
}

/// Blocks the signals waitForTerminationRequest() waits for (the same set Poco uses) in
/// this thread before any other thread exists, so every thread inherits the mask. A
/// SIGTERM that arrives while the daemon is starting, or while a std::thread (tickers,
/// plugins, client libraries) happens to be the one the kernel picks, then stays pending
/// until the main thread waits for it, and shutdown is always the graceful one.
void blockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  if (std::getenv("POCO_ENABLE_DEBUGGER") == nullptr) sigaddset(&set, SIGINT);
  sigaddset(&set, SIGQUIT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

} // namespace

int Daemon::main(const std::vector<std::string>&) {
  if (!commandLine_.arguments.empty()) {
    std::cerr << "atriumd: unexpected argument '" << commandLine_.arguments[0]
              << "' (options: --config FILE, --set key=value, --port N, --data-dir DIR)\n";
    return 2;
  }
  blockTerminationSignals();
  core::SystemClock clock;
  app::OpenedDatabase opened;
  std::unique_ptr<Kernel> kernel;
  std::unique_ptr<http::Api> api;
  std::unique_ptr<http::Server> server;
  std::unique_ptr<jobs::Ticker> webhookWorker;
  std::unique_ptr<jobs::Ticker> jobRunner;
  std::unique_ptr<jobs::Ticker> notifications;
  std::unique_ptr<jobs::Ticker> reminders;
  http::Metrics metrics;
  http::Router router;
  int graceSeconds = 30;
  try {
    auto config = core::Config::load(commandLine_.sources);
    core::Log::setLevel(core::Log::parseLevel(config.getString("log.level")));
    graceSeconds = static_cast<int>(config.getInt("server.shutdownGraceSeconds", 0, 3600));
    auto serverSettings = serverSettingsFrom(config);
    // fail closed before serving: a key that does not unwrap the secrets stops the start
    opened = openDatabase(config, clock);
    auto& database = *opened.database;
    kernel = std::make_unique<Kernel>(database, clock, KernelSettings::from(config));
    kernel->loadPlugins(); // a broken plugin is logged and listed, never fatal
    http::addSystemRoutes(router, metrics, database, core::version());
    api = std::make_unique<http::Api>(kernel->apiServices(), http::ApiSettings::from(config));
    api->addRoutes(router);
    http::addWebRoutes(router, config.getString("web.root"));
    metrics.addCollector([&kernel](std::string& out) { kernel->plugins().dispatcher().renderMetrics(out); });
    server = std::make_unique<http::Server>(serverSettings, router, metrics);
    server->start();
    webhookWorker = std::make_unique<jobs::Ticker>(
        "webhooks", std::chrono::milliseconds(config.getInt("webhooks.pollMilliseconds", 100, 600000)),
        [&kernel] { kernel->webhooks().deliverDue(); });
    jobRunner = std::make_unique<jobs::Ticker>("plugin-jobs", std::chrono::seconds(config.getInt("jobs.tickSeconds", 1, 3600)),
                                               [&kernel] { kernel->plugins().runDueJobs(); });
    notifications = std::make_unique<jobs::Ticker>("notifications", std::chrono::milliseconds(config.getInt("notify.pollMilliseconds", 100, 600000)),
                                                   [&kernel] { kernel->notifier().deliverDue(); });
    reminders = std::make_unique<jobs::Ticker>("reminders", std::chrono::seconds(config.getInt("notify.reminderTickSeconds", 1, 3600)),
                                               [&kernel] { kernel->notifier().queueReminders(); });
    core::Log::info("server.started", {{"version", std::string_view(core::version())},
                                       {"address", std::string_view(serverSettings.host)},
                                       {"port", static_cast<std::int64_t>(server->port())},
                                       {"threads", static_cast<std::int64_t>(serverSettings.threads)},
                                       {"database", store::backendName(opened.database->backend())},
                                       {"migrations_applied", static_cast<std::int64_t>(opened.applied.size())},
                                       {"secrets_wrapped_now", static_cast<std::int64_t>(opened.secretsWrappedNow)},
                                       {"audit_entries_reanchored", opened.auditEntriesReanchored}});
  } catch (const core::ConfigError& e) {
    std::cerr << "atriumd: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) { // log level
    std::cerr << "atriumd: configuration error: log.level: " << e.what() << "\n";
    return 2;
  } catch (const store::DatabaseError& e) {
    std::cerr << "atriumd: cannot start: " << e.what() << "\n";
    return 1;
  } catch (const core::MasterKeyError& e) {
    std::cerr << "atriumd: cannot start: master key: " << e.what() << "\n";
    return 1;
  } catch (const Poco::Exception& e) {
    std::cerr << "atriumd: cannot start: " << e.displayText() << "\n";
    return 1;
  }

  waitForTerminationRequest();
  core::Log::info("server.stopping", {{"grace_seconds", static_cast<std::int64_t>(graceSeconds)}});
  server->stop(std::chrono::seconds(graceSeconds));
  webhookWorker.reset(); // finishes the delivery in progress
  jobRunner.reset();
  notifications.reset();
  reminders.reset();
  server.reset();
  api.reset();
  kernel.reset(); // the domain, then on_shutdown of every plugin, then unmap
  opened.database.reset();
  core::Log::info("server.stopped");
  return 0;
}

} // namespace atrium::app
