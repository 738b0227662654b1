// Renders a bench run as the console table and as bench/RESULTS.md.
import { FLOOD_CONNECTIONS, type FloodRun } from "./flood";
import type { CaseResult } from "./load";
import type { PageStats, PickerStats, SearchStats } from "./page";
import type { TokenPageStats } from "./usage";

export interface BenchResult {
  provider: "sqlite" | "postgres";
  date: string;
  node: string;
  cpu: string;
  cores: number;
  loadAverageAtStart: number[];
  settings: {
    connections: number;
    seconds: number;
    warmupSeconds: number;
    rounds: number;
    port: number;
    build: string;
    seedSeconds: number;
  };
  seeded: Record<string, number>;
  cases: CaseResult[];
  bWrites: number;
  bSeconds: number;
  bLastUsedAt: string | null;
  peakRssMb: number;
  rssByPhaseMb: Record<string, number>;
  serverProcesses: number;
  probeHooks: string[];
  pages: PageStats[];
  pickers: PickerStats[];
  /** Token search and filters on the Developers page (bench/page.ts SEARCH_QUERIES), per workspace size. */
  searches?: SearchStats[];
  /** Older results: one workspace only. */
  search?: SearchStats;
  /** The token page with USAGE_ROWS usage records in the workspace (bench/usage.ts). */
  tokenPage?: TokenPageStats & { usageRows: number; seedSeconds: number };
  pickerQueries: { kind: string; query: string }[];
  /** Servers on one core and the load generator on the other (taskset). */
  pinned?: boolean;
  /** The Better Auth peer's configuration (bench/peers/better-auth/README.md). */
  peerSettings?: Record<string, string | number | boolean>;
  /** (b) quiet and under a flood of distinct unknown tokens, lookup lane on and off (bench/flood.ts). */
  flood?: FloodRun[];
  totalSeconds: number;
}

const writes = (q: Record<string, number>) => ["INSERT", "UPDATE", "DELETE", "REPLACE"].reduce((n, v) => n + (q[v] ?? 0), 0);
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const sql = (q: Record<string, number>) =>
  Object.keys(q).length
    ? Object.entries(q)
        .map(([k, v]) => `${k.toLowerCase()} ${v}`)
        .join(", ")
    : "none";

interface Check {
  what: string;
  value: string;
  target: string;
  met: boolean;
}

