// A PostgreSQL restart under load on two servers (issue 21, findings 4, 5
// and 7): tokens verified shortly before keep working from the cache, every
// other request gets 503 with Retry-After (never 500), nothing is thrown
// uncaught, readiness says not ready meanwhile, and once the database is back
// a revocation on one server is seen by the other. The database is a server
// of this test's own (scripts/postgres.sh), so stopping it touches nothing else.
// PostgreSQL runs only (vitest.integration.config.ts): SQLite has no server to restart.
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { callAction, signIn } from "../support/actions";
import { freshPostgresDatabase, npmRun, PORTS, productionEnv, type Running, sql, startServer, waitFor } from "../support/deployment";

const PG_PORT = 55_441;
const postgres = (command: "start" | "stop") =>
  execFileSync("bash", ["scripts/postgres.sh", command, String(PG_PORT)], { encoding: "utf8" }).trim();

const running: Running[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop("SIGKILL")));
  postgres("stop");
});

interface Sample {
  at: number;
  server: "a" | "b";
  token: "cached" | "uncached";
  status: number;
  retryAfter: string | null;
  code: string | null;
}

describe("a PostgreSQL restart under load", () => {
  it("keeps cached tokens working, answers 503 + Retry-After otherwise, never 500, and recovers by itself", async () => {
    const databaseUrl = await freshPostgresDatabase(postgres("start"), "outage");
    const env = productionEnv(databaseUrl);
    await npmRun("migrate", [], env);
    await npmRun("db:seed", [], env);
    const a = startServer(PORTS.first, env);
    const b = startServer(PORTS.second, env);
    running.push(a, b);
    await Promise.all([waitFor(a), waitFor(b)]);

    const cookie = await signIn(a.url, "admin@acme.test");
    const create = async (name: string) => {
      const r = await callAction(a.url, cookie, "createTokenAction", [
        "acme",
        { name, expiry: "7d", scopes: ["devices:read"], access: "all" },
      ]);
      return r.result!.data as { id: string; plaintext: string };
    };
    const cached = await create("Outage cached");
    const uncached = await create("Outage uncached");
    const revoked = await create("Outage revoked after");
    const call = async (server: Running, token: string) => {
      const res = await fetch(`${server.url}/api/v1/token`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json().catch(() => null)) as { error?: { code: string } } | null;
      return { status: res.status, retryAfter: res.headers.get("retry-after"), code: body?.error?.code ?? null };
    };
    for (const server of [a, b]) {
      expect((await call(server, cached.plaintext)).status).toBe(200);
      expect((await call(server, revoked.plaintext)).status).toBe(200);
    }

    // Load: both servers every 100 ms, with the cached token, and from the moment the database stops one never presented before.
    const samples: Sample[] = [];
    let loading = true;
    let stopped = false;
    const load = (async () => {
      while (loading) {
        const at = Date.now();
        const results = await Promise.all(
          (["a", "b"] as const).flatMap((name) =>
            (stopped ? (["cached", "uncached"] as const) : (["cached"] as const)).map(async (kind) => ({
              at,
              server: name,
              token: kind,
              ...(await call(name === "a" ? a : b, kind === "cached" ? cached.plaintext : uncached.plaintext)),
            })),
          ),
        );
        samples.push(...results);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    await new Promise((r) => setTimeout(r, 500));
    postgres("stop");
    const stoppedAt = Date.now();
    stopped = true;
    await new Promise((r) => setTimeout(r, 2_000));
    // Readiness says what is wrong; liveness stays up (an outage must not get servers restarted).
    const ready = await fetch(`${a.url}/api/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get("retry-after")).toBeTruthy();
    expect(((await ready.json()) as { checks: Record<string, string> }).checks.database).toMatch(/^unreachable/);
    expect((await fetch(`${b.url}/api/health`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + 10_000 - Date.now())));
    postgres("start");
    const restartedAt = Date.now();
    await Promise.all([waitFor(a, "/api/ready", 200, 30_000), waitFor(b, "/api/ready", 200, 30_000)]);
    await new Promise((r) => setTimeout(r, 500));
    loading = false;
    await load;

    const during = samples.filter((s) => s.at > stoppedAt + 200 && s.at < restartedAt);
    expect(during.length).toBeGreaterThan(100);
    expect(samples.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
    // Verified a moment ago: served from the cache on both servers for the whole outage.
    expect(samples.filter((s) => s.token === "cached" && s.status !== 200)).toEqual([]);
    // Never seen: it cannot be checked, so 503 with Retry-After and the usual error body.
    const uncachedDuring = during.filter((s) => s.token === "uncached");
    expect(uncachedDuring.length).toBeGreaterThan(0);
    for (const s of uncachedDuring) expect(s).toMatchObject({ status: 503, code: "service_unavailable", retryAfter: "5" });
    // And once the database is back, it works.
    expect(samples.filter((s) => s.token === "uncached").at(-1)?.status).toBe(200);

    // A revocation on one server right after the restart is seen by the other.
    const [row] = await sql<{ version: number }>(databaseUrl, 'SELECT version FROM "ApiToken" WHERE id = ?', [revoked.id]);
    const deleted = await callAction(a.url, cookie, "deleteTokenAction", ["acme", { tokenId: revoked.id, version: row.version }]);
    expect(deleted.result?.ok).toBe(true);
    expect((await call(b, revoked.plaintext)).status).toBe(401);
    expect((await call(a, revoked.plaintext)).status).toBe(401);

    // Every pool had an error listener: nothing was thrown uncaught, and the logs name the cause.
    for (const server of [a, b]) {
      expect(server.output()).not.toMatch(/uncaught|unhandled/i);
      expect(server.output()).toMatch(/"cause":"(ECONNREFUSED|postgres 57P01|DatabaseNotReachable)/);
    }
  }, 180_000);
});
