// Database chores shared by `npm start`, `npm test` and CI:
//   tsx scripts/db.ts generate   generate the Prisma clients for both providers
//   tsx scripts/db.ts migrate    apply committed migrations (migrate deploy)
//   tsx scripts/db.ts setup      migrate, then seed when the database is empty
//   tsx scripts/db.ts seed       seed (refuses a database that already has data)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databaseConfig } from "../lib/db/config";

const prismaBin = path.join(process.cwd(), "node_modules", ".bin", "prisma");

function prisma(args: string[], env: NodeJS.ProcessEnv = process.env) {
  execFileSync(prismaBin, args, { stdio: ["ignore", "ignore", "inherit"], env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" } });
}

export function generate() {
  // `generate` needs a DATABASE_URL of the schema's provider; no connection is made.
  prisma(["generate", "--schema", "prisma/sqlite/schema.prisma"], { ...process.env, DATABASE_URL: "file:./data/generate.db" });
  prisma(["generate", "--schema", "prisma/postgres/schema.prisma"], {
    ...process.env,
    DATABASE_URL: "postgresql://generate@127.0.0.1:1/generate",
  });
}

export async function migrate() {
  const config = databaseConfig(process.env.DATABASE_URL);
  if (config.provider === "sqlite") fs.mkdirSync(path.dirname(config.url.slice("file:".length)), { recursive: true });
  prisma(["migrate", "deploy"]);
  if (config.provider === "sqlite") {
    // WAL (a lasting property of the file): readers never wait for the writer.
    const { createClient } = await import("@libsql/client");
    const client = createClient({ url: config.url });
    await client.execute("PRAGMA journal_mode = WAL");
    client.close();
  }
}

async function seedDatabase(onlyIfEmpty: boolean) {
  const { db } = await import("../lib/db/client");
  const { seed, isEmpty } = await import("../prisma/seed");
  try {
    if (!(await isEmpty(db))) {
      if (!onlyIfEmpty) console.log("The database already has data; not seeding.");
      return false;
    }
    await seed(db);
    return true;
  } finally {
    await db.$disconnect();
  }
}

export async function setup() {
  await migrate();
  return seedDatabase(true);
}

const command = process.argv[2];
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("scripts/db.ts")) {
  if (command === "generate") generate();
  else if (command === "migrate") await migrate();
  else if (command === "seed") await seedDatabase(false);
  else if (command === "setup") console.log((await setup()) ? "Seeded the demo workspaces." : "Database ready.");
  else {
    console.error("usage: tsx scripts/db.ts generate|migrate|setup|seed");
    process.exit(2);
  }
}
