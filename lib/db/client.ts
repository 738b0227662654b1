import { PrismaPg } from "@prisma/adapter-pg";
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

function createClient(): { db: Db; provider: Provider } {
  const config = databaseConfig(env.DATABASE_URL);
  if (config.provider === "postgres") {
    const adapter = new PrismaPg({ connectionString: config.url, max: env.DATABASE_POOL_SIZE });
    return { db: new PostgresClient({ adapter, omit }) as unknown as Db, provider: "postgres" };
  }
  const adapter = new PatientLibSQL({ url: config.url });
  return { db: new SqliteClient({ adapter, omit }) as unknown as Db, provider: "sqlite" };
}

const globalForDb = globalThis as unknown as { tollgateDb?: { db: Db; provider: Provider } };
const instance = (globalForDb.tollgateDb ??= createClient());

export const db = instance.db;
export const provider = instance.provider;

/** Case-insensitive `contains` for both databases (SQLite's LIKE already folds ASCII). */
export function containsText(value: string) {
  return provider === "postgres" ? ({ contains: value, mode: "insensitive" } as const) : ({ contains: value } as const);
}
