// Load cases: autocannon with 10 connections, a warm-up run per case that is
// thrown away, then the measured runs. Latencies are recorded here from every
// response at microsecond resolution (autocannon's own histogram keeps whole
// milliseconds, too coarse for a 1.2× comparison of p99s of a few ms).
import autocannon from "autocannon";
import type { EventEmitter } from "node:events";
import { delta, queryCounts, recentStatements, serverCpuMs, tree, type QueryCounts } from "./server";

export interface CaseSpec {
  key: string;
  label: string;
  path: string;
  headers?: Record<string, string>;
  expectStatus: number;
  /**
   * Another server than opts.baseUrl (and its pid, for CPU accounting). A
   * server that serves only this case is charged its CPU for the whole
   * interleaved run plus a moment after it, so work it defers (a usage
   * flush a second later) counts even when it lands in another case's slice.
   */
  server?: { baseUrl: string; pid: number };
}

export interface CaseResult {
  key: string;
  label: string;
  path: string;
  expectStatus: number;
  seconds: number;
  /** Measured in this many interleaved slices. */
  slices: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
  statuses: Record<string, number>;
  unexpected: number;
  errors: number;
  timeouts: number;
  /** SQL statements the server sent during the measured run, by first keyword (from bench/probe.cjs). */
  queries: QueryCounts;
  /** The same for the warm-up run. */
  warmupQueries: QueryCounts;
  /** Server CPU time (user + system, whole process tree) per request over the measured slices, in ms. */
  cpuMsPerRequest: number;
  /** The CPU was read over the whole run, from a server that served only this case (see CaseSpec.server). */
  cpuWholeRun?: boolean;
  /** Distinct statements seen during the measured slices (up to 8, with when first seen). */
  sampleStatements: { at: string; sql: string }[];
  startedAt: string;
  /** When its last measured slice ended (slices of interleaved cases spread over the whole run). */
  endedAt: string;
}

export interface LoadOptions {
  baseUrl: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** The server's pid, for its CPU accounting. */
  serverPid: number;
}

function percentile(sorted: Float64Array, p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round3 = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

async function fire(url: string, spec: CaseSpec, opts: LoadOptions, seconds: number, record?: (ms: number) => void) {
  return autocannon({
    url,
    connections: opts.connections,
    duration: seconds,
    headers: spec.headers,
    setupClient: record
      ? (client: EventEmitter) => client.on("response", (_status: number, _bytes: number, ms: number) => record(ms))
      : undefined,
  });
}

function add(into: QueryCounts, more: QueryCounts) {
  for (const [verb, n] of Object.entries(more)) into[verb] = (into[verb] ?? 0) + n;
}

/** The probe flushes every 100 ms; wait for it before reading counts. */
const settle = () => new Promise((r) => setTimeout(r, 250));

/**
 * Measures `specs` in `rounds` interleaved slices (a b c a b c …) of
 * seconds/rounds each, after a warm-up of each, so that load from anything
 * else on the machine falls on every case alike. One spec: one plain run.
 */
export async function runCases(specs: CaseSpec[], opts: LoadOptions, probeDir: string, rounds = 1): Promise<CaseResult[]> {
  const state = specs.map((spec) => ({
    spec,
    latencies: [] as number[],
    statuses: {} as Record<string, number>,
    seconds: 0,
    errors: 0,
    timeouts: 0,
    queries: {} as QueryCounts,
    warmupQueries: {} as QueryCounts,
    samples: new Map<string, string>(),
    startedAt: "",
    endedAt: "",
    cpuMs: 0,
  }));
  // Statements are counted for the server under load only (its process tree), not the others sharing the database.
  const counts = (spec: CaseSpec) => queryCounts(probeDir, tree(spec.server?.pid ?? opts.serverPid));
  for (const s of state) {
    const before = counts(s.spec);
    const warm = await fire((s.spec.server?.baseUrl ?? opts.baseUrl) + s.spec.path, s.spec, opts, opts.warmupSeconds);
    if (!warm.statusCodeStats[s.spec.expectStatus]) {
      throw new Error(`${s.spec.key}: warm-up got ${JSON.stringify(warm.statusCodeStats)}, expected ${s.spec.expectStatus}`);
    }
    await settle();
    s.warmupQueries = delta(before, counts(s.spec));
  }
  const slice = opts.seconds / rounds;
  const pids = state.map((s) => s.spec.server?.pid ?? opts.serverPid);
  const dedicated = new Map(
    state.filter((s, i) => s.spec.server && pids.filter((p) => p === pids[i]).length === 1).map((s) => [s, s.spec.server?.pid ?? 0]),
  );
  const dedicatedStart = new Map([...dedicated].map(([s, pid]) => [s, serverCpuMs(pid)]));
  for (let round = 0; round < rounds; round++) {
    for (const s of state) {
      s.startedAt ||= new Date().toISOString();
      const before = counts(s.spec);
      const since = new Date().toISOString();
      const pid = s.spec.server?.pid ?? opts.serverPid;
      const cpuBefore = serverCpuMs(pid);
      const result = await fire((s.spec.server?.baseUrl ?? opts.baseUrl) + s.spec.path, s.spec, opts, slice, (ms) => s.latencies.push(ms));
      s.cpuMs += serverCpuMs(pid) - cpuBefore;
      s.endedAt = new Date().toISOString();
      await settle();
      add(s.queries, delta(before, counts(s.spec)));
      for (const st of recentStatements(probeDir, since)) if (s.samples.size < 8 && !s.samples.has(st.sql)) s.samples.set(st.sql, st.at);
      for (const [code, stat] of Object.entries(result.statusCodeStats)) s.statuses[code] = (s.statuses[code] ?? 0) + stat.count;
      s.seconds += result.duration;
      s.errors += result.errors;
      s.timeouts += result.timeouts;
    }
  }
  if (dedicated.size > 0) {
    await new Promise((r) => setTimeout(r, 1_500));
    for (const [s, pid] of dedicated) s.cpuMs = serverCpuMs(pid) - (dedicatedStart.get(s) ?? 0);
  }
  return state.map((s) => {
    const sorted = Float64Array.from(s.latencies).sort();
    const total = Object.values(s.statuses).reduce((a, b) => a + b, 0);
    return {
      key: s.spec.key,
      label: s.spec.label,
      path: s.spec.path,
      expectStatus: s.spec.expectStatus,
      seconds: round3(s.seconds),
      slices: rounds,
      requests: total,
      rps: round3(total / s.seconds, 1),
      p50: round3(percentile(sorted, 50)),
      p90: round3(percentile(sorted, 90)),
      p99: round3(percentile(sorted, 99)),
      mean: round3(s.latencies.reduce((a, b) => a + b, 0) / Math.max(1, s.latencies.length)),
      max: round3(sorted[sorted.length - 1] ?? NaN),
      statuses: s.statuses,
      unexpected: total - (s.statuses[s.spec.expectStatus] ?? 0),
      errors: s.errors,
      timeouts: s.timeouts,
      queries: s.queries,
      warmupQueries: s.warmupQueries,
      cpuMsPerRequest: round3(s.cpuMs / Math.max(1, total), 4),
      cpuWholeRun: dedicated.has(s),
      sampleStatements: [...s.samples].map(([sql, at]) => ({ at, sql })),
      startedAt: s.startedAt,
      endedAt: s.endedAt,
    };
  });
}
