#include "http/Views.h"

#include <algorithm>

#include "base/TimeZones.h"
#include "http/HttpError.h"

namespace atrium::http {

using base::TimeZones;

void writeBusiness(JsonOut& out, const base::Business& b, bool withContact, const std::function<void(JsonOut&)>& more) {
  out.w().StartObject();
  out.idField("id", b.id).field("slug", b.slug).field("name", b.name).field("time_zone", b.timeZone).field("locale", b.locale);
  if (withContact) out.field("contact_email", b.contactEmail).field("contact_phone", b.contactPhone).field("address", b.address);
  out.field("booking_horizon_days", b.bookingHorizonDays);
  if (more) more(out);
  out.w().EndObject();
}

void writeService(JsonOut& out, const booking::Service& s) {
  out.w().StartObject();
  out.idField("id", s.id).field("name", s.name).field("description", s.description).field("duration_min", s.durationMin)
      .field("buffer_min", s.bufferMin).field("price_cents", s.priceCents).field("currency", s.currency)
      .field("capacity", s.capacity).field("active", s.active);
  out.w().EndObject();
}

void writeStaff(JsonOut& out, const booking::StaffMember& m, bool withEmail) {
  out.w().StartObject();
  out.idField("id", m.id).field("display_name", m.displayName);
  if (withEmail) out.field("email", m.email).field("role", m.role).field("bookable", m.bookable).field("active", m.active);
  out.w().EndObject();
}

void writeClient(JsonOut& out, const booking::Client& c) {
  out.w().StartObject();
  out.idField("id", c.id).field("name", c.name).field("email", c.email).field("phone", c.phone).field("notes", c.notes)
      .field("locale", c.locale).field("marketing_email", c.marketingEmail).field("marketing_sms", c.marketingSms)
      .field("created_at", TimeZones::formatUtc(c.createdAt));
  out.w().EndObject();
}

void writeBooking(JsonOut& out, const booking::Booking& b, const base::Business& business,
                  const std::map<std::int64_t, std::string>* clientNames, bool withClientId) {
  out.w().StartObject();
  out.idField("id", b.id).idField("service_id", b.serviceId).idField("provider_id", b.providerId);
  if (withClientId) {
    out.key("client_id");
    if (b.clientId) out.str(std::to_string(*b.clientId));
    else out.w().Null();
  }
  if (clientNames) {
    auto name = b.clientId ? clientNames->find(*b.clientId) : clientNames->end();
    out.key("client_name");
    if (name == clientNames->end()) out.w().Null();
    else out.str(name->second);
  }
  out.field("start", TimeZones::formatUtc(b.startAt)).field("end", TimeZones::formatUtc(b.endAt))
      .field("start_local", TimeZones::formatLocal(business.timeZone, b.startAt))
      .field("end_local", TimeZones::formatLocal(business.timeZone, b.endAt)).field("time_zone", business.timeZone)
      .field("status", b.status).field("source", b.source).field("note", b.note).field("price_cents", b.priceCents)
      .field("currency", b.currency).field("created_at", TimeZones::formatUtc(b.createdAt))
      .field("updated_at", TimeZones::formatUtc(b.updatedAt)).field("coarsened", b.coarsened);
  out.w().EndObject();
}

void writeSlot(JsonOut& out, const booking::Slot& s, const base::Business& business) {
  out.w().StartObject();
  out.field("start", TimeZones::formatUtc(s.startAt)).field("end", TimeZones::formatUtc(s.endAt))
      .field("start_local", TimeZones::formatLocal(business.timeZone, s.startAt)).idField("provider_id", s.providerId)
      .field("seats_left", s.seatsLeft);
  out.w().EndObject();
}

plugin_host::BusinessRef pluginRef(const base::Business& b) { return {b.id, b.featuresVersion, b.name, b.timeZone, b.locale}; }

base::LocalDate queryDate(const Request& r, const char* name) {
  auto text = queryString(r, name, 10);
  if (!text) throw HttpError(400, "bad_request", core::Text("{field} is required (YYYY-MM-DD)", {{"field", name}}), name);
  auto d = base::LocalDate::parse(*text);
  if (!d) throw HttpError(400, "bad_request", core::Text("{field} must be a date YYYY-MM-DD", {{"field", name}}), name);
  return *d;
}

std::string readerLocaleOf(const Request& r, const base::Business& b) {
  std::string locale = r.readerLocale();
  return locale.empty() ? b.locale : locale;
}

plugin_host::BusinessRef pluginRef(const base::Business& b, const Request& reader) {
  auto ref = pluginRef(b);
  std::string locale = reader.readerLocale();
  if (locale == "zh-TW") ref.locale = "zh-TW"; // string_views: only ever a literal or the business's own
  else if (locale == "en") ref.locale = "en";
  return ref;
}

namespace {
/// "slot", "module" and "url" (where the pages import it) of one mount.
void mountFields(JsonOut& out, const plugin_host::Manifest& manifest, const plugin_host::WebMount& m) {
  out.field("slot", m.slot).field("module", m.module).field("url", "/plugins/" + manifest.id + "/" + m.module);
}
} // namespace

void writeWebMounts(JsonOut& out, const plugin_host::Manifest& manifest) {
  out.w().StartArray();
  for (const auto& m : manifest.webMounts) {
    out.w().StartObject();
    mountFields(out, manifest, m);
    out.w().EndObject();
  }
  out.w().EndArray();
}

void writeEnabledMounts(JsonOut& out, plugin_services::PluginSystem& plugins, const base::Business& business, bool publicPages) {
  auto wanted = [publicPages](const plugin_host::WebMount& m) {
    return publicPages ? plugin_host::Manifest::isPublicWebSlot(m.slot) : (m.slot == "account" || m.slot == "client_tab");
  };
  out.w().StartArray();
  for (const auto& plugin : plugins.registry().activePlugins()) {
    const auto& manifest = plugin->manifest();
    if (std::none_of(manifest.webMounts.begin(), manifest.webMounts.end(), wanted) ||
        !plugins.dispatcher().enabledFor(pluginRef(business), manifest.id))
      continue;
    for (const auto& m : manifest.webMounts) {
      if (!wanted(m)) continue;
      out.w().StartObject();
      out.field("plugin", manifest.id);
      mountFields(out, manifest, m);
      out.raw("ui", manifest.uiJson);
      out.w().EndObject();
    }
  }
  out.w().EndArray();
}

} // namespace atrium::http
