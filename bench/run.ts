// `npm run bench`: build and start the production server on a fresh database
// (SQLite, or PostgreSQL when BENCH_DATABASE_URL is set), seed 100,000 tokens
// and 10,060 devices, load it with autocannon, time the Developers page, and
// write bench/RESULTS.md and bench/results(-postgres).json.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateToken } from "../lib/tokens/format";
import { runCases, type CaseResult, type CaseSpec, type LoadOptions } from "./load";
import { actionId as serverActionId, signIn } from "../scripts/lib/app-client";
import { measureTokenPage, seedUsage, USAGE_ROWS } from "./usage";
import { measurePages, measurePicker, measureSearch, PICKER_QUERIES, type SearchStats } from "./page";
import type { Db } from "../lib/db/client";
import { renderMarkdown, renderTable, type BenchResult } from "./report";
import { ensureBuild } from "../scripts/lib/build";
import { freshDatabase as emptyDatabase } from "../scripts/lib/database";
import { serverNodeOptions, waitForHealth } from "../scripts/lib/server";
import { pin, probeHooks, RssSampler, startServer } from "./server";
import { PEER_TOKEN_PATH, startPeer } from "./peer";
import { startProxy } from "./proxy";
import { FLOOD_CONNECTIONS, measureFlood } from "./flood";

const root = process.cwd();
const work = path.join(root, "bench", ".work");
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const BASE = `http://127.0.0.1:${PORT}`;
const DIST = ".next-bench";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const ROUNDS = 5;
const pgUrl = process.env.BENCH_DATABASE_URL?.trim();
const provider = pgUrl ? "postgres" : "sqlite";
const DATABASE_URL = pgUrl || `file:${path.join(work, "bench.db")}`;
const t0 = Date.now();
const log = (msg: string) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

async function freshDatabase() {
  fs.mkdirSync(work, { recursive: true });
  await emptyDatabase(DATABASE_URL);
  execFileSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/db.ts", "migrate"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL },
  });
}

function cpuModel() {
  const fromProc = /model name\s*:\s*(.+)/.exec(fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "");
  return (fromProc?.[1] ?? os.cpus()[0]?.model ?? "unknown").trim();
}

/** Token search and filters at 10,000 tokens (bench-10k) and at 88,990 (bench-bulk). */
async function measureSearches(db: Db, cookie: string) {
  const out: SearchStats[] = [];
  for (const slug of ["bench-10k", "bench-bulk"]) {
    const tokens = await db.apiToken.count({ where: { workspace: { slug } } });
    const search = await measureSearch(BASE, slug, tokens, cookie);
    log(
      `  token search in ${slug} (${tokens} tokens): p95 ${search.p95} ms (median ${search.median}; slowest ${search.slowest.what} ${search.slowest.ms} ms)`,
    );
    out.push(search);
  }
  return out;
}

