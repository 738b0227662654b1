import { env } from "../env";
import type { VerifiedToken } from "./verify";

/**
 * A small in-process cache of verified tokens keyed by hash. Regenerate and
 * delete evict on this server at once; other servers drop an entry when its
 * time-to-live runs out (TOKEN_CACHE_TTL_MS, 0 disables the cache).
 */
class TokenCache {
  private entries = new Map<string, { token: VerifiedToken; until: number }>();
  /**
   * Bumped by every eviction. A lookup that began before an eviction must not
   * cache what it read: the row it saw may be the one just revoked.
   */
  private generation = 0;
  /** Lookups in flight, so that concurrent misses for one hash share one database read. */
  private loading = new Map<string, { generation: number; promise: Promise<VerifiedToken | null> }>();
  readonly ttlMs = env.TOKEN_CACHE_TTL_MS;
  readonly maxEntries = env.TOKEN_CACHE_MAX_ENTRIES;

  get(hash: string, now = Date.now()): VerifiedToken | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.token;
  }

  /** Call before reading from the database; pass the result to `set`. */
  snapshot() {
    return this.generation;
  }

  set(hash: string, token: VerifiedToken, seenGeneration: number, now = Date.now()) {
    if (this.ttlMs === 0 || seenGeneration !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hash, { token, until: now + this.ttlMs });
  }

  /**
   * Reads a missing token once however many requests want it at the same
   * time; caches the result if `mayCache()` still holds when the read ends.
   * A request that arrives after an eviction never joins a read that began
   * before it (the generation check), so a revocation is not served stale.
   */
  load(hash: string, read: () => Promise<VerifiedToken | null>, mayCache: () => boolean = () => true) {
    const pending = this.loading.get(hash);
    if (pending && pending.generation === this.generation) return pending.promise;
    const generation = this.generation;
    const promise = read()
      .then((token) => {
        if (token && mayCache()) this.set(hash, token, generation);
        return token;
      })
      .finally(() => {
        if (this.loading.get(hash)?.promise === promise) this.loading.delete(hash);
      });
    this.loading.set(hash, { generation, promise });
    return promise;
  }

  evict(hash: string) {
    this.generation++;
    this.entries.delete(hash);
    this.loading.delete(hash);
  }

  /** Drops every token of a workspace (a suspension or a resume changes them all). */
  evictWorkspace(workspaceId: string) {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.token.workspaceId === workspaceId) this.entries.delete(hash);
    this.loading.clear();
  }

  clear() {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
  }
}

const globalCache = globalThis as unknown as { tollgateTokenCache?: TokenCache };
export const tokenCache = (globalCache.tollgateTokenCache ??= new TokenCache());
