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

interface Instance {
  db: Db;
  provider: Provider;
  readRows(sql: string, args: string[]): Promise<Row[]>;
}

function createClient(): Instance {
  const config = databaseConfig(env.DATABASE_URL);
  if (config.provider === "postgres") {
    // One pool for Prisma and for the plain reads.
    const pool = new pg.Pool({ connectionString: config.url, max: env.DATABASE_POOL_SIZE });
    const adapter = new PrismaPg(pool);
    return {
      db: new PostgresClient({ adapter, omit }) as unknown as Db,
      provider: "postgres",
      readRows: async (sql, args) => (await pool.query(sql, args)).rows,
    };
  }
  const adapter = new PatientLibSQL({ url: config.url });
  const db = new SqliteClient({ adapter, omit }) as unknown as Db;
  return {
    db,
    provider: "sqlite",
    readRows: async (sql, args) => {
      // Prisma creates the libsql client on its first statement.
      if (!adapter.client) await db.$queryRawUnsafe("SELECT 1");
      const result = await (adapter.client as NonNullable<typeof adapter.client>).execute({ sql, args });
      return result.rows as unknown as Row[];
    },
  };
}

const globalForDb = globalThis as unknown as { tollgateDb?: Instance };
const instance = (globalForDb.tollgateDb ??= createClient());

export const db = instance.db;
export const provider = instance.provider;

/**
 * A read straight through the driver that Prisma uses (same pool or
 * connection), without Prisma's query compiler: only for the API's hot reads,
 * which bench:profile showed spending most of their time there. Placeholders
 * are `?` on SQLite and `$1…` on PostgreSQL; values are always bound, never spliced.
 */
export function readRows<T>(sql: string, args: string[]): Promise<T[]> {
  return instance.readRows(sql, args) as Promise<T[]>;
}

/** Case-insensitive `contains` for both databases (SQLite's LIKE already folds ASCII). */
export function containsText(value: string) {
  return provider === "postgres" ? ({ contains: value, mode: "insensitive" } as const) : ({ contains: value } as const);
}