async function main() {
  // Everything below that imports lib/db/client must see the bench database.
  process.env.DATABASE_URL = DATABASE_URL;
  log(`database: ${provider}${pgUrl ? "" : ` (${path.relative(root, DATABASE_URL.slice(5))})`}`);
  await freshDatabase();
  log("migrated; building (skipped when the sources are unchanged)…");
  const build = ensureBuild(DIST, true);
  log(`build ${build}; seeding…`);
  const { db } = await import("../lib/db/client");
  const { seedBench, pruneTokens } = await import("./seed");
  const seedStart = Date.now();
  const seeded = await seedBench(db);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  log(`seeded in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(seeded.counts)}`);

  const probeDir = path.join(work, "probe");
  fs.rmSync(probeDir, { recursive: true, force: true });
  fs.mkdirSync(probeDir, { recursive: true });
  // BENCH_CPU_PROF=1 writes a V8 CPU profile of the server to bench/.work/prof/ when it stops.
  // The same heap cap as `npm start` (scripts/start.ts), plus an optional profile.
  const nodeArgs = [
    ...serverNodeOptions({}).split(" "),
    ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.join(work, "prof")}`] : []),
  ];
  const serverEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    // The side servers share the main one's SQLite file (each keeps its own limits and cache; the bench accounts for that).
    SQLITE_SHARED_FILE: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: DIST,
    AUTH_SECRET: "bench",
    AUTH_URL: BASE,
    API_AUTH_FAILURE_LIMIT: "1000000000",
    // (b) is verification alone; (g) is the same with an allowlist and its own limit, so g/b is what they cost.
    API_TOKEN_RATE_LIMIT: "0",
    // Every case counts what a request costs: no usage records (except on (r)'s server), and the
    // webhook poller and expiry scan (a query every 2 s and every minute by default) slowed to hourly.
    USAGE_RECORDING: "false",
    WEBHOOK_POLL_MS: "3600000",
    EXPIRY_SCAN_MS: "3600000",
    DATABASE_URL,
    NODE_OPTIONS: `--require=${path.join(root, "bench", "probe.cjs")}`,
    BENCH_PROBE_DIR: probeDir,
  };
  const server = await startServer({ port: PORT, logFile: path.join(work, `server-${provider}.log`), nodeArgs, env: serverEnv });
  if (process.env.BENCH_ONLY === "search") {
    // A quick look at one part (BENCH_ONLY=search): token search only; bench/RESULTS.md is left as it is.
    try {
      await measureSearches(db, await signIn(BASE, seeded.adminEmail, seeded.adminPassword));
    } finally {
      await server.stop();
      await db.$disconnect();
    }
    return;
  }
  // Side servers on the same build and database, each serving one case, so each ratio to (b) is what one setting costs:
  // (r) usage recording on, (n) the token cache off.
  const side = (port: number, name: string, env: Record<string, string>) =>
    startServer({
      port,
      logFile: path.join(work, `server-${provider}-${name}.log`),
      nodeArgs,
      env: { ...serverEnv, ...env, AUTH_URL: `http://127.0.0.1:${port}` },
    });
  /** (b) quiet and under a flood of made-up tokens, on two side servers: the lookup lane on (as shipped) and off. */
  const floodPhase = async () => {
    log(`flood: (b) on its own and under ${FLOOD_CONNECTIONS} connections of distinct made-up tokens, with the lookup lane on and off`);
    const withLane = await side(PORT + 5, "lane", {});
    const withoutLane = await side(PORT + 6, "no-lane", { TOKEN_LOOKUP_CONCURRENCY: "0" });
    try {
      if (process.env.BENCH_PIN !== "0" && os.cpus().length >= 2) for (const s of [withLane, withoutLane]) pin(s.child.pid ?? 0, 1);
      const runs = await measureFlood(
        [
          { name: "lane", baseUrl: `http://127.0.0.1:${PORT + 5}` },
          { name: "no lane", baseUrl: `http://127.0.0.1:${PORT + 6}` },
        ],
        seeded.valid.plaintext,
        Math.max(2, SECONDS / 4),
      );
      for (const f of runs) {
        log(
          `  ${f.server}: p50 ${f.quietP50} ms quiet → ${f.floodP50} ms under the flood (p99 ${f.quietP99} → ${f.floodP99}); flood ${f.floodRps} req/s ${JSON.stringify(f.floodStatuses)}; valid ${JSON.stringify(f.validStatuses)}`,
        );
      }
      return runs;
    } finally {
      await withLane.stop();
      await withoutLane.stop();
    }
  };
  if (process.env.BENCH_ONLY === "flood") {
    // A quick look at one part (BENCH_ONLY=flood); bench/RESULTS.md is left as it is.
    try {
      await floodPhase();
    } finally {
      await server.stop();
      await db.$disconnect();
    }
    return;
  }
  const recording = await side(PORT + 1, "usage-on", { USAGE_RECORDING: "true" });
  // (b0): (r)'s twin with recording off, charged the same way, so r/b0 compares like with like.
  const twin = await side(PORT + 3, "twin", {});
  const uncached = await side(PORT + 2, "cache-off", { TOKEN_CACHE_TTL_MS: "0" });
  // The peer (bench/peers/better-auth): the same kind of Next.js app verifying Better Auth API keys, on the same engine.
  const peer =
    process.env.BENCH_PEER === "0"
      ? null
      : await startPeer({
          provider,
          databaseUrl: DATABASE_URL,
          port: PORT + 10,
          workDir: work,
          logFile: path.join(work, `peer-${provider}.log`),
          nodeArgs,
          env: serverEnv,
        });
  // (z): the plain node:http floor (bench/floor.mjs), the same valid token, in a process of its own.
  const floorPort = PORT + 7;
  const floor = spawn(process.execPath, [path.join(root, "bench", "floor.mjs"), String(floorPort), seeded.valid.plaintext], {
    stdio: "ignore",
  });
  await waitForHealth(`http://127.0.0.1:${floorPort}`, floor);
  const servers = [server, recording, uncached, twin, { child: floor }];
  // Servers on the second core, the load generator (this process) on the first: they stop taking turns.
  const pinned = process.env.BENCH_PIN !== "0" && os.cpus().length >= 2;
  const pinnedOk =
    pinned &&
    [...servers.map((x) => x.child.pid ?? 0), ...(peer ? [peer.pid] : [])].every((pid) => pin(pid, 1)) &&
    pin(process.pid, 0, true);
  const rss = new RssSampler(server.child.pid!);
  log(`server up (pid ${server.child.pid}); probe hooks: ${probeHooks(probeDir).join(", ") || "none"}; pinned: ${pinnedOk}`);

  const results: CaseResult[] = [];
  let peerSettings: Record<string, string | number | boolean> | undefined;
  const loadAverageAtStart = os.loadavg().map((n) => Math.round(n * 100) / 100);
  try {
    const opts: LoadOptions = { baseUrl: BASE, connections: 10, seconds: SECONDS, warmupSeconds: WARMUP, serverPid: server.child.pid! };
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const last = seeded.valid.plaintext.at(-1) === "A" ? "B" : "A";
    const badChecksum = seeded.valid.plaintext.slice(0, -1) + last;
    const cases: CaseSpec[] = [
      { key: "a", label: "GET /api/health (no auth, no DB)", path: "/api/health", expectStatus: 200 },
      {
        key: "b",
        label: "GET /api/v1/token, valid token",
        path: "/api/v1/token",
        headers: bearer(seeded.valid.plaintext),
        expectStatus: 200,
      },
      {
        key: "g",
        label: "GET /api/v1/token, valid token with IP allowlist + per-token limit",
        path: "/api/v1/token",
        headers: bearer(seeded.controlled.plaintext),
        expectStatus: 200,
      },
      {
        key: "r",
        label: "(b) on a second server with usage recording on",
        path: "/api/v1/token",
        headers: bearer(seeded.valid.plaintext),
        expectStatus: 200,
        server: { baseUrl: `http://127.0.0.1:${PORT + 1}`, pid: recording.child.pid! },
      },
      {
        key: "b0",
        label: "(b) on a fourth server, (r)'s twin with usage recording off",
        path: "/api/v1/token",
        headers: bearer(seeded.valid.plaintext),
        expectStatus: 200,
        server: { baseUrl: `http://127.0.0.1:${PORT + 3}`, pid: twin.child.pid! },
      },
      {
        key: "n",
        label: "(b) on a third server with the token cache off (TOKEN_CACHE_TTL_MS=0)",
        path: "/api/v1/token",
        headers: bearer(seeded.valid.plaintext),
        expectStatus: 200,
        server: { baseUrl: `http://127.0.0.1:${PORT + 2}`, pid: uncached.child.pid! },
      },
      {
        key: "c",
        label: "GET /api/v1/devices/{serial}, scoped (via group)",
        path: `/api/v1/devices/${seeded.scoped.serial}`,
        headers: bearer(seeded.scoped.plaintext),
        expectStatus: 200,
      },
      {
        key: "l",
        label: "GET /api/v1/devices?limit=10, scoped (a page of 10)",
        path: "/api/v1/devices?limit=10",
        headers: bearer(seeded.scoped.plaintext),
        expectStatus: 200,
      },
      {
        key: "z",
        label: "the floor: plain node:http hashing the header and answering JSON (bench/floor.mjs)",
        path: "/api/v1/token",
        headers: bearer(seeded.valid.plaintext),
        expectStatus: 200,
        server: { baseUrl: `http://127.0.0.1:${floorPort}`, pid: floor.pid! },
      },
      { key: "d", label: "malformed token (bad checksum) → 401", path: "/api/v1/token", headers: bearer(badChecksum), expectStatus: 401 },
      { key: "e", label: "well-formed unknown token → 401", path: "/api/v1/token", headers: bearer(generateToken()), expectStatus: 401 },
    ];
    const show = (r: CaseResult) =>
      log(
        `  ${r.key}: ${r.rps} req/s, server CPU ${r.cpuMsPerRequest} ms/request, p50 ${r.p50} ms, p99 ${r.p99} ms, ${JSON.stringify(r.statuses)}, SQL ${JSON.stringify(r.queries)}`,
      );
    const writes = (q: Record<string, number>) => ["INSERT", "UPDATE", "DELETE", "REPLACE"].reduce((n, v) => n + (q[v] ?? 0), 0);

    const interleaved = cases.filter((x) => !["d", "e"].includes(x.key));
    log(
      `cases ${interleaved.map((x) => x.key).join(", ")}: warm-up ${WARMUP} s each, then ${ROUNDS} interleaved rounds of ${SECONDS / ROUNDS} s`,
    );
    rss.phase("interleaved");
    const abc = await runCases(interleaved, opts, probeDir, ROUNDS);
    abc.forEach(show);
    const b = abc[1];
    // Warm-up included: the first request of (b) is the one that writes.
    const bWrites = writes(b.warmupQueries) + writes(b.queries);
    const row = await db.apiToken.findUnique({ where: { id: seeded.valid.id }, select: { lastUsedAt: true } });
    const bLastUsedAt = row?.lastUsedAt?.toISOString() ?? null;
    results.push(...abc);
    await recording.stop();
    await uncached.stop();
    await twin.stop();
    if (peer) {
      // Tollgate's (b) and the peer's verification, interleaved under the same load; the peer's health route for scale.
      log("peer: Tollgate (t) and Better Auth (p) verification interleaved, with each one's health route");
      rss.phase("peer");
      const peerCases = await runCases(
        [
          { ...cases[0], key: "ta", label: "Tollgate GET /api/health (in the peer run)" },
          { ...cases[1], key: "t", label: "Tollgate GET /api/v1/token (in the peer run)" },
          {
            key: "pa",
            label: "Better Auth peer GET /api/health",
            path: "/api/health",
            expectStatus: 200,
            server: { baseUrl: peer.baseUrl, pid: peer.pid },
          },
          {
            key: "p",
            label: "Better Auth peer GET /api/v1/token (API-key plugin verifyApiKey)",
            path: PEER_TOKEN_PATH,
            headers: bearer(peer.key),
            expectStatus: 200,
            server: { baseUrl: peer.baseUrl, pid: peer.pid },
          },
        ],
        opts,
        probeDir,
        ROUNDS,
      );
      peerCases.forEach(show);
      results.push(...peerCases);
      peerSettings = peer.settings;
      await peer.stop();
    }
    if (provider === "postgres") {
      // Scale-out: (b) through a round-robin proxy to one server (x1) and to two on the same database (x2), interleaved.
      log("scale-out: (b) through a round-robin proxy to one server (x1) and to two (x2)");
      rss.phase("scale-out");
      const second = await side(PORT + 4, "second", {});
      const one = await startProxy(PORT + 20, [BASE]);
      const two = await startProxy(PORT + 21, [BASE, `http://127.0.0.1:${PORT + 4}`]);
      try {
        const scale = await runCases(
          [
            {
              ...cases[1],
              key: "x1",
              label: "(b) through a round-robin proxy to one server",
              server: { baseUrl: one.baseUrl, pid: server.child.pid! },
            },
            {
              ...cases[1],
              key: "x2",
              label: "(b) through the same proxy to two servers",
              server: { baseUrl: two.baseUrl, pid: server.child.pid! },
            },
          ],
          opts,
          probeDir,
          ROUNDS,
        );
        scale.forEach(show);
        log(`  x2 split across the two servers: ${two.counts.join(" / ")}`);
        results.push(...scale);
      } finally {
        await one.close();
        await two.close();
        await second.stop();
      }
    }
    for (const spec of cases.filter((x) => ["d", "e"].includes(x.key))) {
      log(`case ${spec.key}: ${spec.label}`);
      rss.phase(spec.key);
      const [r] = await runCases([spec], opts, probeDir);
      show(r);
      results.push(r);
    }

    rss.phase("flood");
    const flood = await floodPhase();

    log("Developers page: signing in and timing the pages…");
    rss.phase("developers-page");
    const cookie = await signIn(BASE, seeded.adminEmail, seeded.adminPassword);
    const pages = await measurePages(BASE, [seeded.large, seeded.small], cookie);
    const actionId = serverActionId("searchResourcesAction", DIST);
    const pickers = [await measurePicker(BASE, seeded.large, cookie, actionId), await measurePicker(BASE, seeded.small, cookie, actionId)];
    for (const p of pages) log(`  page ${p.slug}: median ${p.median} ms (p95 ${p.p95})`);
    for (const p of pickers) log(`  picker ${p.slug}: p95 ${p.p95} ms (median ${p.median})`);
    const searches = await measureSearches(db, cookie);

    log(`token page: seeding ${USAGE_ROWS.toLocaleString("en-US")} usage records into ${seeded.large}…`);
    rss.phase("token-page");
    const usageSeed = await seedUsage(db, provider, seeded.large, seeded.valid.id, USAGE_ROWS);
    log(`  seeded in ${usageSeed.seconds} s`);
    const tokenPage = await measureTokenPage(BASE, seeded.large, seeded.valid.id, cookie);
    log(`  token page: median ${tokenPage.median} ms (p95 ${tokenPage.p95})`);

    log("pruning to 100 tokens for (f)…");
    rss.phase("prune");
    const pruned = await pruneTokens(db, seeded.keepIds);
    log(`  deleted ${pruned.deleted}, ${pruned.left} left`);
    log(`case f (with 100 tokens left), interleaved with (a) again`);
    rss.phase("f");
    const [a2, f] = await runCases(
      [
        { ...cases[0], key: "a2", label: "(a) again, interleaved with (f)" },
        { ...cases[1], key: "f", label: "(b) after deleting all but 100 tokens" },
      ],
      opts,
      probeDir,
      ROUNDS,
    );
    [a2, f].forEach(show);
    results.push(a2, f);

    rss.sample();
    const bench: BenchResult = {
      provider,
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpuModel(),
      cores: os.cpus().length,
      loadAverageAtStart,
      settings: { connections: opts.connections, seconds: SECONDS, warmupSeconds: WARMUP, rounds: ROUNDS, port: PORT, build, seedSeconds },
      seeded: seeded.counts,
      cases: results,
      bWrites,
      // From (b)'s warm-up to the end of its last slice: its slices are spread over the interleaved run.
      bSeconds: Math.round(WARMUP + (Date.parse(b.endedAt) - Date.parse(b.startedAt)) / 1000),
      bLastUsedAt,
      peakRssMb: rss.peakMb,
      rssByPhaseMb: rss.phases,
      serverProcesses: rss.processes,
      probeHooks: probeHooks(probeDir),
      pages,
      pickers,
      searches,
      tokenPage: { ...tokenPage, usageRows: USAGE_ROWS, seedSeconds: usageSeed.seconds },
      pickerQueries: PICKER_QUERIES,
      pinned: pinnedOk,
      peerSettings,
      flood,
      totalSeconds: 0,
    };
    bench.totalSeconds = Math.round((Date.now() - t0) / 1000);
    const jsonFile = path.join(root, "bench", provider === "postgres" ? "results-postgres.json" : "results.json");
    fs.writeFileSync(jsonFile, `${JSON.stringify(bench, null, 2)}\n`);
    const others = ["results.json", "results-postgres.json"]
      .map((f) => path.join(root, "bench", f))
      .filter((f) => f !== jsonFile && fs.existsSync(f))
      .map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as BenchResult);
    const ordered = [bench, ...others].sort((x, y) => (x.provider === "sqlite" ? -1 : 1) - (y.provider === "sqlite" ? -1 : 1));
    fs.writeFileSync(path.join(root, "bench", "RESULTS.md"), renderMarkdown(ordered));
    console.log(`\n${renderTable(bench)}`);
    log(`wrote bench/RESULTS.md and ${path.relative(root, jsonFile)}`);
  } finally {
    rss.stop();
    await recording.stop().catch(() => {});
    await uncached.stop().catch(() => {});
    await twin.stop().catch(() => {});
    await peer?.stop().catch(() => {});
    floor.kill("SIGTERM");
    await server.stop();
    await db.$disconnect();
  }
}

await main();
