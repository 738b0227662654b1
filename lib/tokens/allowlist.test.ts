import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowlistAllows, parseAllowlist } from "./allowlist";

describe("parseAllowlist", () => {
  it("normalises addresses and ranges and merges duplicates", () => {
    expect(parseAllowlist("203.0.113.7\n198.51.100.77/24, 2001:DB8:0:0::1/32\n\n::ffff:192.0.2.1\n203.0.113.7")).toEqual({
      ok: true,
      entries: ["203.0.113.7", "198.51.100.0/24", "2001:db8::/32", "192.0.2.1"],
    });
    expect(parseAllowlist("   ")).toEqual({ ok: true, entries: [] });
  });

  it("names an entry that is not an address or range, with its line", () => {
    for (const bad of ["example.com", "10.0.0.0/33", "1.2.3", "::1/129", "10.0.0.1/8/2"]) {
      const result = parseAllowlist(`192.0.2.1\n${bad}`);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(new RegExp(`^Line 2: “${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}”`));
    }
  });

  it("names every bad entry in one message, by line, counting those past the tenth", () => {
    const result = parseAllowlist("192.0.2.1\nexample.com\n\n10.0.0.0/33, 198.51.100.0/24, nope");
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^3 entries are not IP addresses or CIDR ranges: line 2 “example.com”, line 4 “10.0.0.0\/33”, line 4 “nope” \(for example/,
      ),
    });
    const many = parseAllowlist(Array.from({ length: 12 }, (_, i) => `bad${i}`).join("\n"));
    expect(many.ok === false && many.error).toMatch(/line 10 “bad9” and 2 more \(/);
  });

  it("reads an IPv4-mapped range as the IPv4 range it maps, so it matches; refuses one that is wider than the mapping", () => {
    const parsed = parseAllowlist("::ffff:198.51.100.0/120\n::ffff:203.0.113.9/128");
    expect(parsed).toEqual({ ok: true, entries: ["198.51.100.0/24", "203.0.113.9"] });
    const entries = parsed.ok ? parsed.entries : [];
    expect(allowlistAllows(entries, "198.51.100.77")).toBe(true);
    expect(allowlistAllows(entries, "::ffff:198.51.100.77")).toBe(true);
    expect(allowlistAllows(entries, "198.51.101.1")).toBe(false);
    expect(parseAllowlist("::ffff:0:0/95").ok).toBe(false);
  });

  it("caps the list at 50 entries", () => {
    const many = Array.from({ length: 51 }, (_, i) => `192.0.2.${i}`).join("\n");
    expect(parseAllowlist(many).ok).toBe(false);
  });
});

describe("allowlistAllows", () => {
  it("allows any address when empty, and only listed ones otherwise, for IPv4, IPv6 and CIDR", () => {
    expect(allowlistAllows([], "198.51.100.1")).toBe(true);
    const list = ["203.0.113.7", "198.51.100.0/24", "2001:db8::/32"];
    expect(allowlistAllows(list, "203.0.113.7")).toBe(true);
    expect(allowlistAllows(list, "203.0.113.8")).toBe(false);
    expect(allowlistAllows(list, "198.51.100.250")).toBe(true);
    expect(allowlistAllows(list, "2001:db8:1::5")).toBe(true);
    expect(allowlistAllows(list, "2001:db9::5")).toBe(false);
    expect(allowlistAllows(list, "::ffff:203.0.113.7")).toBe(true);
    expect(allowlistAllows(list, "not an address")).toBe(false);
  });

  it("an address in a /24 is allowed exactly when its first three octets match", () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(allowlistAllows(["198.51.100.0/24"], ip)).toBe(ip.startsWith("198.51.100."));
      }),
    );
  });
});
