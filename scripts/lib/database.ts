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

/**
 * On PostgreSQL, runs `work` holding a session advisory lock, so servers
 * started at the same moment on one database migrate and seed one after the
 * other (the second finds the work done). SQLite has one server per file.
 */
export async function underSetupLock<T>(work: () => Promise<T>): Promise<T> {
  const config = databaseConfig(process.env.DATABASE_URL);
  if (config.provider !== "postgres") return work();
  const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [SETUP_LOCK]);
    return await work();
  } finally {
    await client.end().catch(() => {});
  }
}
// Any fixed 64-bit number: the lock's name among this database's advisory locks.
const SETUP_LOCK = "7306921830144";

async function migrateNow() {
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

/** `npm run migrate`: apply committed migrations (under the setup lock on PostgreSQL). */
export function migrate() {
  return underSetupLock(migrateNow);
}

async function seedNow(onlyIfEmpty: boolean) {
  const { db } = await import("../../lib/db/client");
  const { seed, isEmpty } = await import("../../prisma/seed");
  try {
    if (!(await isEmpty(db))) {
      if (!onlyIfEmpty) console.log("The database already has data; not seeding.");
      return false;
    }
    return await seed(db);
  } finally {
    await db.$disconnect();
  }
}

/** The demo workspaces, into an empty database only. */
export function seedDatabase(onlyIfEmpty: boolean) {
  return underSetupLock(() => seedNow(onlyIfEmpty));
}

/**
 * What a server start does to its database, under one lock: migrations
 * (unless `migrate` is false: a deployment that ran `npm run migrate` once),
 * then the demo seed only when asked (`demo`) and the database is empty.
 */
export async function setup(options: { demo: boolean; migrate?: boolean }) {
  return underSetupLock(async () => {
    if (options.migrate !== false) await migrateNow();
    const seeded = options.demo ? await seedNow(true) : false;
    if (!seeded) await fillEmptySandboxes();
    await sealStoredSecrets();
    return seeded;
  });
}

/**
 * A database from before test environments existed has live resources and an
 * empty sandbox: give each such workspace its sandbox copy once, as the seed
 * does for new ones. Workspaces that already have sandbox rows are left alone.
 */
async function fillEmptySandboxes() {
  const { db } = await import("../../lib/db/client");
  const { resetSandbox, SandboxTooLarge } = await import("../../lib/workspaces/sandbox");
  try {
    const workspaces = await db.workspace.findMany({
      where: { sites: { some: { environment: "live" } }, NOT: { sites: { some: { environment: "test" } } } },
      select: { id: true, slug: true },
    });
    for (const workspace of workspaces) {
      const copied = await resetSandbox(db, workspace.id).catch((error: unknown) => {
        // Too large to copy in one go: that workspace's sandbox stays empty, and start-up goes on.
        if (error instanceof SandboxTooLarge) console.warn(`Test environment of ${workspace.slug} not filled: ${error.message}`);
        else throw error;
      });
      if (!copied) continue;
      console.log(
        `Test environment of ${workspace.slug}: copied ${copied.devices} devices, ${copied.groups} groups and ${copied.sites} sites.`,
      );
    }
  } finally {
    await db.$disconnect();
  }
}

/** Webhook signing secrets stored in plaintext or under a previous AUTH_SECRET are sealed under the current one. */
async function sealStoredSecrets() {
  if (!process.env.AUTH_SECRET) return;
  const { db } = await import("../../lib/db/client");
  const { resealWebhookSecrets } = await import("../../lib/webhooks/settings");
  try {
    const { resealed, unopened } = await resealWebhookSecrets(db);
    if (resealed) console.log(`Sealed ${resealed} webhook signing secret(s) under the current AUTH_SECRET.`);
    for (const slug of unopened) {
      console.warn(
        `The webhook signing secret of ${slug} does not open with AUTH_SECRET or AUTH_SECRET_PREVIOUS: its deliveries fail until an admin rolls it.`,
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
