/**
 * In-process sliding-window counters. Each server instance limits on its own;
 * that is enough to slow guessing, and keeps the hot path free of I/O.
 */
export class RateLimiter {
  private hits = new Map<string, number[]>();
  private lastSweep = Date.now();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Records one hit for `key`; says whether it is allowed and, if not, when to retry. */
  hit(key: string, now = Date.now()): { allowed: boolean; retryAfterSeconds: number } {
    this.sweep(now);
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Looks without counting. */
  blocked(key: string, now = Date.now()): { blocked: boolean; retryAfterSeconds: number } {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length < this.limit) return { blocked: false, retryAfterSeconds: 0 };
    return { blocked: true, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000)) };
  }

  reset(key: string) {
    this.hits.delete(key);
  }

  private sweep(now: number) {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, times] of this.hits) if (!times.some((t) => t > now - this.windowMs)) this.hits.delete(key);
  }
}

function envNumber(name: string, fallback: number) {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const globalLimits = globalThis as unknown as { tollgateLimits?: ReturnType<typeof createLimits> };

function createLimits() {
  return {
    signInPerAccount: new RateLimiter(envNumber("SIGNIN_LIMIT_PER_ACCOUNT", 10), 15 * 60_000),
    signInPerIp: new RateLimiter(envNumber("SIGNIN_LIMIT_PER_IP", 50), 15 * 60_000),
    apiAuthFailuresPerIp: new RateLimiter(envNumber("API_AUTH_FAILURE_LIMIT", 300), 60_000),
  };
}

export const limits = (globalLimits.tollgateLimits ??= createLimits());
