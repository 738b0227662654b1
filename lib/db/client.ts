import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgres/client";
import { env } from "../env";
import { databaseConfig, type Provider } from "./config";
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
  readRows(sql: string, args: SqlValue[]): Promise<Row[]>;
  writeBatch(statements: Statement[]): Promise<void>;
}

function createClient(): Instance {
  const config = databaseConfig(env.DATABASE_URL);
  if (config.provider === "postgres") {
    // One pool for Prisma and for the plain reads and writes.
    const pool = new pg.Pool({ connectionString: config.url, max: env.DATABASE_POOL_SIZE });
    const adapter = new PrismaPg(pool);
    return {
      db: new PostgresClient({ adapter, omit }) as unknown as Db,
      provider: "postgres",
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
    readRows: async (sql, args) => (await (await client()).execute({ sql, args })).rows as unknown as Row[],
    // libsql runs a batch as one transaction (and PatientLibSQL makes it wait for another process's lock).
    writeBatch: async (statements) => {
      await (await client()).batch(statements, "write");
    },
  };
}

const globalForDb = globalThis as unknown as { tollgateDb?: Instance };
const instance = (globalForDb.tollgateDb ??= createClient());

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
