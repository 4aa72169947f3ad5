#pragma once
#include "booking/Availability.h"
#include "booking/Bookings.h"
#include "booking/Business.h"
#include "booking/Clients.h"
#include "booking/Services.h"
#include "booking/Staff.h"
#include "http/JsonBody.h"

namespace atrium::http {

/// JSON shapes of the API resources (docs/api.md). Ids are strings; times are ISO 8601,
/// both in UTC ("start") and in the business's zone ("start_local").
void writeBusiness(JsonOut& out, const booking::Business& b, bool withContact);
void writeService(JsonOut& out, const booking::Service& s);
void writeStaff(JsonOut& out, const booking::StaffMember& m, bool withEmail);
void writeClient(JsonOut& out, const booking::Client& c);
void writeBooking(JsonOut& out, const booking::Booking& b, const booking::Business& business);
void writeSlot(JsonOut& out, const booking::Slot& s, const booking::Business& business);

} // namespace atrium::http
