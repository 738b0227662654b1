import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgres/client";
import { env } from "../env";
import { log } from "../ops/log";
import { metrics } from "../ops/metrics";
import { databaseConfig, type Provider } from "./config";
import { describeError } from "./errors";
import { PatientLibSQL } from "./sqlite";

// Both generated clients expose the same API; the SQLite one names the type.
export type Db = InstanceType<typeof SqliteClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// Secret columns are never selected unless a query asks for them by name.
const omit = { apiToken: { hash: true }, user: { passwordHash: true } } as const;

type Row = Record<string, unknown>;
export type SqlValue = string | number | null;
export interface Statement {
  sql: string;
  args: SqlValue[];
}

interface Instance {
  db: Db;
  provider: Provider;
  /** Pools' connection counts, for the metrics. */
  poolStats(): { inUse: number; idle: number; waiting: number };
  readRows(sql: string, args: SqlValue[]): Promise<Row[]>;
  writeBatch(statements: Statement[]): Promise<void>;
}

function createClient(): Instance {
  const config = databaseConfig(env.DATABASE_URL);
  if (config.provider === "postgres") {
    // One pool for Prisma and for the plain reads and writes (the rate limiter and the revocation listener have their own).
    const pool = new pg.Pool(postgresPoolOptions(config.url, env.DATABASE_POOL_SIZE));
    // An idle connection the server closed (a restart) is dropped and replaced on the next checkout; without a listener it would crash the process.
    pool.on("error", (error) => log.warn({ err: describeError(error) }, "database connection lost (idle, will reconnect)"));
    const adapter = new PrismaPg(pool);
    return {
      db: new PostgresClient({ adapter, omit }) as unknown as Db,
      provider: "postgres",
      poolStats: () => ({ inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      readRows: async (sql, args) => (await pool.query(sql, args)).rows,
      writeBatch: async (statements) => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          for (const s of statements) await client.query(s.sql, s.args);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      },
    };
  }
  const adapter = new PatientLibSQL({ url: config.url });
  const db = new SqliteClient({ adapter, omit }) as unknown as Db;
  const client = async () => {
    // Prisma creates the libsql client on its first statement.
    if (!adapter.client) await db.$queryRawUnsafe("SELECT 1");
    return adapter.client as NonNullable<typeof adapter.client>;
  };
  return {
    db,
    provider: "sqlite",
    poolStats: () => ({ inUse: 0, idle: 0, waiting: 0 }),
    readRows: async (sql, args) => (await (await client()).execute({ sql, args })).rows as unknown as Row[],
    // libsql runs a batch as one transaction (and PatientLibSQL makes it wait for another process's lock).
    writeBatch: async (statements) => {
      await (await client()).batch(statements, "write");
    },
  };
}

/**
 * Settings every PostgreSQL pool of the server uses: a bounded wait for a
 * connection and for a statement (client and server side), so a hung or
 * unreachable database turns into an error the API answers with 503 instead
 * of requests that hang as long as the database does.
 */
export function postgresPoolOptions(url: string, max: number): pg.PoolConfig {
  return {
    connectionString: url,
    max,
    connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
    statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
    query_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS + 1_000,
    keepAlive: true,
  };
}

const globalForDb = globalThis as unknown as { tollgateDb?: Instance };
const instance = (globalForDb.tollgateDb ??= createClient());
metrics.gauge("tollgate_db_pool_connections", "Database pool connections by state (PostgreSQL)", ["state"], (set) => {
  const stats = instance.poolStats();
  set({ state: "in_use" }, stats.inUse);
  set({ state: "idle" }, stats.idle);
  set({ state: "waiting" }, stats.waiting);
});

/** Readiness: one trivial statement within `timeoutMs`; throws when the database cannot answer. */
export async function pingDatabase(timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("database ping timed out"), { code: "ETIMEDOUT" })), timeoutMs);
  });
  try {
    await Promise.race([instance.readRows("SELECT 1 AS one", []), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const db = instance.db;
export const provider = instance.provider;

/**
 * Plain SQL straight through the driver Prisma uses (same pool or
 * connection), without Prisma's query compiler: only for the hot paths that
 * `npm run bench:profile` showed spending most of their time there (the
 * API's device reads, the usage recorder's flush). Values are always bound
 * through `binder()`, never spliced into the SQL.
 */
export function readRows<T>(sql: string, args: SqlValue[]): Promise<T[]> {
  return instance.readRows(sql, args) as Promise<T[]>;
}

/** Runs the statements in one transaction. */
export function writeBatch(statements: Statement[]): Promise<void> {
  return instance.writeBatch(statements);
}

/** Binds values in order: `bind(v)` returns the placeholder (`?` on SQLite, `$n` on PostgreSQL); `args` holds the values. */
export function binder() {
  const args: SqlValue[] = [];
  const bind = (value: SqlValue) => {
    args.push(value);
    return provider === "postgres" ? `$${args.length}` : "?";
  };
  return Object.assign(bind, { args });
}

/** A DateTime column's value as Prisma writes it: ISO text on SQLite, a UTC timestamp on PostgreSQL. */
export function sqlDate(at: Date): string {
  return provider === "postgres" ? at.toISOString() : at.toISOString().replace("Z", "+00:00");
}

/** Case-insensitive `contains` for both databases (SQLite's LIKE already folds ASCII). */
export function containsText(value: string) {
  return provider === "postgres" ? ({ contains: value, mode: "insensitive" } as const) : ({ contains: value } as const);
}