function checks(r: BenchResult): Check[] {
  const c = Object.fromEntries(r.cases.map((x) => [x.key, x]));
  const ba = c.b.rps / c.a.rps;
  const fb = c.f.rps / c.b.rps;
  // The same ratio with each side taken against the (a) run interleaved with it: cancels machine-wide drift.
  const fbDrift = c.f.rps / c.a2.rps / (c.b.rps / c.a.rps);
  const [large, small] = r.pages;
  const picker = r.pickers[0];
  const both = (value: number, wanted: number, what: string): Check => ({
    what,
    value: fmt(value),
    target: `≥ ${fmt(wanted)}`,
    met: value >= wanted,
  });
  const at_most = (value: number, wanted: number, what: string, shown = fmt(value)): Check => ({
    what,
    value: shown,
    target: `≤ ${fmt(wanted)}`,
    met: value <= wanted,
  });
  // Issue 26: /api/v1 on the lean router, against Next.js's own /api/health (a) and the plain node:http floor (z).
  const out: Check[] = [both(ba, 8, "b/a throughput (token verification / Next.js health route)")];
  if (c.z) {
    out.push(
      both(c.b.rps / c.z.rps, 0.35, "b/z throughput (token verification / the plain node:http floor)"),
      at_most(c.b.p99 / c.z.p99, 1.5, "p99 b/z at 10 connections", `${fmt(c.b.p99 / c.z.p99)} (${fmt(c.b.p99)} / ${fmt(c.z.p99)} ms)`),
    );
  }
  out.push(at_most(c.b.cpuMsPerRequest, 0.15, "server CPU per verified request (b), ms", fmt(c.b.cpuMsPerRequest, 3)));
  if (c.c) out.push(both(c.c.rps / c.a.rps, 3, "c/a throughput (scoped single-device read / health)"));
  if (c.l) out.push(both(c.l.rps / c.a.rps, 3, "l/a throughput (scoped 10-device page / health)"));
  if (c.c && c.z) out.push(both(c.c.rps / c.z.rps, 0.15, "c/z throughput (scoped single-device read / floor)"));
  if (c.l && c.z) out.push(both(c.l.rps / c.z.rps, 0.15, "l/z throughput (scoped 10-device page / floor)"));
  const lane = r.flood?.find((f) => f.server === "lane");
  if (lane) {
    out.push(
      at_most(
        lane.floodP50 / lane.quietP50,
        2,
        "a valid token's p50 under a flood of distinct made-up tokens ÷ quiet (lane on)",
        `${fmt(lane.floodP50 / lane.quietP50)} (${fmt(lane.floodP50)} / ${fmt(lane.quietP50)} ms)`,
      ),
    );
  }
  if (c.e) out.push(both(c.e.rps / c.a.rps, 0.9, "e/a throughput (unknown well-formed token / health)"));
  if (c.t && c.p) {
    const writesPer = (x: CaseResult) => writes(x.queries) / Math.max(1, x.requests);
    out.push(
      both(c.t.rps / c.p.rps, 20, "Tollgate ÷ Better Auth API-key verification throughput (t/p)"),
      {
        what: "p99 Tollgate ÷ Better Auth (t/p)",
        value: `${fmt(c.t.p99 / c.p.p99)} (${fmt(c.t.p99)} / ${fmt(c.p.p99)} ms)`,
        target: "≤ 0.20",
        met: c.t.p99 / c.p.p99 <= 0.2,
      },
      {
        what: "database writes per verified request, Tollgate / Better Auth",
        value: `${fmt(writesPer(c.t), 4)} / ${fmt(writesPer(c.p), 4)}`,
        target: "(reported)",
        met: true,
      },
    );
  }
  if (c.n) {
    const base = c.b0 ?? c.b;
    out.push({
      what: `what the token cache buys: ${c.b0 ? "b0" : "b"}/n throughput, server CPU n/${c.b0 ? "b0" : "b"}`,
      value: `${fmt(base.rps / c.n.rps)}× · ${fmt(c.n.cpuMsPerRequest / base.cpuMsPerRequest)}× (${fmt(c.n.cpuMsPerRequest, 3)} / ${fmt(base.cpuMsPerRequest, 3)} ms)`,
      target: "(reported)",
      met: true,
    });
  }
  if (c.g) {
    const gb = c.g.rps / c.b.rps;
    // Both reload their token from the database once per cache lifetime; what (g) makes beyond that is the limiter's claims.
    const extra = Math.max(0, (c.g.queries.total ?? 0) - (c.b.queries.total ?? 0));
    const cpu = c.g.cpuMsPerRequest / c.b.cpuMsPerRequest;
    out.push(
      { what: "g/b throughput (allowlist + per-token limit on)", value: fmt(gb), target: "≥ 0.95", met: gb >= 0.95 },
      {
        what: "server CPU per request, g/b",
        value: `${fmt(cpu)} (${fmt(c.g.cpuMsPerRequest, 3)} / ${fmt(c.b.cpuMsPerRequest, 3)} ms)`,
        target: "≤ 1.05",
        met: cpu <= 1.05,
      },
      {
        what: "(g) statements beyond (b)'s, per request",
        value: `${fmt(extra / Math.max(1, c.g.requests), 4)} (${extra} for ${c.g.requests} requests)`,
        target: "≤ 0.002 (one batch claim per ≥ 500 requests)",
        met: extra / Math.max(1, c.g.requests) <= 0.002,
      },
    );
  }
  if (c.r) {
    // Against its twin (b0) when there is one: both on side servers that serve one case each, charged alike.
    const base = c.b0 ?? c.b;
    const name = c.b0 ? "b0" : "b";
    const rb = c.r.rps / base.rps;
    const cpu = c.r.cpuMsPerRequest / base.cpuMsPerRequest;
    out.push(
      { what: `r/${name} throughput (usage recording on / off)`, value: fmt(rb), target: "≥ 0.95", met: rb >= 0.95 },
      {
        what: `server CPU per request, r/${name}`,
        value: `${fmt(cpu)} (${fmt(c.r.cpuMsPerRequest, 3)} / ${fmt(base.cpuMsPerRequest, 3)} ms)`,
        target: "≤ 1.05",
        met: cpu <= 1.05,
      },
    );
  }
  if (r.tokenPage) {
    out.push({
      what: `token page with ${r.tokenPage.usageRows.toLocaleString("en-US")} usage rows (median)`,
      value: `${fmt(r.tokenPage.median, 1)} ms (p95 ${fmt(r.tokenPage.p95, 1)})`,
      target: "≤ 150 ms",
      met: r.tokenPage.median <= 150,
    });
  }
  if (r.provider === "sqlite") {
    const p = c.b.p99 / c.a.p99;
    out.push({ what: "p99(b) / p99(a)", value: `${fmt(p)} (${fmt(c.b.p99)} / ${fmt(c.a.p99)} ms)`, target: "≤ 1.20", met: p <= 1.2 });
  }
  out.push(
    { what: "f/b throughput", value: fmt(fb), target: "0.95–1.05", met: fb >= 0.95 && fb <= 1.05 },
    {
      what: "f/b, drift-corrected: (f/a2)/(b/a)",
      value: fmt(fbDrift),
      target: "0.95–1.05",
      met: fbDrift >= 0.95 && fbDrift <= 1.05,
    },
    {
      what: "(d) database statements",
      value: `${c.d.queries.total ?? 0} for ${c.d.requests} requests; d/a ${fmt(c.d.rps / c.a.rps)}`,
      target: "0",
      met: (c.d.queries.total ?? 0) === 0,
    },
    {
      what: "DB writes during (b)",
      value: `${r.bWrites} in ${r.bSeconds} s (${c.b.requests} measured requests, one token)`,
      target: "≤ 1 per token per minute",
      met: r.bWrites <= Math.ceil(r.bSeconds / 60),
    },
    { what: "server peak RSS", value: `${fmt(r.peakRssMb, 1)} MB`, target: "≤ 400 MB", met: r.peakRssMb <= 400 },
    {
      what: "Developers page, 1,000 tokens / 10 tokens (median)",
      value: `${fmt(large.median / small.median)} (${fmt(large.median, 1)} / ${fmt(small.median, 1)} ms)`,
      target: "≤ 1.3×",
      met: large.median / small.median <= 1.3,
    },
    { what: "picker search p95 (large)", value: `${fmt(picker.p95, 1)} ms`, target: "≤ 100 ms", met: picker.p95 <= 100 },
  );
  if (c.x1 && c.x2) {
    out.push({
      what: "two servers behind a round-robin proxy / one (x2/x1, PostgreSQL)",
      value: `${fmt(c.x2.rps / c.x1.rps)} (${fmt(c.x2.rps, 0)} / ${fmt(c.x1.rps, 0)} req/s; p99 ${fmt(c.x2.p99)} / ${fmt(c.x1.p99)} ms)`,
      target: "(reported: 2 cores hold the load generator, the proxy and both servers)",
      met: true,
    });
  }
  for (const search of r.searches ?? (r.search ? [r.search] : [])) {
    out.push({
      what: `token search and filters, ${search.tokens.toLocaleString("en-US")} tokens in the workspace (p95 of ${search.samples} page loads)`,
      value: `${fmt(search.p95, 1)} ms (median ${fmt(search.median, 1)}; slowest: ${search.slowest.what}, median ${fmt(search.slowest.ms, 1)} ms)`,
      target: "≤ 300 ms",
      met: search.p95 <= 300,
    });
  }
  return out;
}

