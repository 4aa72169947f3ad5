#include "auth/UserAccounts.h"
#include "core/JsonOut.h"
#include "core/TextInput.h"

#include "auth/PasswordPolicy.h"
#include "core/Errors.h"
#include "store/DatabaseError.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace atrium::auth {

std::string_view roleName(Role role) {
  switch (role) {
  case Role::Owner: return "owner";
  case Role::Admin: return "admin";
  case Role::Staff: return "staff";
  case Role::InstallationAdmin: return "installation_admin";
  case Role::Support: return "support";
  }
  return "staff";
}

Role parseRole(std::string_view name) {
  for (Role r : {Role::Owner, Role::Admin, Role::Staff, Role::InstallationAdmin, Role::Support})
    if (roleName(r) == name) return r;
  throw core::ValidationError("role", "role must be owner, admin, staff, installation_admin or support");
}

std::string UserAccounts::normaliseEmail(std::string_view email) {
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::int64_t UserAccounts::create(const NewUser& user, const std::string& businessName, const base::AuditBy& by, bool bookable) {
  static const std::regex kEmail(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
  std::string email = normaliseEmail(user.email);
  if (email.size() > 254 || !std::regex_match(email, kEmail))
    throw core::ValidationError("email", "email must be an email address such as name@example.com");
  core::requireText("display_name", user.displayName, 200);
  core::requirePlainText("email", email);
  bool installationWide = user.role == Role::InstallationAdmin || user.role == Role::Support;
  if (installationWide == user.businessId.has_value())
    throw core::ValidationError("business", installationWide ? "installation administrators and support staff belong to no business"
                                                             : "owner, admin and staff users need a business");
  if (auto reason = PasswordPolicy::check(user.password, {email, user.displayName, businessName}))
    throw core::ValidationError("password", *reason);

  std::string hash = hasher_.hash(user.password);
  std::int64_t now = clock_.nowMicros();
  if (installationWide && findByEmail(std::nullopt, email)) // NULL business ids are never equal in a UNIQUE key
    throw core::ConflictError("an installation administrator with this email already exists", "email");
  try {
    return database_.inTransaction([&](store::Connection& c) {
      auto id = c.insert("INSERT INTO users (business_id, email, display_name, role, password_hash, must_change_password, bookable, "
                         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         {user.businessId, email, user.displayName, roleName(user.role), hash, user.mustChangePassword, bookable, now, now});
      if (audit_ && user.businessId)
        audit_->record(c, *user.businessId, by, "staff.created", {"staff", std::to_string(id)},
                       core::JsonOut::object([&](core::JsonOut& o) { o.field("role", roleName(user.role)).field("bookable", bookable); }));
      return id;
    });
  } catch (const store::DatabaseError& e) {
    if (e.kind() == store::DatabaseError::Kind::Constraint)
      throw core::ConflictError("a user with this email already exists in this business", "email");
    throw;
  }
}

std::optional<std::int64_t> UserAccounts::findByEmail(std::optional<std::int64_t> businessId, const std::string& email) {
  auto lease = database_.acquire();
  std::optional<store::Row> row =
      businessId ? lease->queryOne("SELECT id FROM users WHERE business_id = ? AND email = ?", {*businessId, normaliseEmail(email)})
                 : lease->queryOne("SELECT id FROM users WHERE business_id IS NULL AND email = ?", {normaliseEmail(email)});
  if (!row) return std::nullopt;
  return row->getInt(0);
}

} // namespace atrium::auth
