// `npm start`: database ready (migrations, demo seed on first start), a
// production build that matches the sources, then the server (server.ts).
import { execFileSync, spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../prisma/seed";
import { databaseConfig } from "../lib/db/config";
import { generate, setup } from "./db";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
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

/**
 * Node flags for the server. V8 grows its heap into spare memory long after
 * the live set (about 80 MB here) is collected; a cap keeps the server's
 * footprint predictable. SERVER_HEAP_MB changes it; NODE_OPTIONS is kept.
 */
export function serverNodeOptions(env: Record<string, string | undefined> = process.env) {
  const current = env.NODE_OPTIONS ?? "";
  if (current.includes("--max-old-space-size")) return current;
  return `${current} --max-old-space-size=${Number(env.SERVER_HEAP_MB) || 256}`.trim();
}

/** A fingerprint of everything the build reads, so a stale build is rebuilt. */
export function sourceFingerprint() {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && entry.name !== "node_modules") walk(full);
      } else {
        const stat = fs.statSync(full);
        hash.update(`${full}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ["app", "components", "lib", "public"]) if (fs.existsSync(dir)) walk(dir);
  for (const file of ["next.config.ts", "proxy.ts", "instrumentation.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"]) {
    if (fs.existsSync(file)) hash.update(`${file}:${fs.statSync(file).mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** Builds into `distDir` unless a build of the current sources is already there. */
export function ensureBuild(distDir = process.env.NEXT_DIST_DIR || ".next", quiet = false): "reused" | "built" {
  const dist = path.join(root, distDir);
  const marker = path.join(dist, "tollgate-fingerprint");
  const fingerprint = sourceFingerprint();
  const current = fs.existsSync(path.join(dist, "BUILD_ID")) && fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === fingerprint;
  if (current) return "reused";
  if (!quiet) console.log("Building Tollgate (first start or sources changed)…");
  execFileSync(bin("next"), ["build"], {
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  fs.writeFileSync(marker, fingerprint);
  return "built";
}

/**
 * Starts the production server: server.ts (the edge that decides client
 * addresses) in front of Next.js's handler. `nodeArgs` go to node itself
 * (e.g. --cpu-prof, which NODE_OPTIONS does not accept).
 */
export function spawnServer(opts: {
  port: number | string;
  host?: string;
  env?: NodeJS.ProcessEnv;
  stdio?: StdioOptions;
  nodeArgs?: string[];
}): ChildProcess {
  const env = opts.env ?? process.env;
  return spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), "--import", "tsx", path.join(root, "server.ts"), "-p", String(opts.port), "-H", opts.host ?? "127.0.0.1"],
    { env: { ...env, NODE_OPTIONS: serverNodeOptions(env) }, stdio: opts.stdio ?? "inherit" },
  );
}

/** Waits until `baseUrl` answers /api/health; fails early if `server` exits first. */
export async function waitForHealth(baseUrl: string, server?: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) throw new Error(`the server on ${baseUrl} exited with ${server.exitCode}`);
    const up = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server on ${baseUrl} did not become ready within ${timeoutMs / 1000} s`);
}

async function main() {
  const port = process.env.PORT ?? "3000";
  const host = process.env.HOST ?? "0.0.0.0";
  if (!fs.existsSync(path.join(root, "lib", "generated", "sqlite", "client.ts"))) generate();
  localAuthSecret();
  const db = databaseConfig(process.env.DATABASE_URL);
  console.log(`Database: ${db.provider === "sqlite" ? db.url.replace(/^file:/, "SQLite file ") : "PostgreSQL"}`);
  if (await setup()) console.log("Seeded the demo workspaces Acme Robotics and Globex.");
  ensureBuild();

  const url = process.env.AUTH_URL ?? `http://localhost:${port}`;
  console.log(`\nTollgate is starting on ${url}\n\nDemo logins (password: ${DEMO_PASSWORD})`);
  for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(24)} ${login.workspace} · ${login.role}`);
  console.log("");

  const server = spawnServer({ port, host });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}

if (process.argv[1]?.endsWith("scripts/start.ts")) await main();
