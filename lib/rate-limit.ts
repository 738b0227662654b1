import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { databaseConfig } from "./db/config";
import { describeError } from "./db/errors";
import { env } from "./env";
import { log } from "./ops/log";

/**
 * Failure budgets (rate-limiter-flexible): only failures are counted, so a
 * client that gets things right never waits on a limiter. On PostgreSQL the
 * counts live in the shared `rate_limits` table, so N servers give an
 * attacker the budget of one; on SQLite (one server) they live in memory.
 * Keys a server has seen exhausted are remembered in memory until their
 * window ends, so refusing a blocked client costs no I/O either.
 */
export interface LimitState {
  blocked: boolean;
  retryAfterSeconds: number;
  /** After a counted failure: failures left in the window, and seconds until it ends (for RateLimit headers). */
  remaining?: number;
  resetSeconds?: number;
}

const OPEN: LimitState = { blocked: false, retryAfterSeconds: 0 };
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
const MAX_REMEMBERED_BLOCKS = 10_000;

export class FailureBudget {
  private blockedUntil = new Map<string, number>();

  constructor(
    private readonly limiter: RateLimiterAbstract,
    readonly points: number,
    /** The window's length; failures older than it no longer count. */
    readonly windowSeconds = 60,
  ) {}

  /** Whether `key` is known to be blocked; memory only. */
  blocked(key: string, now = Date.now()): LimitState {
    const until = this.blockedUntil.get(key);
    if (until === undefined) return OPEN;
    if (until <= now) {
      this.blockedUntil.delete(key);
      return OPEN;
    }
    return { blocked: true, retryAfterSeconds: seconds(until - now), remaining: 0, resetSeconds: seconds(until - now) };
  }

  /**
   * Counts an attempt before its outcome is known, so that concurrent
   * attempts cannot all pass a check made before any of them failed; call
   * `forgive` when it succeeds. Refused once the budget is spent.
   */
  async attempt(key: string): Promise<LimitState> {
    const known = this.blocked(key);
    if (known.blocked) return known;
    try {
      await this.limiter.consume(key, 1);
      return OPEN;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return this.remember(key, rejection.msBeforeNext);
      throw rejection;
    }
  }

  /** Gives back the point an `attempt` took: a success never counts. */
  async forgive(key: string) {
    await this.limiter.reward(key, 1);
  }

  /** Counts one failure against `key`; says whether the key is now blocked. */
  async fail(key: string): Promise<LimitState> {
    try {
      const res = await this.limiter.consume(key, 1);
      if (res.remainingPoints <= 0) return this.remember(key, res.msBeforeNext);
      return { ...OPEN, remaining: res.remainingPoints, resetSeconds: seconds(res.msBeforeNext) };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return this.remember(key, rejection.msBeforeNext);
      throw rejection;
    }
  }

  private remember(key: string, msBeforeNext: number): LimitState {
    const now = Date.now();
    if (this.blockedUntil.size >= MAX_REMEMBERED_BLOCKS) {
      for (const [k, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(k);
      // Still full: forget the oldest; the shared store still holds its count.
      if (this.blockedUntil.size >= MAX_REMEMBERED_BLOCKS) this.blockedUntil.delete(this.blockedUntil.keys().next().value!);
    }
    this.blockedUntil.set(key, now + Math.max(1000, msBeforeNext));
    return { blocked: true, retryAfterSeconds: seconds(msBeforeNext), remaining: 0, resetSeconds: seconds(msBeforeNext) };
  }
}

let pool: pg.Pool | null = null;

/** A rate-limiter-flexible store: in memory on SQLite (one server), the shared `rate_limits` table on PostgreSQL. */
export function limiter(keyPrefix: string, points: number, durationSeconds: number): RateLimiterAbstract {
  const options = { keyPrefix, points, duration: durationSeconds };
  const config = databaseConfig(env.DATABASE_URL);
  if (config.provider !== "postgres") return new RateLimiterMemory(options);
  // Its own small pool with short time-outs: a flood of failures must not hold up anything else.
  if (!pool) {
    pool = new pg.Pool({
      connectionString: config.url,
      max: 3,
      allowExitOnIdle: true,
      connectionTimeoutMillis: 2_000,
      query_timeout: 2_000,
      statement_timeout: 2_000,
    });
    // A database restart closes idle connections: without a listener each one is an uncaught exception.
    pool.on("error", (error) =>
      log.warn({ err: describeError(error) }, "rate-limit store connection lost (the limiter falls back to memory)"),
    );
  }
  return new RateLimiterPostgres({
    ...options,
    storeClient: pool,
    storeType: "pool",
    tableName: "rate_limits",
    // The table comes from the Prisma migrations; expired rows are cleared every 5 minutes.
    tableCreated: true,
    clearExpiredByTimeout: true,
    // If the database cannot be reached, this server limits on its own rather than not at all.
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/**
 * A budget is its name, size and window: servers configured alike share one
 * count on PostgreSQL, and a server given another limit (a canary, a test
 * server) keeps its own count rather than judging others' failures by it.
 */
function budget(keyPrefix: string, points: number, durationSeconds: number) {
  return new FailureBudget(limiter(`${keyPrefix}_${points}_${durationSeconds}`, points, durationSeconds), points, durationSeconds);
}

function createLimits() {
  return {
    /** Failed sign-ins per account, from any address. */
    signInPerAccount: budget("signin_account", env.SIGNIN_LIMIT_PER_ACCOUNT, 15 * 60),
    /** Failed sign-ins per client address (per /64 for IPv6). */
    signInPerIp: budget("signin_ip", env.SIGNIN_LIMIT_PER_IP, 15 * 60),
    /** Failed API authentications per client address (per /64 for IPv6). */
    apiAuthFailuresPerIp: budget("api_auth", env.API_AUTH_FAILURE_LIMIT, 60),
    /** Leaked-token reports per client address (every report counts, not only failures). */
    leakReportsPerIp: budget("leak_reports", env.LEAK_REPORT_LIMIT, 60),
  };
}

const globalLimits = globalThis as unknown as { tollgateLimits?: ReturnType<typeof createLimits> };
export const limits = (globalLimits.tollgateLimits ??= createLimits());
