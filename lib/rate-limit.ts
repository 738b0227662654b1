/**
 * In-process rate limits, per key, as a sliding window approximated by two
 * fixed windows (the previous window's count weighted by how much of it
 * still overlaps). Constant memory and time per key, whatever the traffic;
 * each server instance limits on its own, which is enough to slow guessing
 * and keeps the hot path free of I/O.
 */
interface Window {
  start: number;
  count: number;
  previous: number;
}

export class RateLimiter {
  private windows = new Map<string, Window>();
  private lastSweep = Date.now();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Records one hit for `key`; says whether it is allowed and, if not, when to retry. */
  hit(key: string, now = Date.now()): { allowed: boolean; retryAfterSeconds: number } {
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = { start: now, count: 0, previous: 0 }));
    this.roll(window, now);
    if (this.estimate(window, now) >= this.limit) return { allowed: false, retryAfterSeconds: this.retryAfter(window, now) };
    window.count++;
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Looks without counting. */
  blocked(key: string, now = Date.now()): { blocked: boolean; retryAfterSeconds: number } {
    const window = this.windows.get(key);
    if (!window) return { blocked: false, retryAfterSeconds: 0 };
    this.roll(window, now);
    if (this.estimate(window, now) < this.limit) return { blocked: false, retryAfterSeconds: 0 };
    return { blocked: true, retryAfterSeconds: this.retryAfter(window, now) };
  }

  reset(key: string) {
    this.windows.delete(key);
  }

  private roll(window: Window, now: number) {
    const passed = Math.floor((now - window.start) / this.windowMs);
    if (passed < 1) return;
    window.previous = passed === 1 ? window.count : 0;
    window.count = 0;
    window.start += passed * this.windowMs;
  }

  private estimate(window: Window, now: number) {
    const overlap = 1 - (now - window.start) / this.windowMs;
    return window.previous * overlap + window.count;
  }

  private retryAfter(window: Window, now: number) {
    return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
  }

  private sweep(now: number) {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (now - window.start >= 2 * this.windowMs) this.windows.delete(key);
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
