import { describe, expect, it } from "vitest";
import { customDateProblem, daysLeft, expiresAt, expiryChoiceFor, parseCustomDate } from "./expiry";

const now = new Date("2026-11-23T10:00:00Z");

describe("expiry", () => {
  it("computes presets from now", () => {
    expect(expiresAt("7d", undefined, now)?.toISOString()).toBe("2026-11-30T10:00:00.000Z");
    expect(expiresAt("1y", undefined, now)?.toISOString()).toBe("2027-11-23T10:00:00.000Z");
    expect(expiresAt("never", undefined, now)).toBeNull();
    expect(expiresAt("custom", "2027-01-15", now)?.toISOString()).toBe("2027-01-15T23:59:59.999Z");
  });

  it("rejects custom dates that are not real, in the past or absurdly far", () => {
    expect(parseCustomDate("2027-02-30")).toBeNull();
    expect(parseCustomDate("tomorrow")).toBeNull();
    expect(customDateProblem(undefined, now)).toBe("Pick a date");
    expect(customDateProblem("2026-11-22", now)).toBe("Pick a date in the future");
    expect(customDateProblem("9999-12-31", now)).toMatch(/within 5 years/);
    expect(customDateProblem("2027-06-01", now)).toBeNull();
  });

  it("counts whole days left, rounding up", () => {
    expect(daysLeft(new Date("2026-11-23T09:00:00Z"), now)).toBeNull();
    expect(daysLeft(new Date("2026-11-23T12:00:00Z"), now)).toBe(1);
    expect(daysLeft(new Date("2026-11-28T10:00:00Z"), now)).toBe(5);
  });
});

describe("expiryChoiceFor", () => {
  const issued = new Date("2026-06-01T10:00:00Z");
  it("keeps the lifetime the current value had", () => {
    expect(expiryChoiceFor(issued, null)).toBe("never");
    expect(expiryChoiceFor(issued, new Date("2026-07-01T10:00:00Z"))).toBe("30d");
    expect(expiryChoiceFor(issued, new Date("2027-06-01T10:00:00Z"))).toBe("1y");
  });
  it("falls back to the default for a custom date", () => {
    expect(expiryChoiceFor(issued, new Date("2026-06-20T23:59:59Z"))).toBe("90d");
  });
});
