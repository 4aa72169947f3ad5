#pragma once
#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atrium::booking {

/// A client of a business. Name, email and phone are optional once erased (privacy).
struct Client {
  std::int64_t id = 0;
  std::int64_t businessId = 0;
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> notes;
  std::string locale = "en";
  bool marketingEmail = false;
  bool marketingSms = false;
  std::int64_t createdAt = 0;
  std::optional<std::int64_t> createdBy; ///< the staff member who created it (they may see it); none from the booking page
};

struct ClientPage {
  std::vector<Client> clients;
  std::int64_t total = 0;
};

/// The clients of each business. Emails are stored lower-cased; every query is scoped by
/// business. Validation errors name the field.
class ClientDirectory {
public:
  ClientDirectory(store::Database& database, const core::Clock& clock, base::AuditLog* audit = nullptr)
      : database_(database), clock_(clock), audit_(audit) {}

  /// Matches `query` against name, email and phone (case-insensitive substring); newest first.
  /// With onlyOfProvider, only clients who have a booking with that provider (staff role).
  ClientPage search(std::int64_t businessId, const std::string& query, int limit, int offset,
                    std::optional<std::int64_t> onlyOfProvider = std::nullopt);
  /// Whether the client has a booking with the provider.
  /// Confirmed bookings still to come of the client with `email` (any case) at the business.
  std::int64_t upcomingBookingsOf(std::int64_t businessId, const std::string& email);
  /// The live (not erased) client with `email` (any case) at the business, if any.
  std::optional<std::int64_t> findByEmail(std::int64_t businessId, const std::string& email);
  bool isClientOf(std::int64_t businessId, std::int64_t clientId, std::int64_t providerId);
  Client get(std::int64_t businessId, std::int64_t id);
  /// The names of the business's clients among `ids` (one query; unknown ids are left out).
  std::map<std::int64_t, std::string> names(std::int64_t businessId, const std::vector<std::int64_t>& ids);
  /// A client added or changed `by` a user is audited in the same transaction ("client.created",
  /// "client.updated" with the names of the fields that changed, never their values).
  Client create(Client client, const base::AuditBy& by = std::nullopt);
  Client update(const Client& client, const base::AuditBy& by = std::nullopt);
  /// The client with this email in the business, or a new one (public bookings),
  /// on `connection` so it joins the booking's transaction. `created`: whether it is new.
  Client findOrCreate(store::Connection& connection, Client client, bool* created = nullptr);

  static void validate(const Client& client);

private:
  Client findOrCreateNew(store::Connection& connection, Client client, bool reuseByEmail, bool* created = nullptr);

  store::Database& database_;
  const core::Clock& clock_;
  base::AuditLog* audit_;
};

} // namespace atrium::booking
