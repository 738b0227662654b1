import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHECKSUM_LENGTH,
  TOKEN_LENGTH,
  TOKEN_PATTERN,
  tokenEnvironment,
  checksum,
  displayParts,
  generateToken,
  hashToken,
  maskToken,
  parseToken,
  toBase62,
} from "./format";

const base62 = fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".split(""));

describe("token format", () => {
  it("generates tg_live_ and tg_test_ tokens that match the documented regex, parse and name their environment", () => {
    for (const environment of ["live", "test"] as const) {
      for (let i = 0; i < 100; i++) {
        const token = generateToken(environment);
        expect(token.startsWith(`tg_${environment}_`)).toBe(true);
        expect(token).toMatch(TOKEN_PATTERN);
        expect(token).toHaveLength(TOKEN_LENGTH);
        expect(parseToken(token)).toEqual({ ok: true, token });
        expect(tokenEnvironment(token)).toBe(environment);
      }
    }
  });

  it("checksums the prefix too: a live value relabelled as test is refused", () => {
    const token = generateToken("live");
    expect(parseToken(token.replace("tg_live_", "tg_test_"))).toEqual({ ok: false, reason: "checksum" });
  });

  it("generates tg_user_ personal tokens that match the documented regex and act in live", () => {
    const token = generateToken("live", "personal");
    expect(token.startsWith("tg_user_")).toBe(true);
    expect(token).toMatch(TOKEN_PATTERN);
    expect(parseToken(token)).toEqual({ ok: true, token });
    expect(tokenEnvironment(token)).toBe("live");
    // A workspace value relabelled as personal (or back) fails its checksum.
    expect(parseToken(token.replace("tg_user_", "tg_live_"))).toEqual({ ok: false, reason: "checksum" });
  });

  it("never repeats a token", () => {
    const seen = new Set(Array.from({ length: 5000 }, () => generateToken()));
    expect(seen.size).toBe(5000);
  });

  it("carries more than 160 bits of randomness", () => {
    // 27 base62 characters: log2(62^27) ≈ 160.8
    expect(27 * Math.log2(62)).toBeGreaterThan(160);
  });

  it("rejects any single-character change through the checksum", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: TOKEN_LENGTH - 1 }), base62, (index, replacement) => {
        const token = generateToken();
        fc.pre(token[index] !== replacement);
        const mutated = token.slice(0, index) + replacement + token.slice(index + 1);
        expect(parseToken(mutated).ok).toBe(false);
      }),
    );
  });

  it("refuses malformed input without throwing", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const result = parseToken(s);
        if (result.ok) expect(s).toMatch(TOKEN_PATTERN);
      }),
    );
    expect(parseToken("")).toEqual({ ok: false, reason: "malformed" });
    expect(parseToken(`tg_prod_${"a".repeat(33)}`)).toEqual({ ok: false, reason: "malformed" });
    expect(parseToken(`${generateToken()}x`)).toEqual({ ok: false, reason: "malformed" });
    expect(parseToken("x".repeat(1_000_000))).toEqual({ ok: false, reason: "malformed" });
  });

  it("reports a wrong checksum distinctly", () => {
    const token = generateToken();
    const body = token.slice(0, -CHECKSUM_LENGTH);
    const wrong = checksum(body) === "000000" ? "000001" : "000000";
    expect(parseToken(body + wrong)).toEqual({ ok: false, reason: "checksum" });
  });

  it("encodes base62 at a fixed width", () => {
    expect(toBase62(0, 6)).toBe("000000");
    expect(toBase62(61, 2)).toBe("0z");
    expect(toBase62(62, 2)).toBe("10");
    expect(toBase62(0xffffffff, 6)).toHaveLength(6);
  });

  it("hashes with SHA-256 and masks to prefix + last four", () => {
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(generateToken()));
    const parts = displayParts(token);
    expect(parts.prefix).toBe(token.slice(0, 12));
    expect(maskToken(parts)).toBe(`${token.slice(0, 12)}…${token.slice(-4)}`);
    expect(maskToken(parts)).not.toContain(token.slice(12, -4));
  });
});
