import { z } from "zod";

/**
 * Every setting Tollgate reads, parsed once with zod: the only reader of
 * process.env outside scripts/. README's "Environment variables" table is
 * checked against SETTINGS by a test, so nothing undocumented creeps in.
 * An empty value counts as unset.
 */
const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const SETTINGS = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: count(10),
  DATABASE_CONNECT_TIMEOUT_MS: count(5_000, 100),
  DATABASE_STATEMENT_TIMEOUT_MS: count(15_000, 100),
  DEMO_SEED: flag.optional(),
  MIGRATE_ON_START: flag.default(true),
  SQLITE_SHARED_FILE: flag.default(false),
  SHUTDOWN_GRACE_MS: count(10_000, 0),
  TOKEN_OUTAGE_GRACE_MS: count(60_000, 0),
  TOKEN_LOOKUP_CONCURRENCY: count(4, 0),
  TOKEN_LOOKUP_QUEUE: count(1_000, 0),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  AUTH_SECRET: z.string().min(1).optional(),
  AUTH_SECRET_PREVIOUS: z.string().default(""),
  AUTH_URL: z.url().optional(),
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_ID: z.string().optional(),
  AUTH_OIDC_SECRET: z.string().optional(),
  AUTH_OIDC_NAME: z.string().default("Single sign-on"),
  AUTH_OIDC_ALLOWED_DOMAINS: z.string().default(""),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  TRUST_PROXY: z.string().optional(),
  REQUIRE_HTTPS: flag.optional(),
  TOKEN_CACHE_TTL_MS: count(5_000, 0),
  TOKEN_CACHE_MAX_ENTRIES: count(10_000, 0),
  SIGNIN_LIMIT_PER_ACCOUNT: count(10),
  SIGNIN_LIMIT_PER_IP: count(50),
  API_AUTH_FAILURE_LIMIT: count(300),
  API_TOKEN_RATE_LIMIT: count(1_000, 0),
  LEAK_REPORT_LIMIT: count(30),
  USAGE_RECORDING: flag.default(true),
  USAGE_FLUSH_MS: count(1_000, 50),
  USAGE_BUFFER_MAX: count(50_000, 100),
  USAGE_RETENTION_DAYS: count(30),
  USAGE_MAX_ROWS_PER_WORKSPACE: count(1_000_000, 1),
  USAGE_PRUNE_INTERVAL_MS: count(600_000, 1_000),
  WEBHOOK_POLL_MS: count(2_000, 50),
  WEBHOOK_RETRY_BASE_MS: count(60_000, 10),
  EXPIRY_SCAN_MS: count(60_000, 100),
  WEBHOOK_ALLOW_HTTP_LOOPBACK: flag.default(false),
  SERVER_HEAP_MB: count(256, 64),
  NEXT_DIST_DIR: z.string().default(".next"),
} as const;

const schema = z.object(SETTINGS);
export type Env = z.output<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(
    Object.entries(source).filter(([key, value]) => key in SETTINGS && value !== undefined && value !== ""),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
  throw new Error(`Tollgate cannot start: some environment variables are not valid:\n${problems}`);
}

export const env: Env = parseEnv(process.env);
