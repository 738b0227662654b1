// Deployments of their own for the production tests (tests/production): a
// fresh database, servers started the way an operator starts them (`npm
// start`, or server.ts after `npm run migrate`), their output captured, and
// plain SQL to look inside. Nothing here shares state with the harness's
// three servers except the build.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "@libsql/client";
import pg from "pg";
import { databaseConfig } from "../../lib/db/config";
import { spawnServer } from "../../scripts/lib/server";
import { callAction, signIn } from "./actions";

const root = process.cwd();
const run = promisify(execFile);
/** The database these tests run on: the provider of the run (SQLite, or PostgreSQL when DATABASE_URL says so). */
export const provider = databaseConfig(process.env.DATABASE_URL).provider;
/** Ports for the servers these tests start: clear of the harness (3100–3102), the start-up tests (3195–3199) and the bench. */
export const PORTS = { first: 3321, second: 3322, third: 3323, nginx: 3330, metrics: 3331 } as const;

/** An empty database of the run's provider, named for the test; returns its DATABASE_URL. */
export async function freshDatabase(name: string): Promise<string> {
  if (provider === "postgres") return freshPostgresDatabase(process.env.DATABASE_URL!, name);
  const file = path.join(root, "data", `prod-${name}.db`);
  for (const suffix of ["", "-wal", "-shm", "-journal", ".server-lock", ".server-pid"]) fs.rmSync(`${file}${suffix}`, { force: true });
  return `file:${file}`;
}

/** A new database `tollgate_<name>` on the PostgreSQL server `serverUrl` names. */
export async function freshPostgresDatabase(serverUrl: string, name: string): Promise<string> {
  const database = `tollgate_${name.replace(/\W/g, "_")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement against `databaseUrl` (either provider; `?` placeholders), returning its rows. */
export async function sql<T = Record<string, unknown>>(databaseUrl: string, statement: string, args: (string | number)[] = []) {
  const config = databaseConfig(databaseUrl);
  if (config.provider === "postgres") {
    const client = new pg.Client({ connectionString: config.url });
    await client.connect();
    try {
      let n = 0;
      return (
        await client.query(
          statement.replace(/\?/g, () => `$${++n}`),
          args,
        )
      ).rows as T[];
    } finally {
      await client.end();
    }
  }
  const client = createClient({ url: config.url });
  try {
    return (await client.execute({ sql: statement, args })).rows as unknown as T[];
  } finally {
    client.close();
  }
}

/** What a production server needs and nothing the harness set (no shared SQLite file, no test limits). */
export function productionEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "production-test-secret",
    DATABASE_URL: databaseUrl,
    LOG_FORMAT: "json",
    SIGNIN_LIMIT_PER_IP: "1000",
    ...extra,
  };
}

export interface Running {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function watch(child: ChildProcess, url: string): Running {
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    url,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** `npm start` as an operator runs it, with PORT and HOST for this test. */
export function npmStart(port: number, env: NodeJS.ProcessEnv): Running {
  const child = spawn("npm", ["start"], { env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
  return watch(child, `http://127.0.0.1:${port}`);
}

/** The server alone (server.ts), as a deployment runs it after `npm run migrate`. */
export function startServer(port: number, env: NodeJS.ProcessEnv): Running {
  return watch(spawnServer({ port, env, stdio: ["ignore", "pipe", "pipe"] }), `http://127.0.0.1:${port}`);
}

/** `npm run <script> -- …args` with `env`; rejects with the output when it exits non-zero. */
export async function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const { stdout, stderr } = await run("npm", ["run", "--silent", script, "--", ...args], { env, cwd: root, maxBuffer: 10 * 1024 * 1024 });
  return `${stdout}${stderr}`;
}

/** Polls `url` until it answers `status` (default 200), or fails with what the server printed. */
export async function waitFor(running: Running, pathname = "/api/ready", status = 200, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null)
      throw new Error(`the server exited with ${running.child.exitCode}:\n${running.output().slice(-3000)}`);
    const res = await fetch(`${running.url}${pathname}`).catch(() => null);
    if (res) {
      last = `${res.status} ${await res.text()}`;
      if (res.status === status) return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${running.url}${pathname} did not answer ${status} in time (last: ${last}):\n${running.output().slice(-3000)}`);
}

/** The JSON log lines a server printed (pino), parsed; other lines skipped. */
export function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/**
 * A server of the test's own on a fresh, migrated database with the demo seed, and a token
 * Acme's admin made through the create action (devices:read, 7 days): where a test needs one
 * real token against settings of its own.
 */
export async function seededServer(label: string, extra: Record<string, string>, tokenName: string) {
  const env = productionEnv(await freshDatabase(label), extra);
  await npmRun("migrate", [], env);
  await npmRun("db:seed", [], env);
  const server = startServer(PORTS.first, env);
  await waitFor(server);
  const cookie = await signIn(server.url, "admin@acme.test");
  const created = await callAction(server.url, cookie, "createTokenAction", [
    "acme",
    { name: tokenName, expiry: "7d", scopes: ["devices:read"], access: "all" },
  ]);
  return { server, token: created.result!.data as { id: string; plaintext: string } };
}
