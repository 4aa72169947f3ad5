#include "core/Config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace atrium::core {
namespace {

constexpr std::array kKeys{
    ConfigKey{"http.host", "127.0.0.1", "Address the HTTP server binds to."},
    ConfigKey{"http.port", "8080", "TCP port of the HTTP server (shortcut: --port)."},
    ConfigKey{"http.threads", "128",
              "Worker threads. Each keep-alive connection holds one thread while open, so size "
              "this above the number of concurrent keep-alive clients."},
    ConfigKey{"http.queue", "512", "Accepted connections that may wait for a free thread."},
    ConfigKey{"http.keepAliveSeconds", "10", "Idle time after which a keep-alive connection is closed."},
    ConfigKey{"http.maxKeepAliveRequests", "10000", "Requests served on one connection before it is closed."},
    ConfigKey{"http.maxBodyBytes", "1048576", "Largest accepted request body; larger bodies get 413."},
    ConfigKey{"http.maxConnectionsPerAddress", "32",
              "Open connections one client address may hold (trusted proxies excepted); more are closed at accept."},
    ConfigKey{"http.headTimeoutSeconds", "10",
              "Time a connection may take to send a request head, counted from its start or the previous answer "
              "(idle keep-alive included); then it is closed."},
    ConfigKey{"http.bodyTimeoutSeconds", "30", "Time a request body may take in all; then 408 and the connection is closed."},
    ConfigKey{"public.requestsPerMinute", "300",
              "Requests one client address may make to a business's public routes per minute (per node); "
              "more get 429 with Retry-After. 0 switches the limit off."},
    ConfigKey{"public.bookingsPerHourPerAddress", "20",
              "Bookings one client address may make through the booking pages per hour (per node). 0: no limit."},
    ConfigKey{"public.bookingsPerMinutePerBusiness", "60",
              "Bookings one business may receive through its booking page per minute (per node). 0: no limit."},
    ConfigKey{"booking.maxPendingPerEmail", "5",
              "Upcoming confirmed bookings one email address may hold at a business through the booking page. 0: no limit."},
    ConfigKey{"notify.maxEmailsPerRecipientPerHour", "10",
              "Emails one address may receive per hour across all businesses; more are suppressed (shown in the outbox)."},
    ConfigKey{"http.trustedProxies", "",
              "Comma-separated IP addresses of reverse proxies (e.g. 127.0.0.1 for nginx on the same "
              "host) whose X-Forwarded-For names the client; from any other peer it is ignored."},
    ConfigKey{"server.shutdownGraceSeconds", "30",
              "On SIGTERM/SIGINT: how long in-flight requests may take to finish."},
    ConfigKey{"data.dir", "var", "Data directory: SQLite database, the master key file (shortcut: --data-dir)."},
    ConfigKey{"secrets.masterKeyFile", "",
              "File holding the 256-bit master key that wraps the server secrets and keys the audit chain "
              "(32 bytes, mode 0600, created on first start); empty means master.key in the data directory."},
    ConfigKey{"secrets.masterKey", "",
              "The master key as 64 hex digits instead of the file (prefer ATRIUM_SECRETS_MASTERKEY); every node needs the same key."},
    ConfigKey{"database.backend", "sqlite", "sqlite (embedded, default) or mysql (MariaDB/MySQL)."},
    ConfigKey{"database.sqlite.path", "",
              "SQLite database file; empty means atrium.db in the data directory."},
    ConfigKey{"database.pool.size", "16", "Most database connections open at once."},
    ConfigKey{"database.pool.timeoutMs", "5000",
              "How long a request waits for a free connection before it gets 503."},
    ConfigKey{"database.mysql.host", "127.0.0.1", "MariaDB/MySQL server host."},
    ConfigKey{"database.mysql.port", "3306", "MariaDB/MySQL server port."},
    ConfigKey{"database.mysql.socket", "", "Unix socket path; when set it is used instead of host/port."},
    ConfigKey{"database.mysql.user", "atrium", "MariaDB/MySQL user."},
    ConfigKey{"database.mysql.password", "", "MariaDB/MySQL password (prefer ATRIUM_DATABASE_MYSQL_PASSWORD)."},
    ConfigKey{"database.mysql.database", "atrium", "Schema (database) name; it must exist."},
    ConfigKey{"database.mysql.connectTimeoutSeconds", "5", "Connect timeout for each new connection."},
    ConfigKey{"database.mysql.readTimeoutSeconds", "30",
              "A query that gets no answer for this long fails and its connection is replaced."},
    ConfigKey{"plugins.dir", "", "Directory of installed plugin libraries (*.so); empty means plugins/ in the data directory."},
    ConfigKey{"web.root", "web", "Folder of the pages (back office, booking pages, installation admin): web/ of the source tree or of the installation."},
    ConfigKey{"privacy.processorNoticeUrl", "",
              "Address of the installation operator's own privacy notice (as processor), linked beside every business's terms; empty: none."},
    ConfigKey{"plugins.safeModeFaults", "5", "Faults of one plugin for one business within the window that suspend it for that business (it fails closed there until atrium plugins enable lifts it)."},
    ConfigKey{"plugins.safeModeWindowSeconds", "300", "The window, in seconds, in which plugins.safeModeFaults faults suspend a plugin for a business."},
    ConfigKey{"webhooks.allowPrivateTargets", "false",
              "Allow webhook URLs on loopback, private or link-local addresses (refused by default against SSRF)."},
    ConfigKey{"webhooks.pollMilliseconds", "2000", "How often the webhook worker looks for due deliveries."},
    ConfigKey{"jobs.tickSeconds", "30", "How often each node looks for due plugin jobs (each runs once across nodes)."},
    ConfigKey{"privacy.windowSeconds", "300",
              "How long a re-authentication opens privacy mode (data views, exports, erasure) for the session."},
    ConfigKey{"notify.smtp.host", "", "SMTP server for email; empty: emails wait in the outbox (visible to owners) until one is set."},
    ConfigKey{"notify.smtp.port", "25", "SMTP port (587 with STARTTLS is usual)."},
    ConfigKey{"notify.smtp.user", "", "SMTP AUTH LOGIN user; empty: no authentication."},
    ConfigKey{"notify.smtp.password", "", "SMTP password (prefer ATRIUM_NOTIFY_SMTP_PASSWORD)."},
    ConfigKey{"notify.smtp.starttls", "false", "Upgrade the SMTP connection with STARTTLS (required when it is offered over the internet)."},
    ConfigKey{"notify.smtp.from", "Atrium <no-reply@localhost>", "Envelope and From address; the business's name is shown as the sender's name."},
    ConfigKey{"notify.sms.url", "", "SMS gateway endpoint (HTTP POST); empty: SMS wait in the outbox."},
    ConfigKey{"notify.sms.token", "", "Sent to the gateway as Authorization: Bearer <token>."},
    ConfigKey{"notify.sms.bodyTemplate", "{\"to\":\"{{to}}\",\"text\":\"{{text}}\"}", "The gateway's JSON body; {{to}} and {{text}} are filled, JSON-escaped."},
    ConfigKey{"notify.publicUrl", "http://127.0.0.1:8080", "Base URL of links in messages (manage booking, unsubscribe)."},
    ConfigKey{"notify.pollMilliseconds", "2000", "How often each node looks for messages to send."},
    ConfigKey{"notify.reminderTickSeconds", "60", "How often each node looks for reminders that are due."},
    ConfigKey{"notify.maxAttempts", "8", "Attempts before a message is marked failed (backoff from 1 minute doubling, at most 12 hours apart)."},
    ConfigKey{"notify.leaseSeconds", "120", "A node that stops mid-delivery leaves its message to the other nodes after this."},
    ConfigKey{"log.level", "info", "debug, info, warn or error."},
    ConfigKey{"http.secureCookies", "false",
              "Mark cookies Secure (set true whenever clients reach Atrium over HTTPS, e.g. behind a TLS proxy)."},
    ConfigKey{"auth.sessionIdleSeconds", "1800", "A session unused this long ends."},
    ConfigKey{"auth.sessionAbsoluteSeconds", "43200", "A session ends this long after sign-in, used or not."},
    ConfigKey{"auth.lockoutFailures", "10", "Consecutive failed sign-ins that lock an account (not revealed to the client)."},
    ConfigKey{"auth.lockoutSeconds", "900", "How long such a lock lasts."},
    ConfigKey{"auth.hashConcurrency", "4",
              "Password hashes computed at once (each takes 19 MiB); further logins wait."},
};

std::string trim(std::string s) {
  auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
  s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
  return s;
}

bool isKnown(std::string_view key) {
  return std::any_of(kKeys.begin(), kKeys.end(), [&](const ConfigKey& k) { return k.name == key; });
}

} // namespace

