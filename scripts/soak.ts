// `npm run soak`: 50 clients for 60 s against the API with valid, invalid and
// revoked tokens while admins create and delete tokens through the app.
// Counts 5xx, wrong answers (a revoked token answered 200 after its
// revocation completed) and lost audit events; exits non-zero on any.
// Options: --seconds N --clients N --base-url URL (reuse a running server).
import type { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateToken } from "../lib/tokens/format";
import { callAction, signIn } from "./lib/app-client";

interface Churned {
  token: string;
  revokedAt: number | null;
}

export interface SoakReport {
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  wrongAnswers: number;
  adminCreates: number;
  adminDeletes: number;
  auditExpected: number;
  auditFound: number;
}

// A limit well above what the soak sends: a 429 for a valid token would count as a wrong answer (the default 1,000 a minute is not).
const createInput = (name: string) => ({ name, expiry: "7d", scopes: ["devices:read"], access: "all", rateLimitPerMinute: 1_000_000 });

export async function soak(baseUrl: string, seconds: number, clients: number): Promise<SoakReport> {
  const { db } = await import("../lib/db/client");
  const admin = await signIn(baseUrl, "admin@acme.test");
  const owner = await signIn(baseUrl, "owner@acme.test");
  const runId = Math.random().toString(36).slice(2, 8);
  const auditBefore = await db.auditEvent.count({ where: { tokenName: { startsWith: `Soak ${runId}` } } });
  const create = async (cookie: string, name: string) => {
    const r = await callAction(baseUrl, cookie, "createTokenAction", ["acme", createInput(name)]);
    if (!r.result?.ok) throw new Error(`create failed: ${r.result?.error ?? r.status}`);
    return r.result.data as { id: string; plaintext: string };
  };
  const stable = await Promise.all([0, 1, 2].map((i) => create(admin, `Soak ${runId} stable ${i}`)));
  const churned: Churned[] = [];
  const invalid = [generateToken(), `${generateToken().slice(0, -1)}0`, "tg_live_short", "not-a-token"];

  const report: SoakReport = {
    requests: 0,
    byStatus: {},
    serverErrors: 0,
    wrongAnswers: 0,
    adminCreates: 3,
    adminDeletes: 0,
    auditExpected: 0,
    auditFound: 0,
  };
  const deadline = Date.now() + seconds * 1000;
  const count = (status: number) => {
    report.requests++;
    report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
    if (status >= 500) report.serverErrors++;
  };

  const client = async (n: number) => {
    while (Date.now() < deadline) {
      const pick = (n + report.requests) % 4;
      let token: string;
      let expect: "200" | "401" | "either";
      let churn: Churned | undefined;
      if (pick === 0) [token, expect] = [stable[n % stable.length].plaintext, "200"];
      else if (pick === 1) [token, expect] = [invalid[n % invalid.length], "401"];
      else if (churned.length > 0) {
        churn = churned[(n * 7 + report.requests) % churned.length];
        [token, expect] = [churn.token, "either"];
      } else [token, expect] = [stable[0].plaintext, "200"];
      const startedAt = Date.now();
      const revokedBefore = churn?.revokedAt != null && churn.revokedAt < startedAt;
      const res = await fetch(`${baseUrl}/api/v1/token`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      count(res.status);
      if (expect === "200" && res.status !== 200) report.wrongAnswers++;
      if (expect === "401" && res.status !== 401) report.wrongAnswers++;
      if (revokedBefore && res.status === 200) report.wrongAnswers++;
    }
  };

  const adminLoop = async (cookie: string, who: string) => {
    let i = 0;
    while (Date.now() < deadline) {
      const made = await create(cookie, `Soak ${runId} ${who} ${i++}`);
      report.adminCreates++;
      const entry: Churned = { token: made.plaintext, revokedAt: null };
      churned.push(entry);
      await new Promise((r) => setTimeout(r, 150));
      const deleted = await callAction(baseUrl, cookie, "deleteTokenAction", ["acme", { tokenId: made.id, version: 1 }]);
      if (!deleted.result?.ok) throw new Error(`delete failed: ${deleted.result?.error ?? deleted.status}`);
      entry.revokedAt = Date.now();
      report.adminDeletes++;
    }
  };

  await Promise.all([...Array.from({ length: clients }, (_, n) => client(n)), adminLoop(admin, "admin"), adminLoop(owner, "owner")]);
  report.auditExpected = report.adminCreates + report.adminDeletes;
  report.auditFound = (await db.auditEvent.count({ where: { tokenName: { startsWith: `Soak ${runId}` } } })) - auditBefore;
  await db.$disconnect();
  return report;
}

export function printReport(r: SoakReport) {
  console.log(
    `soak: ${r.requests} requests ${JSON.stringify(r.byStatus)}; 5xx ${r.serverErrors}; wrong answers ${r.wrongAnswers}; ` +
      `admin creates ${r.adminCreates}, deletes ${r.adminDeletes}; audit events ${r.auditFound}/${r.auditExpected}`,
  );
  return r.serverErrors === 0 && r.wrongAnswers === 0 && r.auditFound === r.auditExpected;
}

async function main() {
  const { values } = parseArgs({
    options: { seconds: { type: "string", default: "60" }, clients: { type: "string", default: "50" }, "base-url": { type: "string" } },
  });
  let baseUrl = values["base-url"];
  let server: ReturnType<typeof spawn> | null = null;
  if (!baseUrl) {
    const { ensureBuild } = await import("./lib/build");
    const { spawnServer, waitForHealth } = await import("./lib/server");
    const port = 3600;
    baseUrl = `http://127.0.0.1:${port}`;
    process.env.DATABASE_URL ||= "file:./data/soak.db";
    if (process.env.DATABASE_URL.startsWith("file:")) fs.rmSync(path.resolve(process.env.DATABASE_URL.slice(5)), { force: true });
    ensureBuild();
    const { setup } = await import("./lib/database");
    await setup({ demo: true });
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      AUTH_SECRET: "soak",
      AUTH_URL: baseUrl,
      API_AUTH_FAILURE_LIMIT: "100000000",
    };
    server = spawnServer({ port, env, stdio: "ignore" });
    await waitForHealth(baseUrl, server);
  }
  try {
    const ok = printReport(await soak(baseUrl, Number(values.seconds), Number(values.clients)));
    process.exitCode = ok ? 0 : 1;
  } finally {
    server?.kill("SIGTERM");
  }
}

if (process.argv[1]?.endsWith("scripts/soak.ts")) await main();
