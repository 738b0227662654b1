// The Better Auth instance of the peer: core + the API-key plugin, on SQLite (libSQL) or
// PostgreSQL (pg Pool) chosen by DATABASE_URL. Every setting is stated in ../README.md with
// the documentation it follows; SETTINGS is what the bench reports, built from the same values.
import { apiKey } from "@better-auth/api-key";
import { createClient } from "@libsql/client";
import { LibsqlDialect } from "@libsql/kysely-libsql";
import { betterAuth } from "better-auth";
import { Pool } from "pg";

// The plugin's own production defaults, except maxRequests (see README: its default of 10 a day
// would refuse the benchmark's load after ten requests, so the limit is kept on with a cap the
// load never reaches, and every verification still writes the counter).
const RATE_LIMIT = {
  enabled: true,
  timeWindow: 1000 * 60 * 60 * 24,
  maxRequests: Number(process.env.PEER_KEY_RATE_LIMIT_MAX) || 1_000_000_000,
};

function databaseUrl() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (file:/abs/path.db or postgresql://…)");
  return url;
}

export function provider(): "sqlite" | "postgres" {
  return /^postgres(ql)?:\/\//.test(databaseUrl()) ? "postgres" : "sqlite";
}

function database() {
  const url = databaseUrl();
  // PostgreSQL: a pg Pool, as the PostgreSQL adapter page shows (Better Auth wraps it in Kysely's PostgresDialect).
  if (provider() === "postgres") return new Pool({ connectionString: url });
  if (!url.startsWith("file:")) throw new Error(`DATABASE_URL must be file:… or postgresql://…, not ${url}`);
  // SQLite through libSQL: a Kysely dialect with its SQL type, as "Other relational databases" shows;
  // transaction: true as Better Auth sets for its own SQLite drivers.
  return { dialect: new LibsqlDialect({ client: createClient({ url }) }), type: "sqlite" as const, transaction: true };
}

function createAuth() {
  return betterAuth({
    appName: "Tollgate bench peer",
    // Both from the environment (BETTER_AUTH_SECRET, BETTER_AUTH_URL), as the installation guide says.
    secret: process.env.BETTER_AUTH_SECRET,
    baseURL: process.env.BETTER_AUTH_URL,
    database: database(),
    // Users sign up and sign in with email and password, then create keys; the bench's user is made this way.
    emailAndPassword: { enabled: true },
    telemetry: { enabled: false },
    plugins: [
      apiKey({
        // x-api-key is the plugin's default header; the route also reads Authorization: Bearer.
        apiKeyHeaders: "x-api-key",
        rateLimit: RATE_LIMIT,
        // The defaults, written out: keys in the database, hashed, updates applied before the response.
        storage: "database",
        disableKeyHashing: false,
        deferUpdates: false,
        enableSessionForAPIKeys: false,
      }),
    ],
  });
}

let instance: ReturnType<typeof createAuth> | undefined;

/** The instance, made on first use (next build loads the routes without a database). */
export function getAuth() {
  instance ??= createAuth();
  return instance;
}

export function settings(): Record<string, string | number | boolean> {
  return {
    "better-auth": "1.7.5",
    "@better-auth/api-key": "1.7.5",
    adapter: provider() === "postgres" ? "kysely PostgresDialect (pg 8.23.1 Pool, max 10)" : "kysely LibsqlDialect (@libsql/client 0.8.1)",
    "apiKey.storage": "database",
    "apiKey.rateLimit.enabled": RATE_LIMIT.enabled,
    "apiKey.rateLimit.timeWindowMs": RATE_LIMIT.timeWindow,
    "apiKey.rateLimit.maxRequests": RATE_LIMIT.maxRequests,
    "apiKey.deferUpdates": false,
    "apiKey.disableKeyHashing": false,
    "apiKey.enableSessionForAPIKeys": false,
    "apiKey.defaultKeyLength": 64,
    "apiKey.remaining": "null (no quota)",
    "rateLimit (core)": "default (on in production, memory; does not apply to auth.api calls)",
    telemetry: false,
  };
}