export function renderTable(r: BenchResult): string {
  const c = Object.fromEntries(r.cases.map((x) => [x.key, x]));
  const lines = [
    `Tollgate bench — ${r.provider === "sqlite" ? "SQLite" : "PostgreSQL"}, ${r.date}, Node ${r.node}, ${r.cpu} (${r.cores} cores)`,
    "",
    "| case | what | req/s | server CPU ms/req | p50 ms | p99 ms | responses | SQL statements (measured run) |",
    "|---|---|---:|---:|---:|---:|---|---|",
    ...r.cases.map(
      (x) =>
        `| ${x.key} | ${x.label} | ${fmt(x.rps, 0)} | ${x.cpuMsPerRequest === undefined ? "–" : fmt(x.cpuMsPerRequest, 3)} | ${fmt(x.p50)} | ${fmt(x.p99)} | ${Object.entries(
          x.statuses,
        )
          .map(([s, n]) => `${n}×${s}`)
          .join(" ")}${x.errors ? `, ${x.errors} errors` : ""} | ${sql(x.queries)} |`,
    ),
    "",
    `Ratios: b/a ${fmt(c.b.rps / c.a.rps)}${c.g ? ` · g/b ${fmt(c.g.rps / c.b.rps)}` : ""}${c.r ? ` · r/${c.b0 ? "b0" : "b"} ${fmt(c.r.rps / (c.b0 ?? c.b).rps)}` : ""}${c.n ? ` · n/${c.b0 ? "b0" : "b"} ${fmt(c.n.rps / (c.b0 ?? c.b).rps)}` : ""} · c/a ${fmt(c.c.rps / c.a.rps)}${c.l ? ` · l/a ${fmt(c.l.rps / c.a.rps)}` : ""}${c.t && c.p ? ` · t/p ${fmt(c.t.rps / c.p.rps)} (peer health pa/ta ${fmt(c.pa.rps / c.ta.rps)})` : ""} · f/b ${fmt(c.f.rps / c.b.rps)} (drift-corrected ${fmt(c.f.rps / c.a2.rps / (c.b.rps / c.a.rps))}) · d/a ${fmt(c.d.rps / c.a.rps)} · e/a ${fmt(c.e.rps / c.a.rps)} · p99(b)/p99(a) ${fmt(c.b.p99 / c.a.p99)}`,
    `Server peak RSS (next-server tree, ${r.serverProcesses} process${r.serverProcesses === 1 ? "" : "es"}): ${fmt(r.peakRssMb, 1)} MB; peak by phase: ${Object.entries(
      r.rssByPhaseMb,
    )
      .map(([k, v]) => `${k} ${fmt(v, 0)}`)
      .join(", ")} MB`,
    `DB writes during (b), from its warm-up to its last slice (${r.bSeconds} s): ${r.bWrites} (token lastUsedAt now ${r.bLastUsedAt ?? "null"})`,
    "",
    "| Developers page | median ms | p95 ms | min–max ms | HTML bytes |",
    "|---|---:|---:|---:|---:|",
    ...r.pages.map(
      (p) =>
        `| /w/${p.slug}/settings/developers | ${fmt(p.median, 1)} | ${fmt(p.p95, 1)} | ${fmt(p.min, 1)}–${fmt(p.max, 1)} | ${p.bytes} |`,
    ),
    "",
    "| resource picker (searchResourcesAction over HTTP) | calls | median ms | p95 ms | slowest |",
    "|---|---:|---:|---:|---|",
    ...r.pickers.map(
      (p) =>
        `| ${p.slug} | ${p.samples} | ${fmt(p.median, 1)} | ${fmt(p.p95, 1)} | ${p.slowest.kind} "${p.slowest.query}" ${fmt(p.slowest.ms, 1)} ms |`,
    ),
    "",
    ...(r.flood?.length
      ? [
          `| flood of distinct made-up tokens (${FLOOD_CONNECTIONS} connections) | (b) p50 quiet → flooded ms | (b) p99 quiet → flooded ms | flood req/s | flood responses | (b) responses |`,
          "|---|---:|---:|---:|---|---|",
          ...r.flood.map(
            (f) =>
              `| ${f.server === "lane" ? "lookup lane on (as shipped)" : "lane off (TOKEN_LOOKUP_CONCURRENCY=0)"} | ${fmt(f.quietP50)} → ${fmt(f.floodP50)} (×${fmt(f.floodP50 / f.quietP50, 1)}) | ${fmt(f.quietP99)} → ${fmt(f.floodP99)} | ${f.floodRps} | ${Object.entries(
                f.floodStatuses,
              )
                .map(([s, n]) => `${n}×${s}`)
                .join(" ")} | ${Object.entries(f.validStatuses)
                .map(([s, n]) => `${n}×${s}`)
                .join(" ")} |`,
          ),
          "",
        ]
      : []),
    "| target | value | wanted | |",
    "|---|---|---|---|",
    ...checks(r).map((k) => `| ${k.what} | ${k.value} | ${k.target} | ${k.met ? "met" : "**missed**"} |`),
  ];
  return lines.join("\n");
}

