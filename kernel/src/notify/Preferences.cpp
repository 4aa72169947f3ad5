#include "notify/Preferences.h"

#include "core/Errors.h"

#include <sstream>
#include <vector>

namespace atrium::notify {
namespace {

std::string column(const std::string& channel, const std::string& category) {
  if (category == "promotional") return channel == "email" ? "marketing_email" : "marketing_sms";
  return channel == "email" ? "service_email" : "service_sms";
}

} // namespace

bool Preferences::allowed(store::Connection& c, std::int64_t businessId, std::int64_t clientId, const std::string& channel,
                          const std::string& category) {
  if (!validChannel(channel) || !validCategory(category)) throw core::ValidationError("channel", "unknown channel or category");
  auto row = c.queryOne("SELECT " + column(channel, category) + " FROM clients WHERE business_id = ? AND id = ? AND erased_at IS NULL",
                        {businessId, clientId});
  if (!row) throw core::NotFoundError("no such client");
  return row->getBool(0);
}

void Preferences::set(store::Connection& c, std::int64_t businessId, std::int64_t clientId, const std::string& channel,
                      const std::string& category, bool granted, const std::string& source, std::int64_t now) {
  if (allowed(c, businessId, clientId, channel, category) == granted) return;
  c.execute("UPDATE clients SET " + column(channel, category) + " = ?, updated_at = ? WHERE business_id = ? AND id = ?",
            {granted, now, businessId, clientId});
  c.execute("INSERT INTO consent_ledger (business_id, client_id, channel, category, granted, source, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {businessId, clientId, channel, category, granted, source, now});
}

std::string Preferences::unsubscribeToken(base::ServerSecrets& secrets, const Target& t) {
  std::string payload = "u1." + std::to_string(t.businessId) + "." + std::to_string(t.clientId) + "." + t.channel + "." + t.category;
  return payload + "." + secrets.sign("unsubscribe", payload);
}

std::optional<Preferences::Target> Preferences::verify(base::ServerSecrets& secrets, const std::string& token) {
  auto dot = token.rfind('.');
  if (dot == std::string::npos || token.size() > 200) return std::nullopt;
  std::string payload = token.substr(0, dot);
  if (!secrets.verify("unsubscribe", payload, token.substr(dot + 1))) return std::nullopt;
  std::vector<std::string> parts;
  std::stringstream in(payload);
  for (std::string p; std::getline(in, p, '.');) parts.push_back(p);
  if (parts.size() != 5 || parts[0] != "u1" || !validChannel(parts[3]) || !validCategory(parts[4])) return std::nullopt;
  try {
    return Target{std::stoll(parts[1]), std::stoll(parts[2]), parts[3], parts[4]};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

} // namespace atrium::notify
