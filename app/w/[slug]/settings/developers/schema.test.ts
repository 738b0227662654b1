import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SCOPES } from "@/lib/scopes";
import { createTokenSchema, regenerateTokenSchema } from "./schema";

const valid = {
  name: "Warehouse sync",
  description: "",
  expiry: "30d",
  scopes: ["devices:read"],
  access: "all",
  deviceIds: [],
  groupIds: [],
  siteIds: [],
};

function errorsOf(input: unknown) {
  const result = createTokenSchema.safeParse(input);
  if (result.success) return null;
  const out: Record<string, string[]> = {};
  for (const issue of result.error.issues) (out[String(issue.path[0] ?? "")] ??= []).push(issue.message);
  return out;
}

describe("createTokenSchema", () => {
  it("accepts a well-formed token and trims the name", () => {
    const parsed = createTokenSchema.parse({ ...valid, name: "  Warehouse sync  " });
    expect(parsed.name).toBe("Warehouse sync");
  });

  it.each([
    ["empty", ""],
    ["only whitespace", "   \t "],
    ["65 characters", "a".repeat(65)],
    ["100,000 characters", "a".repeat(100_000)],
    ["a control character", "bad\u0007name"],
    ["a right-to-left override", "evil\u202Etxt.exe"],
    ["an emoji", "rocket 🚀"],
    ["HTML", "<script>alert(1)</script>"],
  ])("rejects a name that is %s, on the name field", (_label, name) => {
    const errors = errorsOf({ ...valid, name });
    expect(errors?.name?.length).toBeGreaterThan(0);
    expect(Object.keys(errors ?? {})).toEqual(["name"]);
  });

  it("accepts 64 characters exactly", () => {
    expect(errorsOf({ ...valid, name: "a".repeat(64) })).toBeNull();
  });

  it("keeps HTML in a description as plain text but limits its length", () => {
    expect(errorsOf({ ...valid, description: "<img src=x onerror=alert(1)>" })).toBeNull();
    expect(errorsOf({ ...valid, description: "x".repeat(501) })?.description).toBeDefined();
  });

  it("requires at least one known scope, each once", () => {
    expect(errorsOf({ ...valid, scopes: [] })?.scopes).toEqual(["Select at least one scope"]);
    expect(errorsOf({ ...valid, scopes: ["devices:delete"] })?.scopes).toBeDefined();
    expect(errorsOf({ ...valid, scopes: ["devices:read", "devices:read"] })?.scopes).toBeDefined();
    expect(errorsOf({ ...valid, scopes: "devices:read" })?.scopes).toBeDefined();
  });

  it("needs a resource when access is scoped", () => {
    expect(errorsOf({ ...valid, access: "scoped" })?.resources).toEqual(["Select at least one device, group or site"]);
    expect(errorsOf({ ...valid, access: "scoped", groupIds: ["g1"] })).toBeNull();
    expect(errorsOf({ ...valid, access: "scoped", deviceIds: [42] })?.deviceIds).toBeDefined();
  });

  it("validates custom expiry dates", () => {
    expect(errorsOf({ ...valid, expiry: "custom" })?.customExpiry).toEqual(["Pick a date"]);
    expect(errorsOf({ ...valid, expiry: "custom", customExpiry: "2001-01-01" })?.customExpiry).toBeDefined();
    expect(errorsOf({ ...valid, expiry: "custom", customExpiry: "9999-12-31" })?.customExpiry).toBeDefined();
    expect(errorsOf({ ...valid, expiry: "custom", customExpiry: "not a date" })?.customExpiry).toBeDefined();
    expect(errorsOf({ ...valid, expiry: "forever" })?.expiry).toBeDefined();
  });

  it("reports every problem in one pass: field errors and the checks across fields together", () => {
    const errors = errorsOf({
      ...valid,
      name: "",
      scopes: ["devices:read", "audit:read"],
      access: "scoped",
      expiry: "custom",
      customExpiry: "2020-01-01",
      ipAllowlist: "192.0.2.1\nexample.com\n10.0.0.0/33",
      rateLimitPerMinute: "lots",
    });
    expect(Object.keys(errors ?? {}).sort()).toEqual(["customExpiry", "ipAllowlist", "name", "rateLimitPerMinute", "resources", "scopes"]);
    expect(errors?.ipAllowlist?.[0]).toMatch(/line 2 “example.com”, line 3 “10.0.0.0\/33”/);
    // Input of the wrong shape still gets field errors, never an exception from the checks across fields.
    expect(() =>
      createTokenSchema.safeParse({ access: "scoped", scopes: "nope", deviceIds: 5, expiry: "custom", customExpiry: 7 }),
    ).not.toThrow();
    expect(Object.keys(errorsOf({ access: "scoped", scopes: "nope", deviceIds: 5, expiry: "custom", customExpiry: 7 }) ?? {})).toEqual(
      expect.arrayContaining(["name", "scopes", "deviceIds", "customExpiry", "resources"]),
    );
  });

  it("never throws and never accepts a name outside the rules (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: "grapheme" }), fc.subarray([...SCOPES]), (name, scopes) => {
        const result = createTokenSchema.safeParse({ ...valid, name, scopes });
        if (result.success) {
          expect(result.data.name.length).toBeGreaterThanOrEqual(1);
          expect(result.data.name.length).toBeLessThanOrEqual(64);
          expect(result.data.name).toBe(result.data.name.trim());
          expect(result.data.scopes.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("accepts any non-empty set of catalogue scopes (property)", () => {
    fc.assert(
      fc.property(fc.subarray([...SCOPES], { minLength: 1 }), (scopes) => {
        expect(createTokenSchema.safeParse({ ...valid, scopes }).success).toBe(true);
      }),
    );
  });
});

describe("regenerateTokenSchema", () => {
  it("needs the token id, the version seen and an expiry", () => {
    expect(regenerateTokenSchema.safeParse({ tokenId: "t1", version: 3, expiry: "90d" }).success).toBe(true);
    expect(regenerateTokenSchema.safeParse({ tokenId: "t1", expiry: "90d" }).success).toBe(false);
    expect(regenerateTokenSchema.safeParse({ tokenId: "t1", version: 1, expiry: "custom" }).success).toBe(false);
  });
});
