#include "booking/Clients.h"
#include "core/Text.h"
#include "core/TextInput.h"

#include "core/Errors.h"
#include "notify/Preferences.h"
#include "notify/Webhooks.h"

#include <atrium/sdk/JsonBuilder.hpp>

#include <algorithm>
#include <cctype>
#include <regex>

namespace atrium::booking {
namespace {

constexpr const char* kColumns =
    "id, business_id, name, email, phone, notes, locale, marketing_email, marketing_sms, created_at, created_by";

Client fromRow(const store::Row& r) {
  Client c;
  c.id = r.getInt("id");
  c.businessId = r.getInt("business_id");
  c.name = r.getOptionalText("name");
  c.email = r.getOptionalText("email");
  c.phone = r.getOptionalText("phone");
  c.notes = r.getOptionalText("notes");
  c.locale = r.getText("locale");
  c.marketingEmail = r.getBool("marketing_email");
  c.marketingSms = r.getBool("marketing_sms");
  c.createdAt = r.getInt("created_at");
  c.createdBy = r.getOptionalInt("created_by");
  return c;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

void normalise(Client& c) {
  if (c.email) c.email = lower(*c.email);
}

/// One client per email address in a business: the booking page finds a returning client by
/// it, and two records of one person would split their history and their consents.
void refuseTakenEmail(store::Connection& conn, std::int64_t businessId, const std::string& email, std::optional<std::int64_t> self) {
  auto row = conn.queryOne("SELECT id FROM clients WHERE business_id = ? AND email = ? AND erased_at IS NULL ORDER BY id LIMIT 1",
                           {businessId, email});
  if (row && (!self || row->getInt(0) != *self)) throw core::ConflictError("a client with this email already exists", "email");
}

} // namespace

void ClientDirectory::validate(const Client& c) {
  static const std::regex kEmail(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
  static const std::regex kPhone(R"(^\+?[0-9 ()\-]{5,31}$)");
  core::requireText("name", c.name.value_or(""), 200);
  if (c.email) core::requirePlainText("email", *c.email);
  if (c.email && (c.email->size() > 254 || !std::regex_match(*c.email, kEmail)))
    throw core::ValidationError("email", "email must be an email address such as name@example.com");
  if (c.phone && !std::regex_match(*c.phone, kPhone)) throw core::ValidationError("phone", "phone must be a phone number such as +44 20 7946 0958");
  if (!c.email && !c.phone) throw core::ValidationError("email", "an email address or a phone number is required");
  if (c.notes) core::requireText("notes", *c.notes, 4000, core::TextKind::MultiLine, false);
  if (c.locale != "en" && c.locale != "zh-TW") throw core::ValidationError("locale", "locale must be en or zh-TW");
}

ClientPage ClientDirectory::search(std::int64_t businessId, const std::string& query, int limit, int offset,
                                   std::optional<std::int64_t> onlyOfProvider) {
  ClientPage page;
  std::string where = " FROM clients WHERE business_id = ? AND erased_at IS NULL";
  store::Params params{businessId};
  if (onlyOfProvider) {
    where += " AND (id IN (SELECT client_id FROM bookings WHERE business_id = ? AND provider_id = ?) OR created_by = ?)";
    params.insert(params.end(), {businessId, *onlyOfProvider, *onlyOfProvider});
  }
  if (!query.empty()) {
    where += " AND (LOWER(name) LIKE ? OR email LIKE ? OR phone LIKE ?)"; // LOWER folds every script (SQLite: store/SqliteConnection)
    params.insert(params.end(), {"%" + core::foldCase(query) + "%", "%" + lower(query) + "%", "%" + query + "%"});
  }
  auto lease = database_.acquire();
  page.total = lease->queryOne("SELECT COUNT(*)" + where, params)->getInt(0);
  lease->forEach(std::string("SELECT ") + kColumns + where + " ORDER BY created_at DESC, id DESC LIMIT " + std::to_string(limit) +
                     " OFFSET " + std::to_string(offset),
                 params, [&page](const store::Row& r) { page.clients.push_back(fromRow(r)); });
  return page;
}

std::int64_t ClientDirectory::upcomingBookingsOf(std::int64_t businessId, const std::string& email) {
  auto lease = database_.acquire();
  return lease->queryOne("SELECT COUNT(*) FROM bookings k JOIN clients c ON c.id = k.client_id WHERE k.business_id = ? "
                         "AND c.email = ? AND k.status = 'confirmed' AND k.start_at > ?",
                         {businessId, lower(email), clock_.nowMicros()})
      ->getInt(0);
}

std::optional<std::int64_t> ClientDirectory::findByEmail(std::int64_t businessId, const std::string& email) {
  auto lease = database_.acquire();
  auto row = lease->queryOne("SELECT id FROM clients WHERE business_id = ? AND email = ? AND erased_at IS NULL ORDER BY id LIMIT 1",
                             {businessId, lower(email)});
  if (!row) return std::nullopt;
  return row->getInt(0);
}

bool ClientDirectory::isClientOf(std::int64_t businessId, std::int64_t clientId, std::int64_t providerId) {
  auto lease = database_.acquire();
  return lease->queryOne("SELECT 1 FROM bookings WHERE business_id = ? AND client_id = ? AND provider_id = ? LIMIT 1",
                         {businessId, clientId, providerId})
             .has_value() ||
         lease->queryOne("SELECT 1 FROM clients WHERE business_id = ? AND id = ? AND created_by = ?", {businessId, clientId, providerId})
             .has_value();
}

Client ClientDirectory::get(std::int64_t businessId, std::int64_t id) {
  auto lease = database_.acquire();
  auto row = lease->queryOne(std::string("SELECT ") + kColumns + " FROM clients WHERE business_id = ? AND id = ?", {businessId, id});
  if (!row) throw core::NotFoundError("no such client");
  return fromRow(*row);
}

std::map<std::int64_t, std::string> ClientDirectory::names(std::int64_t businessId, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> out;
  if (ids.empty()) return out;
  std::string sql = "SELECT id, name FROM clients WHERE business_id = ? AND id IN (";
  store::Params params{businessId};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ",?" : "?";
    params.push_back(ids[i]);
  }
  auto lease = database_.acquire();
  lease->forEach(sql + ")", params, [&out](const store::Row& r) { out[r.getInt(0)] = r.getText(1); });
  return out;
}

namespace {

std::string clientCreatedPayload(const Client& c) {
  return R"({"event":"client.created","business_id":")" + std::to_string(c.businessId) + R"(","client":{"id":")" +
         std::to_string(c.id) + R"("}})";
}

} // namespace

