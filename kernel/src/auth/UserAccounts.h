#pragma once
#include "auth/PasswordHasher.h"
#include "core/Clock.h"
#include "base/AuditLog.h"
#include "store/Database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::auth {

/// owner, admin and staff belong to one business; an installation administrator and
/// support staff belong to none and never see a business's data (support only through a
/// temporary code the business grants).
enum class Role { Owner, Admin, Staff, InstallationAdmin, Support };

std::string_view roleName(Role role);
/// Throws core::ValidationError("role") for an unknown name.
Role parseRole(std::string_view name);

struct NewUser {
  std::optional<std::int64_t> businessId; ///< required unless role is InstallationAdmin
  std::string email;
  std::string displayName;
  Role role = Role::Staff;
  std::string password;
  bool mustChangePassword = false; ///< one-time passwords handed out by the CLI
};

/// System-user accounts (the back office's people). Emails are stored lower-cased.
/// Throws core::ValidationError naming the field, core::ConflictError for a taken email.
class UserAccounts {
public:
  UserAccounts(store::Database& database, const core::Clock& clock, PasswordHasher& hasher, base::AuditLog* audit = nullptr)
      : database_(database), clock_(clock), hasher_(hasher), audit_(audit) {}

  /// Returns the new user's id. A business's user added `by` someone is audited in the same
  /// transaction ("staff.created", with the role and whether clients can book them).
  std::int64_t create(const NewUser& user, const std::string& businessName = {}, const base::AuditBy& by = std::nullopt,
                      bool bookable = false);
  std::optional<std::int64_t> findByEmail(std::optional<std::int64_t> businessId, const std::string& email);

  static std::string normaliseEmail(std::string_view email);

private:
  store::Database& database_;
  const core::Clock& clock_;
  PasswordHasher& hasher_;
  base::AuditLog* audit_;
};

} // namespace atrium::auth
