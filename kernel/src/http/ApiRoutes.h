#pragma once
#include "http/ApiContext.h"
#include "http/Auth.h"
#include "http/Router.h"

namespace atrium::http {

/// /api/v1/auth/… and /api/v1/me: sign in (with the second-factor step), out, password.
void addAuthRoutes(Router& router, ApiContext& api, Authenticator& auth);
/// /api/v1/public/{slug}/…: what anyone may see and do on a business's booking page.
void addPublicRoutes(Router& router, ApiContext& api);
/// /api/v1/services, /api/v1/staff/…: the business's catalogue and people.
void addCatalogRoutes(Router& router, ApiContext& api, Authenticator& auth);
/// /api/v1/clients, /api/v1/bookings: the back office's daily work.
void addBookingRoutes(Router& router, ApiContext& api, Authenticator& auth);
/// /api/v1/features/… (a business's plugins) and /api/v1/admin/… (installation administrators).
void addAdminRoutes(Router& router, ApiContext& api, Authenticator& auth);

/// /api/v1/webhooks: a business's webhooks and their delivery log (owners and admins).
void addWebhookRoutes(Router& router, ApiContext& api, Authenticator& auth);

/// Routes plugins registered (STAFF: /api/v1/plugins/<id>/<path>; PUBLIC:
/// /api/v1/public/{slug}/plugins/<id>/<path>) and GET /plugins/<id>/<file> (web assets).
void addPluginRoutes(Router& router, ApiContext& api, Authenticator& auth);

/// /api/v1/privacy/… (data views, exports, erasure, records of processing; privacy mode
/// required), /api/v1/audit, /api/v1/support-codes and /api/v1/support/redeem.
void addPrivacyRoutes(Router& router, ApiContext& api, Authenticator& auth);

/// /api/v1/notifications/… (outbox, templates, preview, settings, campaigns),
/// /api/v1/public/unsubscribe/{token} (RFC 8058 one-click) and /api/v1/admin/outbox.
void addNotifyRoutes(Router& router, ApiContext& api, Authenticator& auth);

/// Every route of the REST API.
inline void addApiRoutes(Router& router, ApiContext& api, Authenticator& auth) {
  addAuthRoutes(router, api, auth);
  addPublicRoutes(router, api);
  addCatalogRoutes(router, api, auth);
  addBookingRoutes(router, api, auth);
  addAdminRoutes(router, api, auth);
  addWebhookRoutes(router, api, auth);
  addPrivacyRoutes(router, api, auth);
  addNotifyRoutes(router, api, auth);
  addPluginRoutes(router, api, auth);
}

} // namespace atrium::http
