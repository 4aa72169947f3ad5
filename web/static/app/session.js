// The signed-in user and business (GET /api/v1/me), in memory only.
export const session = { me: null };

/// The business's time zone (the dashboard's "today", booking times).
export function zone() { return session.me?.business?.time_zone || "UTC"; }
