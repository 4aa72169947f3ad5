// API refusals in the page language. The kernel answers errors in English
// ({"error": {"code", "message", "field"}}); explain() picks a string of the page's
// language by (HTTP status, code, field): "error.<code>.<field>", then "error.<code>"
// (keys in /static/i18n/core.<locale>.json). Anything it does not know keeps the server's
// own message, and so does a plugin's refusal (422 "rejected": the plugin wrote it in the
// client's language already).
import { t, ApiError } from "/static/core/atrium.js";

// The status each known code comes with: a code under another status (a proxy's answer, a
// future route) is not the refusal these strings describe.
const STATUS = {
  network: 0, bad_request: 400, invalid_credentials: 401, unauthorized: 401, not_found: 404,
  conflict: 409, invalid: 422, internal: 500, unavailable: 503, database_unavailable: 503,
};

// Refusals that share (status, code, field) but say different things: a phrase of the
// kernel's English message (kernel/src/booking/Clients.cpp, auth/PasswordPolicy.cpp,
// auth/Sessions.cpp) picks the more exact "error.<code>.<field>.<detail>". A message that
// matches none gets the field's general string.
const DETAILS = {
  "invalid client.email": [[/required/, "required"]],
  "invalid new_password": [
    [/must differ/, "same"], [/at least/, "short"], [/at most 256/, "long"],
    [/single character/, "repeated"], [/commonly used/, "common"], [/name, email or business/, "personal"],
  ],
};

const known = (key) => t(key) !== key;

/// The message to show for `error` (an ApiError, or any Error) in the page language.
/// opts.field names what the call site knows the refusal is about when the server names no
/// field (e.g. "second_factor" for a sign-in's code, whose 401 is the same as a password's).
export function explain(error, { field } = {}) {
  if (!error) return "";
  const message = error.message || String(error);
  const code = error.code;
  if (!code || !(code in STATUS) || STATUS[code] !== error.status) return message;
  const f = error.field || field;
  const keys = [];
  if (f) {
    const detail = (DETAILS[`${code} ${f}`] || []).find(([re]) => re.test(message));
    if (detail) keys.push(`error.${code}.${f}.${detail[1]}`);
    keys.push(`error.${code}.${f}`);
  }
  keys.push(`error.${code}`);
  const key = keys.find(known);
  return key ? t(key) : message;
}

/// `error` with its message explained, for showError(): same status, code and field (so the
/// message still goes beside the input the server named); `error` itself when nothing changes.
export function explained(error, opts) {
  if (!error) return error;
  const message = explain(error, opts);
  if (message === error.message) return error;
  return new ApiError(error.status, { error: { code: error.code, message, field: error.field || undefined } });
}
