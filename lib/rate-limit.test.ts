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

describe("RateLimiter memory", () => {
  it("keeps constant state per key however many hits it sees", () => {
    const limiter = new RateLimiter(1_000_000_000, 60_000);
    for (let i = 0; i < 100_000; i++) limiter.hit("busy", 1_000 + i);
    const windows = (limiter as unknown as { windows: Map<string, object> }).windows;
    expect(windows.size).toBe(1);
    expect(Object.keys(windows.get("busy")!)).toEqual(["start", "count", "previous"]);
  });

  it("lets a blocked client back in gradually as the previous window slides away", () => {
    const limiter = new RateLimiter(10, 60_000);
    for (let i = 0; i < 10; i++) limiter.hit("c", i);
    expect(limiter.blocked("c", 30_000).blocked).toBe(true);
    // Half-way through the next window only half of the old hits still count.
    expect(limiter.blocked("c", 60_000 + 30_000).blocked).toBe(false);
  });
});
