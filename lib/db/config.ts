import path from "node:path";

export type Provider = "sqlite" | "postgres";

const DEFAULT_DATABASE_URL = "file:./data/tollgate.db";

export interface DatabaseConfig {
  provider: Provider;
  url: string;
}

/**
 * Picks the database from DATABASE_URL: `postgres(ql)://` means PostgreSQL,
 * `file:` (the default) means an embedded SQLite file, resolved against the
 * working directory so the CLI, the seed and the server agree on one file.
 */
export function databaseConfig(raw: string | undefined): DatabaseConfig {
  const url = raw?.trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: "postgres", url };
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length).split("?")[0];
    return { provider: "sqlite", url: `file:${path.resolve(file)}` };
  }
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:…"`);
}
