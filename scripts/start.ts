// `npm start`: database ready (migrations; the demo seed only on the
// zero-set-up local path), a production build that matches the sources,
// then the server (server.ts) as a child this process supervises.
//
// The demo (Acme and Globex, password printed below) is seeded into an empty
// database only when asked: DEMO_SEED=true, or by default when no
// DATABASE_URL is set and NODE_ENV is not production (a laptop). Any other
// start never seeds; create the first owner with `npm run tollgate -- owner create …`.
//
// Exit codes: the server's own (0 after a requested stop, 1 when it cannot
// start or crashes), 128 + n when it was killed by signal n, 1 when the
// database could not be prepared.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { databaseConfig } from "../lib/db/config";
import { unwritableDirectory } from "../lib/db/single-server";
import { env } from "../lib/env";
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_WORKSPACES } from "../prisma/seed";
import { ensureBuild } from "./lib/build";
import { generate, setup } from "./lib/database";
import { spawnServer } from "./lib/server";

const root = process.cwd();
process.env.NEXT_TELEMETRY_DISABLED = "1";

function localAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  // Only for the zero-set-up local start; a real deployment sets AUTH_SECRET itself.
  const file = path.join(root, "data", ".auth-secret");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
  console.log("AUTH_SECRET is not set: using a generated local secret (data/.auth-secret).");
}

function fail(message: string): never {
  console.error(`\nTollgate cannot start: ${message}\n`);
  process.exit(1);
}

/** What is in the database now, for the lines printed before the server starts. */
async function contents() {
  const { db } = await import("../lib/db/client");
  try {
    const [workspaces, demo] = await Promise.all([
      db.workspace.count(),
      db.workspace.count({ where: { slug: { in: [...DEMO_WORKSPACES] } } }),
    ]);
    return { workspaces, demo: demo > 0 };
  } finally {
    await db.$disconnect();
  }
}

async function main() {
  const port = process.env.PORT ?? "3000";
  const host = process.env.HOST ?? "0.0.0.0";
  if (!fs.existsSync(path.join(root, "lib", "generated", "sqlite", "client.ts"))) generate();
  const db = databaseConfig(process.env.DATABASE_URL);
  if (db.provider === "sqlite") {
    const unwritable = unwritableDirectory(path.dirname(db.url.slice("file:".length)));
    if (unwritable) fail(unwritable);
  }
  localAuthSecret();
  const demo = env.DEMO_SEED ?? (!process.env.DATABASE_URL && process.env.NODE_ENV !== "production");
  console.log(`Database: ${db.provider === "sqlite" ? db.url.replace(/^file:/, "SQLite file ") : "PostgreSQL"}`);
  try {
    if (!env.MIGRATE_ON_START) console.log("MIGRATE_ON_START=false: not applying migrations (run `npm run migrate` once per deploy).");
    if (await setup({ demo, migrate: env.MIGRATE_ON_START })) console.log("Seeded the demo workspaces Acme Robotics and Globex.");
  } catch (error) {
    fail(`the database could not be prepared: ${error instanceof Error ? error.message : error}`);
  }
  const found = await contents();
  ensureBuild();

  const url = process.env.AUTH_URL ?? `http://localhost:${port}`;
  console.log(`\nTollgate is starting on ${url}\n`);
  if (found.demo) {
    console.log(`Demo logins (password: ${DEMO_PASSWORD})`);
    for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(24)} ${login.workspace} · ${login.role}`);
    console.log("Remove the demo before real use: npm run tollgate -- demo remove\n");
  } else if (found.workspaces === 0) {
    console.log("No workspace yet. Create the first one and its owner (prints a one-time set-password link):");
    console.log('  npm run tollgate -- owner create --email you@example.com --name "Your Name" --workspace "Example Ltd" --slug example\n');
  }

  // An IPC channel ties the server's life to this process: if it dies, even by SIGKILL, the server stops too.
  const server = spawnServer({ port, host, stdio: ["inherit", "inherit", "inherit", "ipc"] });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => server.kill(signal === "SIGHUP" ? "SIGTERM" : signal));
  server.on("exit", (code, signal) => {
    if (signal) {
      console.error(`The server was killed by ${signal}.`);
      process.exit(128 + (constants.signals[signal] ?? 0));
    }
    process.exit(code ?? 1);
  });
}

await main();
