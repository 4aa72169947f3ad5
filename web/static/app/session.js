// The signed-in user and business (GET /api/v1/me), in memory only.
/// `notice`: one message for the next page shown (e.g. what a second factor asks to finish).
export const session = { me: null, notice: null };

/// The business's time zone (the dashboard's "today", booking times).
export function zone() { return session.me?.business?.time_zone || "UTC"; }
