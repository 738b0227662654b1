// Database chores shared by `npm start`, `npm test`, the soak, the bench and CI.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { databaseConfig } from "../../lib/db/config";

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

export async function seedDatabase(onlyIfEmpty: boolean) {
  const { db } = await import("../../lib/db/client");
  const { seed, isEmpty } = await import("../../prisma/seed");
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
  const seeded = await seedDatabase(true);
  if (!seeded) await fillEmptySandboxes();
  return seeded;
}

/**
 * A database from before test environments existed has live resources and an
 * empty sandbox: give each such workspace its sandbox copy once, as the seed
 * does for new ones. Workspaces that already have sandbox rows are left alone.
 */
async function fillEmptySandboxes() {
  const { db } = await import("../../lib/db/client");
  const { resetSandbox } = await import("../../lib/workspaces/sandbox");
  try {
    const workspaces = await db.workspace.findMany({
      where: { sites: { some: { environment: "live" } }, NOT: { sites: { some: { environment: "test" } } } },
      select: { id: true, slug: true },
    });
    for (const workspace of workspaces) {
      const copied = await resetSandbox(db, workspace.id);
      console.log(
        `Test environment of ${workspace.slug}: copied ${copied.devices} devices, ${copied.groups} groups and ${copied.sites} sites.`,
      );
    }
  } finally {
    await db.$disconnect();
  }
}

/**
 * An empty database at `url`: PostgreSQL's public schema dropped and
 * recreated, or the SQLite file and its journals removed. Returns the URL.
 */
export async function freshDatabase(url: string): Promise<string> {
  const config = databaseConfig(url);
  if (config.provider === "postgres") {
    const client = new pg.Client({ connectionString: config.url });
    await client.connect();
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    await client.end();
  } else {
    const file = config.url.slice("file:".length);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  }
  return config.url;
}
