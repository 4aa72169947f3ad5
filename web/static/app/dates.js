// Calendar dates ("YYYY-MM-DD") in a time zone: pure functions (no DOM, no imports), so
// they can be tested with `node --test` (tests/e2e/ui-dates.test.mjs). ui.js re-exports them.

/// "YYYY-MM-DD" of an instant in a time zone.
/// Assembled from the formatter's parts: what a locale's short date looks like changes between
/// ICU versions ("en-CA" gives 2026-01-01 in one and 01/01/2026 in Debian 12's Node 18).
export function dateIn(timeZone, instant = new Date()) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant);
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/// The zone's UTC offset ("+01:00"; "+00:00" for UTC itself) at an instant, or "Z" when unknown.
export function offsetAt(timeZone, instant) {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(instant).find((p) => p.type === "timeZoneName")?.value;
  if (name === "GMT") return "+00:00"; // ICU writes a zero offset as plain "GMT" (Node 18, Chromium)
  const m = name?.match(/GMT([+-]\d{2}):?(\d{2})?/);
  return m ? `${m[1]}:${m[2] || "00"}` : "Z";
}

/// The zone's UTC offset ("+01:00") around noon of a local date.
export function offsetOf(timeZone, date) { return offsetAt(timeZone, new Date(`${date}T12:00:00Z`)); }

/// The ISO time of the first instant of the local `date` in the zone ("…T00:00:00-04:00").
/// The offset at noon is a first guess; on days whose clocks change near midnight (Europe/London
/// in spring, America/Santiago, Asia/Beirut) the offset at the guessed instant is the right one.
export function localMidnight(timeZone, date) {
  const noon = offsetOf(timeZone, date);
  const guess = new Date(`${date}T00:00:00${noon === "Z" ? "Z" : noon}`);
  const off = offsetAt(timeZone, guess);
  return `${date}T00:00:00${off === "Z" ? "Z" : off}`;
}

/// `date` plus `days` days ("YYYY-MM-DD").
export function addDays(date, days) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
