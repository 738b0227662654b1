// Starting the production server (server.ts: the edge in front of Next.js) and waiting for it.
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import path from "node:path";

const root = process.cwd();

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
    const up = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server on ${baseUrl} did not become ready within ${timeoutMs / 1000} s`);
}
