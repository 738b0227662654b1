import { describe, expect, it } from "vitest";
import { allowedExpiryChoices, fitExpiryChoice, isOutOfPolicy, lifetimeProblem } from "./policy";

const now = new Date("2026-12-01T12:00:00Z");

describe("lifetime policy", () => {
  it("allows anything without a maximum", () => {
    expect(lifetimeProblem(null, null, now)).toBeNull();
    expect(allowedExpiryChoices(null, now)).toContain("never");
  });

  it("refuses no expiry and a later expiry under a maximum, naming the policy", () => {
    expect(lifetimeProblem(null, 30, now)).toMatch(/at most 30 days/);
    expect(lifetimeProblem(new Date("2027-02-01T00:00:00Z"), 30, now)).toMatch(/at most 30 days/);
    expect(lifetimeProblem(new Date("2026-12-20T00:00:00Z"), 30, now)).toBeNull();
  });

  it("offers only the presets that fit", () => {
    expect(allowedExpiryChoices(30, now)).toEqual(["7d", "30d", "custom"]);
    expect(allowedExpiryChoices(366, now)).toEqual(["7d", "30d", "90d", "1y", "custom"]);
  });

  it("marks tokens beyond the maximum", () => {
    expect(isOutOfPolicy(null, 90, now)).toBe(true);
    expect(isOutOfPolicy(new Date("2027-06-01T00:00:00Z"), 90, now)).toBe(true);
    expect(isOutOfPolicy(new Date("2027-01-01T00:00:00Z"), 90, now)).toBe(false);
  });
});

describe("fitExpiryChoice", () => {
  it("keeps a choice that fits and otherwise picks the longest preset that does", () => {
    expect(fitExpiryChoice("90d", null, now)).toBe("90d");
    expect(fitExpiryChoice("90d", 30, now)).toBe("30d");
    expect(fitExpiryChoice("never", 180, now)).toBe("90d");
  });
});
