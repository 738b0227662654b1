// A flood of distinct made-up tokens (issue 27, item 9): a valid token's
// latency on a server while FLOOD_CONNECTIONS connections send it a new unknown value each
// request, next to the same valid load with no flood, on two servers that
// differ in one setting only: the lane for unfamiliar lookups on (as shipped)
// or off (TOKEN_LOOKUP_CONCURRENCY=0). Interleaved rounds, one server at a time.
import type { EventEmitter } from "node:events";
import autocannon from "autocannon";
import { generateToken } from "../lib/tokens/format";

export interface FloodRun {
  server: "lane" | "no lane";
  /** (b)'s latency with no other load, 2 connections. */
  quietP50: number;
  quietP99: number;
  /** The same, while the flood runs. */
  floodP50: number;
  floodP99: number;
  validStatuses: Record<string, number>;
  floodRps: number;
  floodStatuses: Record<string, number>;
}

const sorted = (xs: number[]) => Float64Array.from(xs).sort();
const pct = (s: Float64Array, p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
const r3 = (n: number) => Math.round(n * 1000) / 1000;

function statuses(result: Awaited<ReturnType<typeof autocannon>>): Record<string, number> {
  return Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]));
}

async function valid(url: string, token: string, seconds: number) {
  const latencies: number[] = [];
  const result = await autocannon({
    url,
    connections: 2,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    setupClient: (client: EventEmitter) => client.on("response", (_s: number, _b: number, ms: number) => latencies.push(ms)),
  });
  const s = sorted(latencies);
  return { p50: r3(pct(s, 50)), p99: r3(pct(s, 99)), statuses: statuses(result) };
}

/** Enough at once to fill a PostgreSQL pool many times over (10 connections per server). */
export const FLOOD_CONNECTIONS = 200;

function flood(url: string, seconds: number) {
  return autocannon({
    url,
    connections: FLOOD_CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, headers: { authorization: `Bearer ${generateToken()}` } }) }],
  });
}

/** Rounds of: quiet (b), then (b) under the flood, on each server in turn. */
export async function measureFlood(
  servers: { name: FloodRun["server"]; baseUrl: string }[],
  token: string,
  seconds: number,
  rounds = 2,
): Promise<FloodRun[]> {
  const acc = new Map(
    servers.map((s) => [
      s.name,
      {
        quiet: [] as { p50: number; p99: number }[],
        flooded: [] as { p50: number; p99: number }[],
        validStatuses: {} as Record<string, number>,
        floodStatuses: {} as Record<string, number>,
        floodRequests: 0,
        floodSeconds: 0,
      },
    ]),
  );
  const add = (into: Record<string, number>, more: Record<string, number>) => {
    for (const [k, n] of Object.entries(more)) into[k] = (into[k] ?? 0) + n;
  };
  for (let round = 0; round < rounds; round++) {
    for (const s of servers) {
      const a = acc.get(s.name)!;
      const url = `${s.baseUrl}/api/v1/token`;
      a.quiet.push(await valid(url, token, seconds));
      const [under, noise] = await Promise.all([valid(url, token, seconds), flood(url, seconds)]);
      a.flooded.push(under);
      add(a.validStatuses, under.statuses);
      const counted = statuses(noise);
      add(a.floodStatuses, counted);
      a.floodRequests += Object.values(counted).reduce((x, y) => x + y, 0);
      a.floodSeconds += noise.duration;
    }
  }
  const median = (xs: number[]) => sorted(xs)[Math.floor((xs.length - 1) / 2)];
  return servers.map((s) => {
    const a = acc.get(s.name)!;
    return {
      server: s.name,
      quietP50: median(a.quiet.map((x) => x.p50)),
      quietP99: median(a.quiet.map((x) => x.p99)),
      floodP50: median(a.flooded.map((x) => x.p50)),
      floodP99: median(a.flooded.map((x) => x.p99)),
      validStatuses: a.validStatuses,
      floodRps: Math.round(a.floodRequests / Math.max(1, a.floodSeconds)),
      floodStatuses: a.floodStatuses,
    };
  });
}
