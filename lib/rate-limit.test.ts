import { RateLimiterMemory } from "rate-limiter-flexible";
import { describe, expect, it } from "vitest";
import { FailureBudget } from "./rate-limit";

const budget = (points: number, duration = 60) =>
  new FailureBudget(new RateLimiterMemory({ points, duration, keyPrefix: `t${Math.random()}` }), points);

describe("FailureBudget", () => {
  it("blocks a key after its failures reach the limit, and says when to retry", async () => {
    const b = budget(3);
    expect((await b.fail("a")).blocked).toBe(false);
    expect((await b.fail("a")).blocked).toBe(false);
    const third = await b.fail("a");
    expect(third.blocked).toBe(true);
    expect(third.retryAfterSeconds).toBeGreaterThan(0);
    expect(third.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Remembered in memory: the hot path's check needs no store.
    expect(b.blocked("a").blocked).toBe(true);
  });

  it("keeps clients apart: one key's failures never block another", async () => {
    const b = budget(2);
    await b.fail("attacker");
    await b.fail("attacker");
    expect(b.blocked("attacker").blocked).toBe(true);
    expect(b.blocked("victim").blocked).toBe(false);
    expect((await b.attempt("victim")).blocked).toBe(false);
  });

  it("a server sees the count another server left in the shared store", async () => {
    const store = new RateLimiterMemory({ points: 2, duration: 60, keyPrefix: "shared" });
    const serverA = new FailureBudget(store, 2);
    const serverB = new FailureBudget(store, 2);
    await serverA.fail("k");
    await serverA.fail("k");
    expect(serverB.blocked("k").blocked).toBe(false); // B has not seen it yet…
    expect((await serverB.attempt("k")).blocked).toBe(true); // …until it asks the store
    expect(serverB.blocked("k").blocked).toBe(true);
  });

  it("forgets a block when its window ends", async () => {
    const b = budget(1, 1);
    await b.fail("k");
    expect(b.blocked("k").blocked).toBe(true);
    expect(b.blocked("k", Date.now() + 1_500).blocked).toBe(false);
  });

  it("remembers a bounded number of blocked keys under a flood of distinct keys", async () => {
    const b = budget(1);
    for (let i = 0; i < 12_000; i++) await b.fail(`k${i}`);
    const remembered = (b as unknown as { blockedUntil: Map<string, number> }).blockedUntil;
    expect(remembered.size).toBeLessThanOrEqual(10_000);
    expect(b.blocked("k11999").blocked).toBe(true);
  });
});

describe("FailureBudget attempts", () => {
  it("counts attempts before their outcome, so parallel attempts cannot all pass", async () => {
    const b = budget(3);
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => b.attempt("account")));
    expect(verdicts.filter((v) => !v.blocked)).toHaveLength(3);
  });

  it("gives a successful attempt back: successes never use up the budget", async () => {
    const b = budget(2);
    for (let i = 0; i < 10; i++) {
      expect((await b.attempt("office")).blocked).toBe(false);
      await b.forgive("office");
    }
    await b.attempt("office");
    await b.attempt("office");
    expect((await b.attempt("office")).blocked).toBe(true);
  });
});