std::span<const ConfigKey> Config::knownKeys() { return kKeys; }

std::string Config::environmentName(std::string_view key) {
  std::string env = "ATRIUM_";
  for (char c : key) env += (c == '.') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return env;
}

void Config::set(const std::string& key, std::string value, const std::string& source) {
  if (!isKnown(key)) throw ConfigError("unknown configuration key '" + key + "' (from " + source + ")");
  values_[key] = trim(std::move(value));
  sources_[key] = source;
}

Config Config::fromOverrides(const std::vector<std::pair<std::string, std::string>>& overrides) {
  Sources sources;
  sources.file = "-";
  sources.overrides = overrides;
  sources.readEnvironment = false;
  return load(sources);
}

Config Config::load(const Sources& sources) {
  Config config;
  for (const auto& key : kKeys) config.set(std::string(key.name), std::string(key.defaultValue), "default");

  std::string file = sources.file;
  if (file.empty() && std::filesystem::exists("config/atrium.properties")) file = "config/atrium.properties";
  if (!file.empty() && file != "-") {
    if (!std::filesystem::exists(file)) throw ConfigError("configuration file not found: " + file);
    try {
      Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> props(new Poco::Util::PropertyFileConfiguration(file));
      std::vector<std::string> stack{""};
      while (!stack.empty()) { // walk the dotted key tree
        std::string prefix = stack.back();
        stack.pop_back();
        Poco::Util::AbstractConfiguration::Keys children;
        props->keys(prefix, children);
        for (const auto& child : children) {
          std::string full = prefix.empty() ? child : prefix + "." + child;
          if (props->hasOption(full)) config.set(full, props->getRawString(full), file);
          Poco::Util::AbstractConfiguration::Keys grandChildren;
          props->keys(full, grandChildren);
          if (!grandChildren.empty()) stack.push_back(full);
        }
      }
    } catch (const Poco::Exception& e) {
      throw ConfigError("cannot read configuration file " + file + ": " + e.displayText());
    }
    config.filePath_ = file;
  }

  if (sources.readEnvironment) {
    for (const auto& key : kKeys) {
      if (const char* v = std::getenv(environmentName(key.name).c_str())) config.set(std::string(key.name), v, "environment");
    }
  }
  for (const auto& [key, value] : sources.overrides) config.set(key, value, "command line");
  return config;
}

