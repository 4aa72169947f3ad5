#pragma once
#include "booking/Availability.h"
#include "base/Business.h"
#include "booking/Clients.h"
#include "booking/Services.h"
#include "booking/Staff.h"
#include "base/AuditLog.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atrium::plugin_host {
class HookDispatcher;
}

namespace atrium::booking {

struct Booking {
  std::int64_t id = 0;
  std::int64_t businessId = 0;
  std::int64_t serviceId = 0;
  std::int64_t providerId = 0;
  std::optional<std::int64_t> clientId;
  std::int64_t startAt = 0; ///< UTC microseconds
  std::int64_t endAt = 0;
  std::string status;       ///< confirmed | cancelled | completed | no_show
  std::string source;       ///< public_page | back_office | api
  std::optional<std::string> note;
  std::int64_t priceCents = 0;
  std::string currency;
  std::int64_t createdAt = 0;
  std::int64_t updatedAt = 0;
  /// Its times (and its history's) were coarsened to the first of the month (UTC) by an
  /// erasure of its client or a history purge: only the month is true.
  bool coarsened = false;
  /// Only in create()'s answer: this booking made the client's record (a new email), so
  /// whoever booked is the only one who ever gave it; not stored.
  bool clientCreated = false;
};

/// Who acts: a staff user, a client (through a manage link) or the system.
struct Actor {
  std::string kind = "system";
  std::string id;
  std::string ip; ///< where the request came from, for plugins' evidence (never stored by the kernel); empty: none
};

struct NewBooking {
  std::int64_t serviceId = 0;
  std::optional<std::int64_t> providerId; ///< empty: the first free provider
  std::int64_t startAt = 0;
  std::optional<std::int64_t> clientId;   ///< back office: an existing client
  std::optional<Client> client;           ///< public page: found by email or created
  std::optional<std::string> note;
  std::string source = "back_office";
  std::string locale = "en";              ///< for plugins' messages
  std::string extraJson = "{}";           ///< a JSON object: {"<plugin id>": {…}}, what plugins' booking-page steps posted
};

struct BookingFilter {
  std::optional<std::int64_t> from, to; ///< start_at range, UTC microseconds
  std::optional<std::string> status;
  std::vector<std::string> statuses; ///< any of these (empty: any status)
  std::optional<std::int64_t> providerId;
  std::optional<std::int64_t> clientId;
};

struct BookingPage {
  std::vector<Booking> bookings;
  std::int64_t total = 0;
};

/// One line of a booking's history: a status change, or a move (to == from == confirmed,
/// with the start before and after), with the reason a canceller gave.
struct StatusChange {
  std::optional<std::string> from;
  std::string to;
  Actor actor;
  std::int64_t at = 0;
  std::optional<std::int64_t> fromStart, toStart; ///< a move
  std::optional<std::string> reason;
};

/// Bookings of each business. No double booking, across threads and nodes: every write
/// for a provider first increments the provider's booking_seq row inside the transaction,
/// which locks it in the database (InnoDB row lock; SQLite's write lock), then checks
/// overlaps and capacity. A change by staff (or support) is audited in its transaction when an
/// audit log is given: "booking.created", "booking.moved", "booking.cancelled",
/// "booking.status_changed", with ids only (never the client's data, the note or a reason).
/// Fires booking.validate@1 (veto → core::DomainError "rejected"
/// with the plugin's message), booking.created@1 and booking.cancel_validate@1.
class Bookings {
public:
  Bookings(store::Database& database, const core::Clock& clock, ServiceCatalog& services, StaffDirectory& staff,
           ClientDirectory& clients, Availability& availability, plugin_host::HookDispatcher* hooks, base::AuditLog* audit = nullptr)
      : database_(database), clock_(clock), services_(services), staff_(staff), clients_(clients), availability_(availability),
        hooks_(hooks), audit_(audit) {}

  /// Throws core::ConflictError("the slot is no longer available") when taken.
  Booking create(const base::Business& business, const NewBooking& request, const Actor& actor);
  Booking get(std::int64_t businessId, std::int64_t id);
  BookingPage list(std::int64_t businessId, const BookingFilter& filter, int limit, int offset);
  /// `locale` (empty: the business's) is for plugins' messages.
  Booking reschedule(const base::Business& business, std::int64_t id, std::int64_t newStart, std::optional<std::int64_t> newProvider,
                     const Actor& actor, const std::string& locale = "");
  Booking cancel(const base::Business& business, std::int64_t id, const std::optional<std::string>& reason, const Actor& actor,
                 const std::string& locale = "en");
  /// confirmed → completed or no_show (only once the booking has started).
  Booking finish(const base::Business& business, std::int64_t id, const std::string& status, const Actor& actor);
  std::vector<StatusChange> history(std::int64_t businessId, std::int64_t id);
  /// Confirmed bookings of `providerId` that start on the local days [first, last] of the
  /// business's zone (what a new day off leaves standing: it cancels nothing by itself).
  std::int64_t confirmedOnDays(const base::Business& business, std::int64_t providerId, const base::LocalDate& first, const base::LocalDate& last);

private:
  /// Locks the provider and checks [start, blockedUntil) is free; inside a transaction.
  void claim(store::Connection& c, const base::Business& business, const Service& service, std::int64_t providerId,
             std::int64_t start, std::int64_t blockedUntil, std::optional<std::int64_t> ignoreBookingId);
  /// `clientVerified`: the client id is proven (staff chose it, or the client signed in / holds
  /// the booking's manage link), not only matched from a typed email.
  void validateWithPlugins(const base::Business& business, const Booking& candidate, const std::string& operation,
                           const Actor& actor, const std::string& locale, const std::string& extraJson, bool clientVerified);

  store::Database& database_;
  const core::Clock& clock_;
  ServiceCatalog& services_;
  StaffDirectory& staff_;
  ClientDirectory& clients_;
  Availability& availability_;
  plugin_host::HookDispatcher* hooks_;
  base::AuditLog* audit_;
};

} // namespace atrium::booking
