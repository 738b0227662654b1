import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows up to the limit in a window, then says when to retry", () => {
    const limiter = new RateLimiter(3, 60_000);
    const t = 1_000_000;
    expect(limiter.hit("a", t).allowed).toBe(true);
    expect(limiter.hit("a", t + 1).allowed).toBe(true);
    expect(limiter.hit("a", t + 2).allowed).toBe(true);
    const refused = limiter.hit("a", t + 3);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(60);
    expect(limiter.hit("a", t + 60_001).allowed).toBe(true);
  });

  it("keeps clients apart: one client's failures never block another", () => {
    const limiter = new RateLimiter(2, 60_000);
    limiter.hit("attacker");
    limiter.hit("attacker");
    expect(limiter.blocked("attacker").blocked).toBe(true);
    expect(limiter.blocked("victim").blocked).toBe(false);
    expect(limiter.hit("victim").allowed).toBe(true);
  });
});
