// API refusals in the page language. The kernel already answers in the language the page
// asks for (api() sends it as Accept-Language; {"error": {"code", "message", "field"}});
// explain() only puts a page's own wording in its place where the page has one for
// (HTTP status, code, field): "error.<code>.<field>", then "error.<code>" (keys in
// /static/i18n/core.<locale>.json): friendlier words on the booking page, and the
// network failure no server could describe. Only fields with a single refusal have a key:
// for the others (a new password, a client's email) the server's message says which rule.
// A plugin's refusal (422 "rejected") is the plugin's own, in the client's language.
import { t, ApiError } from "/static/core/atrium.js";

// The status each known code comes with: a code under another status (a proxy's answer, a
// future route) is not the refusal these strings describe.
const STATUS = {
  network: 0, bad_request: 400, invalid_credentials: 401, unauthorized: 401, not_found: 404,
  conflict: 409, invalid: 422, internal: 500, unavailable: 503, database_unavailable: 503,
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
  if (f) keys.push(`error.${code}.${f}`);
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