Client ClientDirectory::create(Client c, const base::AuditBy& by) {
  normalise(c);
  validate(c);
  c.createdAt = clock_.nowMicros();
  database_.inTransaction([&](store::Connection& conn) {
    c = findOrCreateNew(conn, c, false);
    if (audit_) audit_->record(conn, c.businessId, by, "client.created", {"client", std::to_string(c.id)});
  });
  return c;
}

Client ClientDirectory::findOrCreateNew(store::Connection& conn, Client c, bool reuseByEmail, bool* created) {
  if (created) *created = false;
  if (reuseByEmail && c.email) {
    auto row = conn.queryOne(std::string("SELECT ") + kColumns +
                                 " FROM clients WHERE business_id = ? AND email = ? AND erased_at IS NULL ORDER BY id LIMIT 1",
                             {c.businessId, *c.email});
    if (row) return fromRow(*row);
  } else if (c.email) {
    refuseTakenEmail(conn, c.businessId, *c.email, std::nullopt);
  }
  c.createdAt = clock_.nowMicros();
  if (created) *created = true;
  c.id = conn.insert("INSERT INTO clients (business_id, name, email, phone, notes, locale, marketing_email, marketing_sms, "
                       "created_at, updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {c.businessId, c.name, c.email, c.phone, c.notes, c.locale, c.marketingEmail, c.marketingSms, c.createdAt,
                        c.createdAt, c.createdBy});
  notify::Webhooks::enqueue(conn, c.businessId, "client.created", clientCreatedPayload(c), c.createdAt);
  for (auto [channel, granted] : {std::pair<const char*, bool>{"email", c.marketingEmail}, {"sms", c.marketingSms}})
    if (granted) // the opt-in is evidence: when and where it was given
      conn.execute("INSERT INTO consent_ledger (business_id, client_id, channel, category, granted, source, at) VALUES (?, ?, ?, 'promotional', 1, ?, ?)",
                   {c.businessId, c.id, channel, reuseByEmail ? "booking_form" : "back_office", c.createdAt});
  return c;
}

Client ClientDirectory::update(const Client& input, const base::AuditBy& by) {
  Client c = input;
  normalise(c);
  validate(c);
  database_.inTransaction([&](store::Connection& conn) {
    if (c.email) refuseTakenEmail(conn, c.businessId, *c.email, c.id);
    auto row = conn.queryOne(std::string("SELECT ") + kColumns + " FROM clients WHERE business_id = ? AND id = ? AND erased_at IS NULL",
                             {c.businessId, c.id});
    if (!row) throw core::NotFoundError("no such client");
    const Client before = fromRow(*row);
    std::int64_t now = clock_.nowMicros();
    auto n = conn.execute("UPDATE clients SET name = ?, email = ?, phone = ?, notes = ?, locale = ?, updated_at = ? "
                          "WHERE business_id = ? AND id = ? AND erased_at IS NULL",
                          {c.name, c.email, c.phone, c.notes, c.locale, now, c.businessId, c.id});
    if (n == 0) throw core::NotFoundError("no such client");
    notify::Preferences::set(conn, c.businessId, c.id, "email", "promotional", c.marketingEmail, "back_office", now);
    notify::Preferences::set(conn, c.businessId, c.id, "sms", "promotional", c.marketingSms, "back_office", now);
    sdk::JsonArray changed; // the names of the fields only: their values are the client's
    for (auto [field, differs] : {std::pair{"name", before.name != c.name}, {"email", before.email != c.email}, {"phone", before.phone != c.phone},
                                  {"notes", before.notes != c.notes}, {"locale", before.locale != c.locale},
                                  {"marketing_email", before.marketingEmail != c.marketingEmail},
                                  {"marketing_sms", before.marketingSms != c.marketingSms}})
      if (differs) changed.add(field);
    if (audit_ && changed.str() != "[]")
      audit_->record(conn, c.businessId, by, "client.updated", {"client", std::to_string(c.id)}, sdk::JsonObject{{"changed", changed}}.str());
  });
  return c;
}

Client ClientDirectory::findOrCreate(store::Connection& conn, Client c, bool* created) {
  normalise(c);
  validate(c);
  return findOrCreateNew(conn, c, true, created);
}

} // namespace atrium::booking