const METHOD = `## How it was measured

- \`npm run bench\` (bench/run.ts). Fresh database: SQLite file bench/.work/bench.db, or the
  PostgreSQL database in \`BENCH_DATABASE_URL\` (schema dropped and re-created); \`tsx scripts/db.ts
  migrate\`; then bench/seed.ts: 3 workspaces (bench-large: 10,000 devices, 100 groups, 20 sites,
  1,000 tokens; bench-small: 60 devices, 10 tokens; bench-10k: 10,000 tokens; bench-bulk: 88,990
  tokens), 100,000 tokens in
  all (a fifth of them scoped to groups and a site), one audit event per token. Multi-row INSERTs
  with SHA-256 hashes from \`hashToken\`; only the plaintexts of the bench tokens are kept.
- Build: a normal \`next build\` into \`NEXT_DIST_DIR=.next-bench\`, reused when the sources are
  unchanged. Then \`next start -p 3400\` with the same Node flags as \`npm start\` (a 256 MB heap
  cap, \`SERVER_HEAP_MB\`), NODE_ENV=production, AUTH_SECRET=bench, AUTH_URL=http://127.0.0.1:3400
  and **API_AUTH_FAILURE_LIMIT=1000000000, so (d) and (e) are never rate limited** (with the
  default limit of 300 they would be 429s within a second).
- Load: autocannon 8, 10 connections. Each case gets a 3 s warm-up run (discarded) and 10 s
  measured. (a) (b) (g) (r) (b0) (n) (c) (l) are measured in 5 interleaved rounds of 2 s so that
  load from anything else on the shared machine falls on all alike; then (ta) (t) (pa) (p), the
  peer comparison, the same way; then (d) and (e), 10 s each; then the page timings; then all but
  100 tokens are deleted and (f) runs interleaved with a second health run (a2).
- Cores: with taskset, each server's main thread runs on CPU 1 and the bench process (the load
  generator, all its threads) on CPU 0, so they stop taking turns; the servers' GC and I/O
  threads stay free (pinning them too made pauses longer). \`BENCH_PIN=0\` runs unpinned.
  "Drift-corrected f/b" is (f/a2)/(b/a). Latency percentiles are computed from every response's
  own duration (µs resolution), not autocannon's whole-millisecond histogram. The load generator runs on the same
  2 cores as the server, so absolute numbers are a floor; the ratios are the point.
- SQL statements: bench/probe.cjs is preloaded into the server (NODE_OPTIONS=--require) and counts
  every statement the driver is given (libsql \`prepare\`/\`exec\`, pg \`Client.query\`) by its first
  keyword, so "(d) makes no query" and "writes during (b)" are counted, not argued. Each case counts
  only the statements of the server it loads (the probe files of that process tree). The probe
  changes nothing in the app; it only wraps the drivers' methods in the server process.
- Peak RSS: VmRSS of the \`next start\` process and all its descendants from /proc, summed, every
  250 ms for the whole run.
- Developers page: signed in as an admin through next-auth's credentials callback (csrf token
  from /api/auth/csrf), then GET /w/{slug}/settings/developers, the time to the last byte of the
  HTML, 3 warm-up loads each, then 20 loads of each page interleaved; median. Picker: the
  \`searchResourcesAction\` server action called over HTTP as the browser does (POST to the page
  with a \`Next-Action\` header, id from the build's server-reference manifest), 10 queries
  (devices "", "a", "AGV", "dock 09", "LRG-1042", "no such device"; groups "", "drone"; sites "",
  "Site 1") × 6 after a warm-up pass; p95 over the 60 calls.
- Token search: the Developers page of bench-10k (10,000 tokens) and of bench-bulk (88,990) with
  each query string of bench/page.ts SEARCH_QUERIES (the first page, words in the name, a pasted
  prefix…last4, a scope filter, never used, unused for 90 days, sorted by name, by last use and by
  expiry, expiring within 7 days), 10 interleaved rounds after a warm-up pass; p95 over the 100
  page loads (the whole server-rendered page, not just the query). \`BENCH_ONLY=search npm run
  bench\` runs only this part and leaves this file alone.
- Scale-out (PostgreSQL only): a second server with the main one's settings starts on the same
  database, and bench/proxy.ts runs two round-robin proxies in the bench process, one in front of
  the main server alone (x1) and one in front of both (x2); x1 and x2 are interleaved under the
  same load. The second server's main thread is not pinned.
`;

