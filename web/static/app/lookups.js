// Names for the ids in bookings: services, staff and clients, fetched once per page view.
import { api } from "/static/core/atrium.js";

const cache = { services: null, staff: null, clients: new Map() };

/// Forgets everything (after a change to services or staff).
export function forget() { cache.services = null; cache.staff = null; cache.clients.clear(); }

export async function services() {
  if (!cache.services) cache.services = (await api("GET", "/api/v1/services?include_inactive=1")).services;
  return cache.services;
}

export async function staff() {
  if (!cache.staff) cache.staff = (await api("GET", "/api/v1/staff")).staff;
  return cache.staff;
}

/// Client names for the ids given (GET /api/v1/clients/{id} for the ones not known yet), for
/// bookings that come without client_name.
export async function clientNames(ids) {
  const missing = [...new Set(ids.filter((id) => id && !cache.clients.has(id)))];
  await Promise.all(missing.map(async (id) => {
    try { cache.clients.set(id, (await api("GET", `/api/v1/clients/${id}`)).client); }
    catch { cache.clients.set(id, null); }
  }));
  return (id) => cache.clients.get(id) || null;
}

/// Remembers clients already fetched by a list (saves the lookups above).
export function rememberClients(list) { for (const c of list) cache.clients.set(c.id, c); }

/// A lookup function id -> name for a list with `id` and a name field.
export function namer(list, key) {
  const m = new Map(list.map((x) => [x.id, x[key]]));
  return (id) => m.get(id) ?? (id ? `#${id}` : "");
}
