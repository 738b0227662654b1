import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "../env";
import { limiter } from "../rate-limit";

/**
 * The limit of a token without one of its own: its workspace's default when
 * an owner set one, else the server's API_TOKEN_RATE_LIMIT (0: unlimited).
 */
export function effectiveDefaultRateLimit(workspaceDefault: number | null | undefined): number {
  return workspaceDefault ?? env.API_TOKEN_RATE_LIMIT;
}

/**
 * Per-token request limits (requests per minute) that hold across servers
 * without a database round trip on an allowed request's path.
 *
 * The count of a token's window lives in rate-limiter-flexible's store (the
 * shared `rate_limits` table on PostgreSQL, memory on SQLite). A server does
 * not count each request there: it claims a batch of the window's points at
 * once and spends them locally, claiming the next batch in the background
 * when half of it is left. A claim is one atomic increment, so servers
 * together never allow more than the limit; unspent points of a batch count
 * as used, so a server may refuse up to (servers − 1) × batch requests early
 * in a busy window. The first request of a window on a server waits for one
 * claim (one round trip per token per minute per server).
 */
export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the count starts again. */
  resetSeconds: number;
}

const WINDOW_SECONDS = 60;
/** Far above any limit: the store counts, this module decides. */
const STORE_POINTS = 2 ** 31 - 1;
const MAX_WINDOWS = 50_000;

/** The batch a server claims: a twentieth of the limit, between 1 and 1,000 requests. */
export function batchFor(limit: number) {
  return Math.max(1, Math.min(1_000, Math.floor(limit / 20)));
}

interface Window {
  limit: number;
  /** When the window ends (ms); 0 until the first claim says. */
  end: number;
  /** Points this server holds and has not spent. */
  left: number;
  /** The window's count in the store (every server's claims) at the last claim. */
  counted: number;
  /** The store's count reached the limit: no further claim can succeed this window. */
  spent: boolean;
  claiming: Promise<void> | null;
  /** The last claim could not reach the store. */
  failed: boolean;
}

export class RequestLimits {
  private windows = new Map<string, Window>();

  constructor(private readonly store: RateLimiterAbstract) {}

  async take(tokenId: string, limit: number, now = Date.now()): Promise<LimitDecision> {
    if (limit <= 0) return { allowed: true, limit: 0, remaining: 0, resetSeconds: 0 };
    let window = this.windows.get(tokenId);
    if (!window || (window.end !== 0 && window.end <= now) || window.limit !== limit) {
      window = { limit, end: 0, left: 0, counted: 0, spent: false, claiming: null, failed: false };
      this.remember(tokenId, window, now);
      this.claim(tokenId, window);
    }
    // Nothing held: wait for a claim (a burst can spend a batch before the background claim lands).
    while (window.left <= 0 && (window.claiming || !window.spent)) {
      this.claim(tokenId, window);
      const claimed = window.left;
      await window.claiming;
      if (window.left === claimed && window.left <= 0 && window.failed) break;
    }
    const resetSeconds = Math.max(1, Math.ceil((window.end - Date.now()) / 1000));
    if (window.left <= 0) return { allowed: false, limit, remaining: 0, resetSeconds };
    window.left -= 1;
    if (window.left <= batchFor(limit) / 2 && !window.spent) this.claim(tokenId, window);
    return { allowed: true, limit, remaining: this.remaining(window), resetSeconds };
  }

  /** What is left for every server together: the limit less the store's count, plus what this server holds unspent. */
  private remaining(window: Window) {
    return Math.max(0, Math.min(window.limit, window.limit - window.counted + window.left));
  }

  private claim(tokenId: string, window: Window) {
    if (window.claiming) return;
    const batch = batchFor(window.limit);
    window.claiming = this.store
      .consume(tokenId, batch)
      .then((res) => {
        const before = res.consumedPoints - batch;
        const granted = Math.max(0, Math.min(batch, window.limit - before));
        window.left += granted;
        window.failed = false;
        window.counted = Math.min(res.consumedPoints, window.limit);
        window.spent = res.consumedPoints >= window.limit;
        if (window.end === 0) window.end = Date.now() + res.msBeforeNext;
      })
      .catch(() => {
        // The store was unreachable and its insurance refused: this batch is not granted; the next request tries again.
        window.failed = true;
        if (window.end === 0) window.end = Date.now() + 1_000;
      })
      .finally(() => {
        window.claiming = null;
      });
  }

  private remember(tokenId: string, window: Window, now: number) {
    if (this.windows.size >= MAX_WINDOWS) {
      for (const [id, w] of this.windows) if (w.end !== 0 && w.end <= now) this.windows.delete(id);
      if (this.windows.size >= MAX_WINDOWS) this.windows.delete(this.windows.keys().next().value!);
    }
    this.windows.set(tokenId, window);
  }

  /** A revoked or deleted token's window is forgotten with it. */
  forget(tokenId: string) {
    this.windows.delete(tokenId);
  }
}

function createRequestLimits() {
  return new RequestLimits(limiter("token_rpm", STORE_POINTS, WINDOW_SECONDS));
}

const globalLimits = globalThis as unknown as { tollgateRequestLimits?: RequestLimits };
export const requestLimits = (globalLimits.tollgateRequestLimits ??= createRequestLimits());
