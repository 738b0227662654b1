import { env } from "../env";
import { metrics } from "../ops/metrics";
import type { VerifiedToken } from "./verified";

/**
 * A small in-process cache of verified tokens keyed by hash. Regenerate and
 * delete evict on this server at once; other servers drop an entry when its
 * time-to-live runs out (TOKEN_CACHE_TTL_MS, 0 disables the cache).
 *
 * It also remembers, for the same time, hashes the database did not know, so
 * a client repeating a wrong or revoked value costs no query per request.
 * That cannot delay a new token: a hash enters the database only when its
 * secret is generated (190 random bits, shown once), so nobody can have
 * presented it before; creation evicts it here all the same. Unknown hashes
 * live in their own map with their own cap, so a flood of made-up values can
 * only push out other made-up values, never a real token's entry.
 *
 * An entry past its time-to-live is kept (within the cap) until
 * TOKEN_OUTAGE_GRACE_MS after it was read: while the database cannot be
 * reached, `stale` lets a token verified that recently keep working
 * (lib/tokens/verify.ts). Evictions remove entries at once, as always.
 */
class TokenCache {
  private entries = new Map<string, { token: VerifiedToken; until: number; readAt: number }>();
  private unknown = new Map<string, number>();
  /**
   * Bumped by every eviction. A lookup that began before an eviction must not
   * cache what it read: the row it saw may be the one just revoked.
   */
  private generation = 0;
  /**
   * Hashes the database answered with a valid token in the last day (by when):
   * their lookups skip the lane for unfamiliar values (lib/tokens/lookups.ts),
   * so a flood of made-up values never delays a token this server has served.
   */
  private familiar = new Map<string, number>();
  /** Lookups in flight, so that concurrent misses for one hash share one database read. */
  private loading = new Map<string, { generation: number; promise: Promise<VerifiedToken | null> }>();
  readonly ttlMs = env.TOKEN_CACHE_TTL_MS;
  readonly maxEntries = env.TOKEN_CACHE_MAX_ENTRIES;

  /** The token; null when the database did not know the hash a moment ago; undefined when nothing is cached. */
  get(hash: string, now = Date.now()): VerifiedToken | null | undefined {
    const unknownUntil = this.unknown.get(hash);
    if (unknownUntil !== undefined) {
      if (unknownUntil > now) return null;
      this.unknown.delete(hash);
    }
    const entry = this.entries.get(hash);
    if (!entry) {
      metrics.tokenCache.inc({ event: "miss" });
      return undefined;
    }
    if (entry.until <= now) {
      if (now - entry.readAt > env.TOKEN_OUTAGE_GRACE_MS) this.entries.delete(hash);
      metrics.tokenCache.inc({ event: "miss" });
      return undefined;
    }
    metrics.tokenCache.inc({ event: "hit" });
    return entry.token;
  }

  /**
   * During a database outage only: the token as last read, if that read is
   * at most `maxAgeMs` old, whatever its time-to-live. Nothing can be revoked
   * while the database is unreachable, and an eviction (a revocation heard
   * before the outage) has removed the entry.
   */
  stale(hash: string, maxAgeMs: number, now = Date.now()): VerifiedToken | undefined {
    const entry = this.entries.get(hash);
    if (!entry || now - entry.readAt > maxAgeMs) return undefined;
    metrics.tokenCache.inc({ event: "outage_served" });
    return entry.token;
  }

  /** Whether the database answered `hash` with a valid token within the last day (see `familiar`). */
  isFamiliar(hash: string, now = Date.now()): boolean {
    const until = this.familiar.get(hash);
    if (until === undefined) return false;
    if (until > now) return true;
    this.familiar.delete(hash);
    return false;
  }

  private markFamiliar(hash: string, now = Date.now()) {
    this.familiar.delete(hash);
    if (this.familiar.size >= this.maxEntries) {
      const oldest = this.familiar.keys().next().value;
      if (oldest !== undefined) this.familiar.delete(oldest);
    }
    this.familiar.set(hash, now + FAMILIAR_MS);
  }

  /** Call before reading from the database; pass the result to `set`. */
  snapshot() {
    return this.generation;
  }

  set(hash: string, token: VerifiedToken, seenGeneration: number, now = Date.now()) {
    // With the cache off (TTL 0) an entry is still kept for the outage window, but never served as fresh.
    if ((this.ttlMs === 0 && env.TOKEN_OUTAGE_GRACE_MS === 0) || seenGeneration !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(hash);
    this.entries.set(hash, { token, until: now + this.ttlMs, readAt: now });
  }

  /**
   * A read that may not be served from the cache (the revocation listener is
   * not connected) still replaces what `stale` would serve in an outage: the
   * database's latest answer, never an older one. Never fresh (expired at once).
   */
  private keepForOutage(hash: string, token: VerifiedToken | null, seenGeneration: number, now = Date.now()) {
    if (!token || seenGeneration !== this.generation) {
      this.entries.delete(hash);
      return;
    }
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(hash, { token, until: now, readAt: now });
  }

  /** Remembers that the database had no token for `hash` (same rules as `set`); any token cached for it is gone. */
  setUnknown(hash: string, seenGeneration: number, now = Date.now()) {
    this.entries.delete(hash);
    if (this.ttlMs === 0 || seenGeneration !== this.generation) return;
    if (this.unknown.size >= this.maxEntries) {
      const oldest = this.unknown.keys().next().value;
      if (oldest !== undefined) this.unknown.delete(oldest);
    }
    this.unknown.delete(hash);
    this.unknown.set(hash, now + this.ttlMs);
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
        if (token) this.markFamiliar(hash);
        if (mayCache()) {
          if (token) this.set(hash, token, generation);
          else this.setUnknown(hash, generation);
        } else this.keepForOutage(hash, token, generation);
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
    metrics.tokenCache.inc({ event: "eviction" });
    this.entries.delete(hash);
    this.unknown.delete(hash);
    this.loading.delete(hash);
    this.familiar.delete(hash);
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
    this.unknown.clear();
    this.loading.clear();
    this.familiar.clear();
  }
}

const FAMILIAR_MS = 24 * 60 * 60 * 1000;

const globalCache = globalThis as unknown as { tollgateTokenCache?: TokenCache };
export const tokenCache = (globalCache.tollgateTokenCache ??= new TokenCache());
