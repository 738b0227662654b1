// A benchmark peer: the same kind of Next.js app as Tollgate, verifying API keys with Better Auth's
// API-key plugin (bench/peers/better-auth, its own package.json and lockfile). startPeer installs
// and builds it when needed, gives it a fresh database of the bench's engine, makes one user and
// one key through Better Auth's own server API, starts `next start` and checks the key works.
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { waitForHealth } from "../scripts/lib/server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PEER_DIR = path.join(root, "bench", "peers", "better-auth");
export const PEER_TOKEN_PATH = "/api/v1/token";

export interface Peer {
  baseUrl: string;
  pid: number;
  key: string;
  settings: Record<string, string | number | boolean>;
  stop(): Promise<void>;
}

export interface PeerOptions {
  provider: "sqlite" | "postgres";
  /** The bench's database URL: the peer gets a database of its own next to it (PostgreSQL) or a file under workDir (SQLite). */
  databaseUrl: string;
  port: number;
  workDir: string;
  /** The server's environment (process.env when absent); the peer's own variables are set over it. */
  env?: NodeJS.ProcessEnv;
  /** Flags for node itself (e.g. --max-old-space-size, --cpu-prof). */
  nodeArgs?: string[];
  logFile: string;
}

const sha256 = (...parts: (string | Buffer)[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
};

/** `npm ci` in the peer's folder unless its node_modules was installed from the current lockfile. */
export function ensurePeerInstalled(): "reused" | "installed" {
  const stamp = path.join(PEER_DIR, "node_modules", ".peer-lock-sha256");
  const want = sha256(fs.readFileSync(path.join(PEER_DIR, "package.json")), fs.readFileSync(path.join(PEER_DIR, "package-lock.json")));
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return "reused";
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: PEER_DIR,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  fs.writeFileSync(stamp, want);
  return "installed";
}

/** Size and mtime of everything the peer's build reads. */
function peerFingerprint() {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = fs.statSync(full);
        hash.update(`${path.relative(PEER_DIR, full)}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ["app", "lib"]) walk(path.join(PEER_DIR, dir));
  for (const file of ["next.config.ts", "tsconfig.json", "package.json", "package-lock.json"]) {
    const stat = fs.statSync(path.join(PEER_DIR, file));
    hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** `next build` into the peer's own .next unless a build of its current sources is there. */
export function ensurePeerBuilt(logFile: string): "reused" | "built" {
  const dist = path.join(PEER_DIR, ".next");
  const marker = path.join(dist, "peer-fingerprint");
  const current = () =>
    fs.existsSync(path.join(dist, "BUILD_ID")) && fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === peerFingerprint();
  if (current()) return "reused";
  const out = fs.openSync(logFile, "w");
  try {
    execFileSync(process.execPath, [path.join(PEER_DIR, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: PEER_DIR,
      stdio: ["ignore", out, out],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1" },
    });
  } catch {
    throw new Error(`the peer's next build failed; see ${logFile}`);
  } finally {
    fs.closeSync(out);
  }
  // After the build: next build may rewrite tsconfig.json, and the fingerprint is of what was built.
  fs.writeFileSync(marker, peerFingerprint());
  return "built";
}

/** An empty database for the peer: a new SQLite file under workDir, or `<name>_peer` beside the bench's PostgreSQL database. */
async function peerDatabase(opts: PeerOptions): Promise<{ url: string; label: string }> {
  if (opts.provider === "sqlite") {
    const file = path.join(path.resolve(opts.workDir), "peer-better-auth.db");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
    return { url: `file:${file}`, label: path.relative(root, file) };
  }
  const url = new URL(opts.databaseUrl);
  const base = decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres";
  const name = `${base}_peer`;
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
  url.pathname = `/${encodeURIComponent(name)}`;
  return { url: url.toString(), label: name };
}

/** NODE_OPTIONS with `--require=relative/path` made absolute: the peer runs in its own folder. */
function absoluteRequires(nodeOptions: string | undefined) {
  return (nodeOptions ?? "").replace(/(--require=|-r\s+)(\S+)/g, (all, flag: string, file: string) =>
    file.startsWith(".") || (file.includes("/") && !path.isAbsolute(file)) ? `${flag}${path.resolve(file)}` : all,
  );
}

export async function startPeer(opts: PeerOptions): Promise<Peer> {
  fs.mkdirSync(opts.workDir, { recursive: true });
  const installed = ensurePeerInstalled();
  const built = ensurePeerBuilt(path.join(path.resolve(opts.workDir), "peer-build.log"));
  const database = await peerDatabase(opts);
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const own = {
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
    BETTER_AUTH_URL: baseUrl,
  };

  // Schema, user and key, through Better Auth itself (bench/peers/better-auth/scripts/setup.ts).
  const schemaFile = path.join(path.resolve(opts.workDir), `peer-schema-${opts.provider}.sql`);
  // Its stderr is kept for failures only: Better Auth reports the missing tables before the migration creates them.
  let setupOut: string;
  try {
    setupOut = execFileSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/setup.ts", schemaFile], {
      cwd: PEER_DIR,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...own },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the peer's setup (schema, user, key) failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
  const setup = JSON.parse(setupOut.trim().split("\n").at(-1)!) as {
    key: string;
    keyId: string;
    settings: Record<string, string | number | boolean>;
  };

  const base = { ...(opts.env ?? process.env) };
  delete base.NEXT_DIST_DIR; // Tollgate's; the peer builds into its own .next
  const env: NodeJS.ProcessEnv = { ...base, ...own, NODE_OPTIONS: absoluteRequires(base.NODE_OPTIONS) };
  const out = fs.openSync(opts.logFile, "w");
  const next = path.join(PEER_DIR, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), next, "start", "-p", String(opts.port), "-H", "127.0.0.1"], {
    cwd: PEER_DIR,
    env,
    stdio: ["ignore", out, out],
  });
  let closed = false;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    if (!closed) fs.closeSync(out);
    closed = true;
  };

  try {
    await waitForHealth(baseUrl, child);
    const check = async (key: string) => {
      const res = await fetch(`${baseUrl}${PEER_TOKEN_PATH}`, { headers: { authorization: `Bearer ${key}` } });
      return { status: res.status, body: (await res.json()) as { data?: { id?: string } } };
    };
    const good = await check(setup.key);
    if (good.status !== 200 || good.body.data?.id !== setup.keyId) {
      throw new Error(`the peer's key got ${good.status} ${JSON.stringify(good.body)} on ${PEER_TOKEN_PATH}`);
    }
    const wrong = await check(`${setup.key.slice(0, -1)}${setup.key.endsWith("A") ? "B" : "A"}`);
    if (wrong.status !== 401) throw new Error(`a wrong key got ${wrong.status} (not 401) on ${PEER_TOKEN_PATH}`);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; see ${opts.logFile}`);
  }

  return {
    baseUrl,
    pid: child.pid!,
    key: setup.key,
    settings: {
      peer: "better-auth",
      provider: opts.provider,
      database: database.label,
      schema: path.relative(root, schemaFile),
      install: installed,
      build: built,
      tokenPath: PEER_TOKEN_PATH,
      ...setup.settings,
    },
    stop,
  };
}
