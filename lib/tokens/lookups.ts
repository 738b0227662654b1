import pLimit from "p-limit";

/**
 * The database lookups of values this server has never seen valid go through
 * one narrow lane: at most `concurrency` at a time, at most `queue` waiting,
 * and any more are refused at once (the API answers 503 with Retry-After).
 * A flood of made-up values, each a database read, then costs a few reads in
 * flight instead of hundreds, and tokens this server knows (cached, or seen
 * valid before: TokenCache.isFamiliar) never wait in it. `concurrency` 0: no lane.
 * The queue should be deep: a refusal is so cheap that a client sending made-up
 * values as fast as it is answered comes back sooner (bench/flood.ts measured
 * a queue of 32 making a flood four times as frequent).
 */
export class LookupsBusy extends Error {
  readonly code = "TOKEN_LOOKUPS_BUSY";
  constructor() {
    super("Too many unfamiliar tokens are being checked at once");
  }
}

/** By its code, not instanceof: the lane lives on globalThis and Next.js may load this module more than once. */
export function isLookupsBusy(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "TOKEN_LOOKUPS_BUSY";
}

export type LookupGate = <T>(work: () => Promise<T>) => Promise<T>;

export function lookupGate(concurrency: number, queue: number, onShed: () => void = () => {}): LookupGate {
  if (concurrency === 0) return (work) => work();
  const limit = pLimit(concurrency);
  return (work) => {
    if (limit.activeCount >= concurrency && limit.pendingCount >= queue) {
      onShed();
      return Promise.reject(new LookupsBusy());
    }
    return limit(work);
  };
}
