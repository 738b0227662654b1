// The production server under test: `next start` from the bench build,
// peak-RSS sampling of its process tree, and the SQL counts bench/probe.cjs writes.
import { type ChildProcess, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { spawnServer, waitForHealth } from "../scripts/lib/server";

const root = process.cwd();
const _bin = (name: string) => path.join(root, "node_modules", ".bin", name);

export interface Server {
  child: ChildProcess;
  log: string;
  stop(): Promise<void>;
}

/** `nodeArgs` go to node itself (e.g. --cpu-prof, which NODE_OPTIONS does not accept). */
export async function startServer(opts: { port: number; env: NodeJS.ProcessEnv; logFile: string; nodeArgs?: string[] }): Promise<Server> {
  const out = fs.openSync(opts.logFile, "w");
  const child = spawnServer({ port: opts.port, env: opts.env, nodeArgs: opts.nodeArgs, stdio: ["ignore", out, out] });
  await waitForHealth(`http://127.0.0.1:${opts.port}`, child).catch((error: Error) => {
    throw new Error(`${error.message}; see ${opts.logFile}`);
  });
  return {
    child,
    log: opts.logFile,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      fs.closeSync(out);
    },
  };
}

/** The process and all its descendants, from /proc. */
export function tree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]) ?? []));
  return out;
}

/**
 * Pins a process to one CPU with taskset, so the load generator on the other
 * core does not take turns with it. `allThreads`: every thread (for the load
 * generator); otherwise only each process's main thread, so a server's
 * garbage-collector helpers and I/O threads may still use both cores (pinning
 * those too made GC pauses, and so p99, longer). Returns false where
 * taskset is missing or refused (the bench then runs unpinned).
 */
export function pin(pid: number, cpu: number, allThreads = false): boolean {
  try {
    for (const p of tree(pid))
      execFileSync("taskset", [...(allThreads ? ["-a"] : []), "-p", "-c", String(cpu), String(p)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU time (user + system, ms) the server tree has used so far, from the
 * processes' own accounting in /proc: unlike req/s it barely moves when the
 * load generator competes for the same cores.
 */
export function serverCpuMs(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Samples VmRSS of the server tree every 250 ms; `peakMb` is the sum's maximum so far, `phases` the maximum per phase. */
export class RssSampler {
  peakKb = 0;
  processes = 0;
  phases: Record<string, number> = {};
  private current = "start";
  private timer: NodeJS.Timeout;
  constructor(private pid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 250);
  }
  phase(name: string) {
    this.sample();
    this.current = name;
    this.sample();
  }
  sample() {
    const pids = tree(this.pid);
    this.processes = Math.max(this.processes, pids.length);
    const total = pids.reduce((sum, p) => sum + rssKb(p), 0);
    if (total > this.peakKb) this.peakKb = total;
    const mb = Math.round(total / 102.4) / 10;
    if (mb > (this.phases[this.current] ?? 0)) this.phases[this.current] = mb;
    return total;
  }
  get peakMb() {
    return Math.round(this.peakKb / 102.4) / 10;
  }
  stop() {
    clearInterval(this.timer);
  }
}

export type QueryCounts = Record<string, number>;

/** What `after` counts beyond `before`, verb by verb. */
export function delta(before: QueryCounts, after: QueryCounts): QueryCounts {
  const out: QueryCounts = {};
  for (const verb of Object.keys(after)) {
    const d = (after[verb] ?? 0) - (before[verb] ?? 0);
    if (d) out[verb] = d;
  }
  return out;
}

/** Totals of the probe files (one per server process and thread) in `dir`; only those of `pids` when given. */
export function queryCounts(dir: string, pids?: number[]): QueryCounts {
  const sum: QueryCounts = {};
  const wanted = (file: string) => {
    const m = /^probe-(\d+)-\d+\.json$/.exec(file);
    return m !== null && (!pids || pids.includes(Number(m[1])));
  };
  for (const file of fs.readdirSync(dir).filter(wanted)) {
    try {
      const { counts } = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { counts: QueryCounts };
      for (const [verb, n] of Object.entries(counts)) sum[verb] = (sum[verb] ?? 0) + n;
    } catch {}
  }
  return sum;
}

export function probeHooks(dir: string): string[] {
  const hooks = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => /^probe-\d+-\d+\.json$/.test(f))) {
    try {
      for (const h of (JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { hooked: string[] }).hooked) hooks.add(h);
    } catch {}
  }
  return [...hooks];
}

/** Statements the probe saw at or after `since` (ISO time), newest last; at most the probe's last 40. */
export function recentStatements(dir: string, since: string): { at: string; sql: string }[] {
  const out: { at: string; sql: string }[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => /^probe-\d+-\d+\.json$/.test(f))) {
    try {
      const { recent } = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { recent?: { at: string; sql: string }[] };
      out.push(...(recent ?? []).filter((r) => r.at >= since));
    } catch {}
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}