const FINDINGS = `## Findings behind the numbers (from profiling; see the report that came with this bench)

- **The auth-failure limiter used to cost more the more a client failed** (it kept every failure
  time of the last minute per IP and copied that list on every request, valid ones included).
  It now keeps two counters per IP (a sliding window approximated by two fixed windows), so its
  cost per request is constant; the bench no longer has to wait out its window before (f).
- **Where the time went, and what changed (issue 15).** \`npm run bench:profile -- health device
  list unknown recording token\` starts the bench build under \`node --cpu-prof\`, loads one case for
  8 s after a 3 s warm-up, and groups the samples by where the code lives. Server CPU per request
  on SQLite, one fresh server per case (2026-12-02):

  | case | before | after | what the profile showed, and the change |
  |---|---:|---:|---|
  | health (a) | 0.93 ms | 0.98 ms | the floor: Node's HTTP, Next.js's router and AsyncLocalStorage, GC — 95% of it is not ours |
  | scoped device read (c) | 5.13 ms | 1.60 ms | 42% in Prisma (query compiler in WebAssembly 0.93 ms, client runtime 0.67, libsql glue 0.52) for two compiled queries. Now one plain statement through the same libsql client or pg pool (\`readRows\` in lib/db/client.ts) with the reach rule in SQL (\`deviceReachSql\`, proved equal to the Prisma form by tests/api/reach-sql.test.ts) |
  | 10-device page (l) | — | 2.36 ms | the same path; the driver's row decoding (0.46 ms) is now the biggest part we own |
  | unknown token (e) | 6.74 ms | 1.27 ms | each request re-read the token (5 statements: the row and its relations). The token cache now remembers unknown hashes for its lifetime in a map of their own (a new value cannot have been presented before it was generated, and creation evicts it anyway) |
  | usage recording (r) | 1.47 vs 1.06 ms | 1.15 vs 1.21 ms | the flush's \`createMany\` cost ~0.16 ms per recorded request in Prisma alone; it is now one bound multi-row INSERT per 500 records plus an upsert per token-day, in one transaction (\`writeBatch\`) |

  What is left above the floor in (b) is ~0.1 ms: SHA-256 of the value, the cache lookup, the
  address check, the JSON. Reach sets already ride in the verified-token cache, so (c) and (l) make
  exactly one statement per request.
- **Drivers.** The libsql client costs ~0.11 ms CPU for an indexed lookup where Prisma's compiled
  query cost ~0.7 ms; @prisma/adapter-better-sqlite3 was not tried (its native module compiles
  SQLite from source on install here), the plain-driver path makes the adapter choice matter
  little for the hot reads.
- **The peer** (bench/peers/better-auth, README there): Better Auth 1.7.5 with @better-auth/api-key
  1.7.5, as its docs recommend (keys hashed in the database, \`deferUpdates\` off, its per-key rate
  limit on with the cap raised so the bench is not refused). Each verification is 1 SELECT and
  2 UPDATEs (rate-limit counter, \`updatedAt\`); Tollgate's is none (cache) and one
  last-used write per token per minute. Both apps run plain Next.js 16.4.5 on the same engine;
  (t)/(p) are interleaved with each one's own health route (ta, pa), so the ratio is per request
  of the same shape.
- **p99 is the framework's.** Tollgate's p99 for a verified request sits within a few ms of its
  own health route's p99 (ta); on a 2-core machine both are set by GC and scheduling pauses, so
  the t/p p99 ratio moves with the peer's tail more than with ours.
- **Concurrent cache misses were not coalesced.** On PostgreSQL, when a cached token expired
  under 10 connections, most in-flight requests missed together and each re-read the token
  (5 queries each). lib/tokens/cache.ts now has \`load()\`: concurrent misses for one hash share
  one read (never across an eviction), used by lib/api/authenticate.ts. (e) sends one unknown
  token from all 10 connections, so on PostgreSQL its concurrent lookups are coalesced too (about
  one query per 10 requests); a stream of different unknown tokens would cost a query each.
- **Peak RSS was V8 heap headroom, not live data.** heapUsed falls back to well under 100 MB
  after collections, but without a cap V8 let heapTotal grow past 200 MB on this 24 GB machine
  and the server peaked at about 430 MB. \`npm start\` and the bench now start the server with
  \`--max-old-space-size=256\` (\`SERVER_HEAP_MB\`).
- **f/b is noisy on a 2-core machine that also runs the load generator**: the same server's
  health throughput drifts between the start and the end of a run, so (f) is measured interleaved
  with a second health run and the drift-corrected ratio (f/a2)/(b/a) is shown next to the raw
  one. Both (b) and (f) make the same number of SQL statements (one token reload per cache
  lifetime), which is the direct evidence that verification cost does not depend on token count.
- **(g) is (b) with the token controls on**: an IP allowlist of four entries (matched with
  ipaddr.js against the edge's address) and a per-token limit. The server runs with
  \`API_TOKEN_RATE_LIMIT=0\` so (b) has no limit at all; (g)'s limit is counted in batches of
  1,000 claimed from rate-limiter-flexible's store (memory on SQLite, the shared rate_limits
  table on PostgreSQL), so an allowed request adds no database round trip: its statements per
  request are the claims.
- **(r) is (b) on a side server with usage recording on, (b0) its twin with it off, (n) one with
  the token cache off**: same build and database, each on its own port serving one case,
  interleaved with the rest. Each is charged its server's CPU over the whole interleaved run plus
  1.5 s (a flush a second later still counts), so r/b0 compares like with like. Every server runs
  with recording off (except (r)'s) and the webhook poller and expiry scan slowed to hourly, so
  each case counts only what a request itself costs.
- **The token page** is timed with bench/usage.ts's rows in the workspace (1,000,000 by default,
  \`BENCH_USAGE_ROWS\`), all for the token whose page is loaded, spread over 30 days: 20 loads
  after 3 warm-ups, alternating the unfiltered page and \`?status=4xx\`.
- Absolute numbers and p99s move by tens of percent between runs on this shared 2-core machine;
  the load average at start is recorded above, and interleaving (a)/(b)/(c) and (a2)/(f) is what
  keeps the throughput ratios comparable.
`;

export function renderMarkdown(runs: BenchResult[]): string {
  const parts = [
    "# Tollgate benchmark results",
    "",
    "Generated by `npm run bench`; numbers below are from the runs named, not edited.",
    "",
  ];
  for (const r of runs) {
    parts.push(`## ${r.provider === "sqlite" ? "SQLite" : "PostgreSQL"}`, "");
    parts.push(
      `- Date: ${r.date} · Node ${r.node} · CPU: ${r.cpu}, ${r.cores} cores · load average at start ${r.loadAverageAtStart.join(" ")}`,
      `- Seeded ${Object.entries(r.seeded)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ")} in ${fmt(r.settings.seedSeconds, 1)} s; build ${r.settings.build}; whole run ${r.totalSeconds} s`,
      `- SQL probe hooks: ${r.probeHooks.join(", ") || "none (statement counts unavailable)"}`,
      "",
      renderTable(r).split("\n").slice(2).join("\n"),
      "",
    );
  }
  parts.push(FINDINGS, METHOD);
  return parts.join("\n");
}
