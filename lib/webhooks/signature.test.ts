import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, newSigningSecret, retryDelayMs, sign, verifySignature } from "./signature";

describe("webhook signatures", () => {
  it("verify for the right secret, body and time only", () => {
    const secret = newSigningSecret();
    const body = JSON.stringify({ type: "token.created" });
    const header = sign(secret, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header, 1_800_000_100)).toBe(true);
    expect(verifySignature(secret, `${body} `, header, 1_800_000_100)).toBe(false);
    expect(verifySignature(newSigningSecret(), body, header, 1_800_000_100)).toBe(false);
    // A replay ten minutes later is refused.
    expect(verifySignature(secret, body, header, 1_800_000_600)).toBe(false);
    expect(verifySignature(secret, body, "t=abc,v1=00", 1_800_000_000)).toBe(false);
  });

  it("back off by a factor of four, capped, for a bounded number of attempts", () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, 60_000))).toEqual([60_000, 240_000, 960_000]);
    expect(retryDelayMs(20, 60_000)).toBe(6 * 60 * 60 * 1000);
    expect(MAX_ATTEMPTS).toBeGreaterThan(3);
  });
});
