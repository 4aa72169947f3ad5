#pragma once
#include "base/ServerSecrets.h"

#include <cstdint>
#include <optional>
#include <string>

namespace atrium::auth {

/// The signed tokens of a booking's manage link. Both kinds open, cancel and move the
/// booking. Only a *contact* token also changes the client's message choices (booking and
/// promotional messages): it is the one emailed to the client's address, or the one shown
/// to whoever booked when that booking created the client (nobody else ever gave that
/// address). A token shown after booking with the email of an existing client is plain, so
/// a stranger who types someone else's address cannot opt them in or switch their booking
/// messages off.
inline std::string manageToken(base::ServerSecrets& secrets, std::int64_t bookingId, bool contact) {
  return secrets.sign(contact ? "manage-contact" : "manage", "booking:" + std::to_string(bookingId));
}

/// nullopt: not a manage token of this booking; else whether it is a contact token.
inline std::optional<bool> verifyManageToken(base::ServerSecrets& secrets, std::int64_t bookingId, const std::string& token) {
  std::string subject = "booking:" + std::to_string(bookingId);
  if (secrets.verify("manage-contact", subject, token)) return true;
  if (secrets.verify("manage", subject, token)) return false;
  return std::nullopt;
}

} // namespace atrium::auth