const std::string& Config::getString(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw ConfigError("unknown configuration key '" + std::string(key) + "'");
  return it->second;
}

const std::string& Config::sourceOf(std::string_view key) const {
  auto it = sources_.find(key);
  if (it == sources_.end()) throw ConfigError("unknown configuration key '" + std::string(key) + "'");
  return it->second;
}

std::int64_t Config::getInt(std::string_view key, std::int64_t min, std::int64_t max) const {
  const std::string& raw = getString(key);
  std::size_t used = 0;
  std::int64_t value = 0;
  try {
    value = std::stoll(raw, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (raw.empty() || used != raw.size())
    throw ConfigError(std::string(key) + " must be a whole number, got '" + raw + "' (from " + sourceOf(key) + ")");
  if (value < min || value > max)
    throw ConfigError(std::string(key) + " must be between " + std::to_string(min) + " and " + std::to_string(max) +
                      ", got " + raw + " (from " + sourceOf(key) + ")");
  return value;
}

bool Config::getBool(std::string_view key) const {
  const std::string& raw = getString(key);
  if (raw == "true" || raw == "yes" || raw == "1" || raw == "on") return true;
  if (raw == "false" || raw == "no" || raw == "0" || raw == "off") return false;
  throw ConfigError(std::string(key) + " must be true or false, got '" + raw + "' (from " + sourceOf(key) + ")");
}

} // namespace atrium::core
