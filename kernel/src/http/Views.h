#pragma once
#include "booking/Availability.h"
#include "booking/Bookings.h"
#include "base/Business.h"
#include "booking/Clients.h"
#include "booking/Services.h"
#include "booking/Staff.h"
#include "http/JsonBody.h"
#include "plugin_host/Manifest.h"
#include "plugin_services/PluginSystem.h"

#include <functional>
#include <map>

namespace atrium::http {

/// JSON shapes of the API resources (docs/api.md). Ids are strings; times are ISO 8601,
/// both in UTC ("start") and in the business's zone ("start_local").
/// `more` may add fields before the object closes.
void writeBusiness(JsonOut& out, const base::Business& b, bool withContact, const std::function<void(JsonOut&)>& more = {});
void writeService(JsonOut& out, const booking::Service& s);
void writeStaff(JsonOut& out, const booking::StaffMember& m, bool withEmail);
void writeClient(JsonOut& out, const booking::Client& c);
/// `clientName`: the staff views add "client_name" (null for a booking without client).
/// `withClientId` false for the public pages: whether an email already had a client record
/// must not show (a new id or an old one).
void writeBooking(JsonOut& out, const booking::Booking& b, const base::Business& business,
                  const std::map<std::int64_t, std::string>* clientNames = nullptr, bool withClientId = true);
void writeSlot(JsonOut& out, const booking::Slot& s, const base::Business& business);

/// The business as the plugin host names it.
plugin_host::BusinessRef pluginRef(const base::Business& b);
/// The same, with the payload's "locale" the language of whoever reads the answer: the
/// request's (Accept-Language), or the business's when the request names none.
plugin_host::BusinessRef pluginRef(const base::Business& b, const Request& reader);
/// The query parameter `name` as a date YYYY-MM-DD; 400 naming it when missing or malformed.
base::LocalDate queryDate(const Request& r, const char* name);
/// The reader's language for messages made on their behalf: the request's, else the business's.
std::string readerLocaleOf(const Request& r, const base::Business& b);
/// A plugin's page mounts: [{"slot", "module", "url"}].
void writeWebMounts(JsonOut& out, const plugin_host::Manifest& manifest);
/// The page mounts of the plugins the business has enabled, each with the plugin's id and UI
/// strings: {"plugin", "slot", "module", "url", "ui"}. `publicPages`: the booking pages'
/// slots (booking_step, manage_booking); else the back office's per-user slots (account,
/// client_tab; settings mounts come with the features API).
void writeEnabledMounts(JsonOut& out, plugin_services::PluginSystem& plugins, const base::Business& business, bool publicPages);

} // namespace atrium::http
