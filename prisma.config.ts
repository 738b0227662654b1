import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseConfig } from "./lib/db/config";
import { postgresMigrationAdapter, sqliteMigrationAdapter, unrefLongTimers } from "./prisma/cli-adapters";

const db = databaseConfig(process.env.DATABASE_URL);
// The schema's `env("DATABASE_URL")` must resolve, or the CLI tries to download engines.
process.env.DATABASE_URL = db.url;
if (db.provider === "postgres") unrefLongTimers();

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", db.provider, "schema.prisma"),
  migrations: { path: path.join("prisma", db.provider, "migrations") },
  adapter: async () => (db.provider === "postgres" ? postgresMigrationAdapter(db.url) : sqliteMigrationAdapter(db.url)),
});
