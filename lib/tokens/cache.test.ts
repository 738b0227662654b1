import { describe, expect, it } from "vitest";
import { tokenCache } from "./cache";
import type { VerifiedToken } from "./verify";

const token = { id: "t1", name: "n" } as VerifiedToken;

describe("token cache", () => {
  it("serves a cached token until evicted", () => {
    tokenCache.set("h1", token, tokenCache.snapshot());
    expect(tokenCache.get("h1")).toBe(token);
    tokenCache.evict("h1");
    expect(tokenCache.get("h1")).toBeUndefined();
  });

  it("refuses to cache a lookup that started before an eviction", () => {
    const before = tokenCache.snapshot();
    tokenCache.evict("h2"); // a revocation commits while the lookup is in flight
    tokenCache.set("h2", token, before);
    expect(tokenCache.get("h2")).toBeUndefined();
  });

  it("expires entries after the time-to-live", () => {
    const now = 1_000;
    tokenCache.set("h3", token, tokenCache.snapshot(), now);
    expect(tokenCache.get("h3", now + tokenCache.ttlMs - 1)).toBe(token);
    expect(tokenCache.get("h3", now + tokenCache.ttlMs)).toBeUndefined();
  });
});
