// Prepares an empty database for the peer: Better Auth's schema (getMigrations, the plan that
// its CLI's `migrate` runs), then one user (auth.api.signUpEmail) and one API key
// (auth.api.createApiKey) made through Better Auth's own server API. Prints one JSON line:
// { key, keyId, userId, settings }. Run from this folder: DATABASE_URL=… tsx scripts/setup.ts [schema.sql]
import fs from "node:fs";
import { createClient } from "@libsql/client";
import { getMigrations } from "better-auth/db/migration";
import { getAuth, provider, settings } from "../lib/auth";

async function main() {
  const url = process.env.DATABASE_URL!;
  const auth = getAuth();
  if (provider() === "sqlite") {
    // WAL, as Tollgate's own SQLite database has (a lasting property of the file).
    const client = createClient({ url });
    await client.execute("PRAGMA journal_mode = WAL");
    client.close();
  }
  const migrations = await getMigrations(auth.options);
  const schemaFile = process.argv[2];
  if (schemaFile) fs.writeFileSync(schemaFile, `${await migrations.compileMigrations()}\n`);
  await migrations.runMigrations();

  const { user } = await auth.api.signUpEmail({
    body: { name: "Bench Owner", email: "bench-owner@example.com", password: "bench-password-1234567890" },
  });
  const created = await auth.api.createApiKey({
    body: { name: "bench", userId: user.id, permissions: { devices: ["read"], token: ["read"] } },
  });
  console.log(JSON.stringify({ key: created.key, keyId: created.id, userId: user.id, settings: settings() }));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
