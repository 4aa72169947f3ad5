#include "booking/DemoData.h"

#include "core/Random.h"

namespace atrium::booking {

DemoLogin ensureDemo(BusinessDirectory& businesses, auth::UserAccounts& users) {
  DemoLogin login;
  login.slug = "demo";
  login.ownerEmail = "owner@demo-clinic.example";
  if (auto existing = businesses.findBySlug(login.slug)) {
    if (users.findByEmail(existing->id, login.ownerEmail)) return login;
  }
  std::optional<Business> business = businesses.findBySlug(login.slug);
  if (!business) {
    Business demo;
    demo.slug = login.slug;
    demo.name = "Demo Clinic";
    demo.timeZone = "Europe/London";
    demo.locale = "en";
    demo.contactEmail = "hello@demo-clinic.example";
    business = businesses.create(demo);
  }
  auth::NewUser owner;
  owner.businessId = business->id;
  owner.email = login.ownerEmail;
  owner.displayName = "Demo Owner";
  owner.role = auth::Role::Owner;
  owner.password = core::randomReadable(16);
  owner.mustChangePassword = true;
  users.create(owner, business->name);
  login.created = true;
  login.oneTimePassword = owner.password;
  return login;
}

} // namespace atrium::booking
