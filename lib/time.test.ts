import { describe, expect, it } from "vitest";
import { addDays, addHours, addMinutes, addSeconds, addYears } from "date-fns";
import { calendarDate, relativeTime } from "./time";

const now = new Date("2026-12-01T12:00:00Z");

describe("relativeTime", () => {
  it("says 'just now' instead of '0 seconds ago'", () => {
    expect(relativeTime(now, now)).toBe("just now");
    expect(relativeTime(addSeconds(now, -40), now)).toBe("just now");
    expect(relativeTime(addSeconds(now, 30), now)).toBe("in less than a minute");
  });

  it("uses one unit per range, rounded", () => {
    expect(relativeTime(addMinutes(now, -5), now)).toBe("5 minutes ago");
    expect(relativeTime(addHours(now, 6), now)).toBe("in 6 hours");
    expect(relativeTime(addHours(now, -30), now)).toBe("1 day ago");
    expect(relativeTime(addDays(now, 3), now)).toBe("in 3 days");
  });

  it("moves to the next unit when the rounded amount reaches it", () => {
    expect(relativeTime(addSeconds(addHours(now, 1), -5), now)).toBe("in 1 hour");
    expect(relativeTime(addMinutes(addHours(now, 24), -10), now)).toBe("in 1 day");
    expect(relativeTime(addHours(addDays(now, 365), -3), now)).toBe("in 1 year");
  });

  it("matches the expiry choices: 90 days reads as 90 days, not 3 months", () => {
    // A token created a few seconds ago with the 90-day expiry.
    expect(relativeTime(addSeconds(addDays(now, 90), -5), now)).toBe("in 90 days");
    expect(relativeTime(addDays(now, 30), now)).toBe("in 30 days");
    expect(relativeTime(addYears(now, 1), now)).toBe("in 1 year");
  });
});

describe("calendarDate", () => {
  it("names the day", () => {
    expect(calendarDate(new Date(2027, 2, 1, 10))).toBe("1 Mar 2027");
  });
});
