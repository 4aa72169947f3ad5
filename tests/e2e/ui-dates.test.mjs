// The back office's calendar-date helpers (web/static/app/dates.js), without a browser:
// localMidnight() gives the first instant of a local date, also on days whose clocks change
// at (America/Santiago, Asia/Beirut) or around (Europe/London) midnight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { localMidnight, dateIn, addDays, offsetOf } from "../../web/static/app/dates.js";

const utc = (iso) => new Date(iso).toISOString();

test("America/Santiago: clocks jump from 00:00 to 01:00 (the day starts at 01:00 -03), and fall back to 23:00", () => {
  assert.equal(utc(localMidnight("America/Santiago", "2026-09-06")), "2026-09-06T04:00:00.000Z");
  assert.equal(utc(localMidnight("America/Santiago", "2026-04-05")), "2026-04-05T04:00:00.000Z");
  assert.equal(utc(localMidnight("America/Santiago", "2026-07-01")), "2026-07-01T04:00:00.000Z");
  assert.equal(utc(localMidnight("America/Santiago", "2026-12-01")), "2026-12-01T03:00:00.000Z");
});

test("Europe/London: midnight of the days the clocks change at 01:00 UTC", () => {
  assert.equal(utc(localMidnight("Europe/London", "2026-03-29")), "2026-03-29T00:00:00.000Z"); // still GMT at midnight
  assert.equal(utc(localMidnight("Europe/London", "2026-10-25")), "2026-10-24T23:00:00.000Z"); // still BST at midnight
  assert.equal(utc(localMidnight("Europe/London", "2026-06-01")), "2026-05-31T23:00:00.000Z");
  assert.equal(offsetOf("Europe/London", "2026-01-15"), "+00:00");
});

test("every day of a year starts on that day and the second before is the day before", () => {
  for (const zone of ["America/Santiago", "Europe/London", "Asia/Beirut", "Asia/Kolkata", "Pacific/Chatham", "UTC"]) {
    for (let d = "2026-01-01"; d < "2027-01-01"; d = addDays(d, 1)) {
      const start = new Date(localMidnight(zone, d));
      assert.equal(dateIn(zone, start), d, `${zone} ${d}`);
      assert.equal(dateIn(zone, new Date(start.getTime() - 1000)), addDays(d, -1), `${zone} ${d} (second before)`);
    }
  }
});
