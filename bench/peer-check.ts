// `npx tsx bench/peer-check.ts`: starts the Better Auth peer (bench/peer.ts) on SQLite, and on
// PostgreSQL too when BENCH_DATABASE_URL is set, fires 2,000 requests (10 connections) at its
// /api/health, 2,000 at its token route with its key and 500 with a wrong key (each after 200
// unmeasured warm-up requests), and prints req/s, statuses, server CPU and the
// SQL statements the probe (bench/probe.cjs) counted at the driver, per request. Ports 3600, 3601.
import autocannon from "autocannon";
import type { EventEmitter } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { PEER_TOKEN_PATH, startPeer } from "./peer";
import { delta, probeHooks, queryCounts, serverCpuMs } from "./server";

const root = process.cwd();
const work = path.join(root, "bench", ".work", "peer-check");
const PORT = Number(process.env.PEER_PORT ?? 3600);
const REQUESTS = Number(process.env.PEER_CHECK_REQUESTS ?? 2000);
const WARMUP = 200;
const pgUrl = process.env.BENCH_DATABASE_URL?.trim();
const t0 = Date.now();
const log = (msg: string) => console.log(`[peer-check ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const settle = () => new Promise((r) => setTimeout(r, 300));

type Options = Parameters<typeof autocannon>[0];

/**
 * `amount` requests over 10 connections. Returns autocannon's result and the seconds from the start to
 * the last response: autocannon notices that a fixed amount is done only on its next one-second tick,
 * so its own duration (and wall time around it) is up to a second too long.
 */
async function fire(url: string, headers: Record<string, string>, amount: number) {
  const started = performance.now();
  let last = started;
  // `amount` (a fixed number of requests) is an autocannon option bench/autocannon.d.ts leaves out.
  const result = await autocannon({
    url,
    connections: 10,
    amount,
    headers,
    setupClient: (client: EventEmitter) => client.on("response", () => (last = performance.now())),
  } as Options);
  return { result, seconds: (last - started) / 1000 };
}

async function check(provider: "sqlite" | "postgres", port: number): Promise<boolean> {
  const probeDir = path.join(work, `probe-${provider}`);
  fs.rmSync(probeDir, { recursive: true, force: true });
  fs.mkdirSync(probeDir, { recursive: true });
  log(`${provider}: installing/building if needed, fresh database, user and key, starting on port ${port}…`);
  const peer = await startPeer({
    provider,
    databaseUrl: provider === "postgres" ? pgUrl! : `file:${path.join(work, "unused.db")}`,
    port,
    workDir: work,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_OPTIONS: `--require=${path.join(root, "bench", "probe.cjs")}`,
      BENCH_PROBE_DIR: probeDir,
    },
    logFile: path.join(work, `peer-${provider}.log`),
  });
  let ok = true;
  try {
    await settle();
    log(`${provider}: up (pid ${peer.pid}); probe hooks: ${probeHooks(probeDir).join(", ") || "none"}`);
    log(`${provider}: settings ${JSON.stringify(peer.settings)}`);
    const wrongKey = `${peer.key.slice(0, -1)}${peer.key.endsWith("A") ? "B" : "A"}`;
    const cases: { label: string; path: string; headers: Record<string, string>; amount: number; expect: number }[] = [
      { label: "health (no auth, no DB)", path: "/api/health", headers: {}, amount: REQUESTS, expect: 200 },
      { label: "valid key", path: PEER_TOKEN_PATH, headers: { authorization: `Bearer ${peer.key}` }, amount: REQUESTS, expect: 200 },
      {
        label: "wrong key",
        path: PEER_TOKEN_PATH,
        headers: { authorization: `Bearer ${wrongKey}` },
        amount: Math.ceil(REQUESTS / 4),
        expect: 401,
      },
    ];
    for (const c of cases) {
      const url = `${peer.baseUrl}${c.path}`;
      await fire(url, c.headers, WARMUP);
      await settle();
      const before = queryCounts(probeDir);
      const cpuBefore = serverCpuMs(peer.pid);
      const { result, seconds } = await fire(url, c.headers, c.amount);
      const cpuMs = serverCpuMs(peer.pid) - cpuBefore;
      await settle();
      const sql = delta(before, queryCounts(probeDir));
      const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
      const total = Object.values(statuses).reduce((a, b) => a + b, 0);
      const perRequest = Object.fromEntries(
        Object.entries(sql).map(([verb, n]) => [verb, Math.round((n / Math.max(1, total)) * 1000) / 1000]),
      );
      const rps = Math.round((total / seconds) * 10) / 10;
      log(
        `${provider}: ${c.label}: ${total} requests in ${seconds.toFixed(2)} s = ${rps} req/s, ` +
          `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, server CPU ${(cpuMs / Math.max(1, total)).toFixed(3)} ms/request, ` +
          `statuses ${JSON.stringify(statuses)}, errors ${result.errors}, timeouts ${result.timeouts}`,
      );
      log(`${provider}: ${c.label}: SQL ${JSON.stringify(sql)}, per request ${JSON.stringify(perRequest)}`);
      if ((statuses[c.expect] ?? 0) !== total || total < c.amount || result.errors > 0) {
        log(`${provider}: ${c.label}: FAILED (expected ${c.amount} × ${c.expect})`);
        ok = false;
      }
    }
  } finally {
    await peer.stop();
    log(`${provider}: stopped; server log ${path.relative(root, path.join(work, `peer-${provider}.log`))}`);
  }
  return ok;
}

async function main() {
  fs.mkdirSync(work, { recursive: true });
  let ok = await check("sqlite", PORT);
  if (pgUrl) ok = (await check("postgres", PORT + 1)) && ok;
  else log("BENCH_DATABASE_URL is not set: PostgreSQL skipped");
  log(ok ? "peer check passed" : "peer check FAILED");
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
