import { describe, expect, it } from "vitest";
import { tokenCache } from "./cache";
import type { VerifiedToken } from "./verified";

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

  it("remembers an unknown hash for the time-to-live, until evicted", () => {
    const now = 2_000;
    tokenCache.setUnknown("u1", tokenCache.snapshot(), now);
    expect(tokenCache.get("u1", now)).toBeNull();
    expect(tokenCache.get("u1", now + tokenCache.ttlMs)).toBeUndefined();
    tokenCache.setUnknown("u2", tokenCache.snapshot());
    tokenCache.evict("u2"); // a creation with this hash
    expect(tokenCache.get("u2")).toBeUndefined();
  });

  it("does not remember an unknown hash read before an eviction", () => {
    const before = tokenCache.snapshot();
    tokenCache.evict("other");
    tokenCache.setUnknown("u3", before);
    expect(tokenCache.get("u3")).toBeUndefined();
  });

  it("caches a miss from load() as unknown, so the next lookup needs no read", async () => {
    let reads = 0;
    const read = async () => {
      reads++;
      return null;
    };
    expect(await tokenCache.load("u4", read)).toBeNull();
    expect(tokenCache.get("u4")).toBeNull();
    expect(reads).toBe(1);
  });

  it("keeps unknown hashes apart from real tokens: a flood of made-up values does not push a token out", () => {
    tokenCache.set("real", token, tokenCache.snapshot());
    for (let i = 0; i < tokenCache.maxEntries + 10; i++) tokenCache.setUnknown(`flood-${i}`, tokenCache.snapshot());
    expect(tokenCache.get("real")).toBe(token);
    expect(tokenCache.get("flood-0")).toBeUndefined();
    expect(tokenCache.get(`flood-${tokenCache.maxEntries + 9}`)).toBeNull();
  });
});
