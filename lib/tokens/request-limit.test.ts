import { RateLimiterMemory } from "rate-limiter-flexible";
import { describe, expect, it } from "vitest";
import { batchFor, RequestLimits } from "./request-limit";

/** A shared store like the rate_limits table: one count per token per window, for every server. */
const store = () => new RateLimiterMemory({ keyPrefix: "t", points: 2 ** 31 - 1, duration: 60 });

async function drive(servers: RequestLimits[], requests: number, limit: number) {
  let allowed = 0;
  const decisions = [];
  for (let i = 0; i < requests; i++) {
    const d = await servers[i % servers.length].take("tok", limit);
    decisions.push(d);
    if (d.allowed) allowed++;
  }
  return { allowed, decisions };
}

describe("per-token request limits", () => {
  it("claims a twentieth of the limit at a time, between 1 and 1,000", () => {
    expect(batchFor(10)).toBe(1);
    expect(batchFor(600)).toBe(30);
    expect(batchFor(10_000_000)).toBe(1_000);
  });

  it("allows exactly the limit in a window on one server, counting down, then refuses until the window ends", async () => {
    const { allowed, decisions } = await drive([new RequestLimits(store())], 130, 120);
    expect(allowed).toBe(120);
    expect(decisions.slice(0, 3).map((d) => d.remaining)).toEqual([119, 118, 117]);
    expect(decisions[119]).toMatchObject({ allowed: true, remaining: 0 });
    const refused = decisions[120];
    expect(refused).toMatchObject({ allowed: false, limit: 120, remaining: 0 });
    expect(refused.resetSeconds).toBeGreaterThan(0);
    expect(refused.resetSeconds).toBeLessThanOrEqual(60);
  });

  it("never allows more than the limit across servers sharing one store", async () => {
    const shared = store();
    const servers = [new RequestLimits(shared), new RequestLimits(shared), new RequestLimits(shared)];
    const { allowed } = await drive(servers, 1_500, 1_000);
    expect(allowed).toBeLessThanOrEqual(1_000);
    // Unspent batches count as used, so at most (servers - 1) batches are refused early.
    expect(allowed).toBeGreaterThanOrEqual(1_000 - 2 * batchFor(1_000));
  });

  it("holds under concurrent requests on one server", async () => {
    const limits = new RequestLimits(store());
    const decisions = await Promise.all(Array.from({ length: 300 }, () => limits.take("tok", 200)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(200);
  });

  it("keeps tokens apart and treats 0 as no limit", async () => {
    const limits = new RequestLimits(store());
    await drive([limits], 5, 5);
    expect((await limits.take("tok", 5)).allowed).toBe(false);
    expect((await limits.take("other", 5)).allowed).toBe(true);
    expect(await limits.take("free", 0)).toEqual({ allowed: true, limit: 0, remaining: 0, resetSeconds: 0 });
  });
});
