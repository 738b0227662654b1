// `npm run bench:profile -- <case…>`: where a case's server time goes. Builds
// (or reuses) the bench build, seeds the bench database, starts the server
// under `node --cpu-prof`, loads it with one case at a time (after a warm-up),
// and prints each case's CPU samples grouped by where the code comes from:
// Next.js, React, the Prisma client and its query compiler, the database
// driver, Node's own I/O, and our code. Cases: health, token, device, list,
// unknown, recording (the same requests as bench cases a, b, c, l, e, r).
// PROFILE_SECONDS (default 8) per case. SQLite unless BENCH_DATABASE_URL is set.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { generateToken } from "../lib/tokens/format";
import { ensureBuild } from "../scripts/lib/build";
import { freshDatabase } from "../scripts/lib/database";
import { serverNodeOptions } from "../scripts/lib/server";
import { startServer } from "./server";

const root = process.cwd();
const work = path.join(root, "bench", ".work");
const PORT = Number(process.env.BENCH_PORT ?? 3400) + 50;
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 8);
const pgUrl = process.env.BENCH_DATABASE_URL?.trim();
const DATABASE_URL = pgUrl || `file:${path.join(work, "profile.db")}`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives, coarse enough to act on. */
export function category(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(idle)" || functionName === "(program)" || functionName === "(root)") return functionName;
  if (url.startsWith("wasm://")) return "Prisma query compiler (WebAssembly)";
  if (url.startsWith("node:") || url === "")
    return url.startsWith("node:internal/streams") || url.includes("http") ? "Node HTTP and streams" : "Node internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) {
    if (pkg.startsWith("@prisma/") || pkg === "prisma")
      return pkg.includes("adapter") || pkg.includes("driver") ? `${pkg} (driver adapter)` : "Prisma client runtime";
    if (pkg.startsWith("@libsql/") || pkg === "libsql" || pkg === "pg" || pkg.startsWith("pg-")) return `${pkg} (database driver)`;
    if (pkg === "next" || pkg.startsWith("@next/")) return "Next.js";
    if (pkg.startsWith("react")) return "React";
    return pkg;
  }
  if (/lib\/generated\//.test(url) || /generated_(sqlite|postgres)/.test(url)) return "Prisma client runtime";
  if (/\.next[^/]*\/server\/chunks\//.test(url)) return "app bundle (our code and inlined libraries)";
  if (/\.next[^/]*\/server\//.test(url)) return "Next.js";
  return "other";
}

/** Self time by category and the top functions, for the samples between `from` and `to` (µs, profile clock). */
export function summarize(profile: CpuProfile, from: number, to: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const cats = new Map<string, number>();
  const fns = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t > to) continue;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const cat = category(node.callFrame);
    if (cat === "(idle)") continue;
    total += dt;
    cats.set(cat, (cats.get(cat) ?? 0) + dt);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${functionName || "(anonymous)"} ${url
      .replace(/^.*node_modules\//, "")
      .replace(root, "")
      .slice(-70)}:${lineNumber + 1}`;
    fns.set(where, (fns.get(where) ?? 0) + dt);
  }
  const share = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, percent: Math.round((1000 * us) / Math.max(1, total)) / 10 }));
  return { totalMs: Math.round(total / 1000), categories: share(cats, 12), functions: share(fns, 15) };
}

export async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  fs.mkdirSync(work, { recursive: true });
  process.env.DATABASE_URL = DATABASE_URL;
  await freshDatabase(DATABASE_URL);
  execFileSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/db.ts", "migrate"], { stdio: "inherit", env: process.env });
  ensureBuild(".next-bench", true);
  const { db } = await import("../lib/db/client");
  const { seedBench } = await import("./seed");
  const seeded = await seedBench(db);
  await db.$disconnect();
  const profDir = path.join(work, "prof-cases");
  fs.rmSync(profDir, { recursive: true, force: true });
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  const cases: Record<string, { path: string; headers?: Record<string, string>; env?: Record<string, string> }> = {
    health: { path: "/api/health" },
    token: { path: "/api/v1/token", headers: bearer(seeded.valid.plaintext) },
    device: { path: `/api/v1/devices/${seeded.scoped.serial}`, headers: bearer(seeded.scoped.plaintext) },
    list: { path: "/api/v1/devices?limit=10", headers: bearer(seeded.scoped.plaintext) },
    unknown: { path: "/api/v1/token", headers: bearer(generateToken()) },
    recording: { path: "/api/v1/token", headers: bearer(seeded.valid.plaintext), env: { USAGE_RECORDING: "true" } },
  };
  const names = wanted.length ? wanted : Object.keys(cases);
  for (const name of names) {
    const spec = cases[name];
    if (!spec) throw new Error(`unknown case ${name}; one of ${Object.keys(cases).join(", ")}`);
    const server = await startServer({
      port: PORT,
      logFile: path.join(work, `profile-${name}.log`),
      nodeArgs: [...serverNodeOptions({}).split(" "), "--cpu-prof", `--cpu-prof-dir=${path.join(profDir, name)}`],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_DIST_DIR: ".next-bench",
        AUTH_SECRET: "bench",
        AUTH_URL: BASE,
        API_AUTH_FAILURE_LIMIT: "1000000000",
        API_TOKEN_RATE_LIMIT: "0",
        USAGE_RECORDING: "false",
        DATABASE_URL,
        ...spec.env,
      },
    });
    const fire = (seconds: number) => autocannon({ url: BASE + spec.path, connections: 10, duration: seconds, headers: spec.headers });
    await fire(3);
    const from = performance.timeOrigin + performance.now();
    const result = await fire(SECONDS);
    const to = performance.timeOrigin + performance.now();
    await server.stop();
    const exitAt = Date.now();
    const file = fs.readdirSync(path.join(profDir, name)).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error(`no profile written for ${name}`);
    const profile = JSON.parse(fs.readFileSync(path.join(profDir, name, file), "utf8")) as CpuProfile;
    // The profile's clock is the server's own (µs); it ends when the server exits, just before `exitAt`.
    const end = profile.endTime;
    const summary = summarize(profile, end - (exitAt - from) * 1000, end - (exitAt - to) * 1000);
    const requests = result.requests.total;
    console.log(
      `\n## ${name}: ${spec.path} — ${Math.round(requests / SECONDS)} req/s, ${requests} requests, profiled ${summary.totalMs} ms of CPU (${(summary.totalMs / requests).toFixed(3)} ms/request)`,
    );
    console.log("\n| where | ms | share | ms/request |\n|---|---:|---:|---:|");
    for (const c of summary.categories) console.log(`| ${c.name} | ${c.ms} | ${c.percent}% | ${(c.ms / requests).toFixed(3)} |`);
    console.log("\n| top functions (self time) | ms | share |\n|---|---:|---:|");
    for (const f of summary.functions) console.log(`| \`${f.name}\` | ${f.ms} | ${f.percent}% |`);
  }
}

if (process.argv[1]?.endsWith("profile.ts")) await main();
