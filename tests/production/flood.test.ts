// A flood of made-up tokens from many places (issue 27, item 9): each unknown
// value is a database read, so they go through one narrow lane per server.
// Past it they get 503 + Retry-After at once, while a token the server has
// already served keeps answering 200: with the cache off, so every one of its
// requests is a database read too, it never waits in the lane.
// PostgreSQL only (vitest.integration.config.ts): on SQLite a lookup is a
// synchronous call inside the process, finished before the next request is
// read, so there is never more than one in flight and nothing to shed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken } from "@/lib/tokens/format";
import { PORTS, provider, type Running, seededServer } from "../support/deployment";

let server: Running;
let valid: string;
beforeAll(async () => {
  const made = await seededServer(
    "flood",
    {
      TOKEN_LOOKUP_CONCURRENCY: "1",
      TOKEN_LOOKUP_QUEUE: "2",
      // Every request of the valid token is a database read, and no unknown value is remembered.
      TOKEN_CACHE_TTL_MS: "0",
      API_AUTH_FAILURE_LIMIT: "1000000",
      METRICS_PORT: String(PORTS.metrics),
    },
    "Flood survivor",
  );
  server = made.server;
  valid = made.token.plaintext;
}, 120_000);
afterAll(() => server?.stop());

const call = async (token: string) => {
  const res = await fetch(`${server.url}/api/v1/token`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, retryAfter: res.headers.get("retry-after"), code: body.error?.code ?? null };
};

describe(`a flood of made-up tokens (${provider})`, () => {
  it("is shed past the lane with 503 + Retry-After, while a token the server has served answers 200 throughout", async () => {
    expect((await call(valid)).status).toBe(200);
    const flood = Array.from({ length: 300 }, () => call(generateToken()));
    const survivor = Array.from({ length: 20 }, () => call(valid));
    const [unknown, known] = await Promise.all([Promise.all(flood), Promise.all(survivor)]);

    expect(known.map((r) => r.status)).toEqual(known.map(() => 200));
    const shed = unknown.filter((r) => r.status === 503);
    const refused = unknown.filter((r) => r.status === 401);
    const statuses: Record<string, number> = {};
    for (const r of unknown) statuses[`${r.status} ${r.code}`] = (statuses[`${r.status} ${r.code}`] ?? 0) + 1;
    expect(shed.length + refused.length, `${JSON.stringify(statuses)}\n${server.output().slice(-3000)}`).toBe(unknown.length);
    expect(shed.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of shed) expect(r).toMatchObject({ code: "service_unavailable", retryAfter: "1" });
    for (const r of refused) expect(r.code).toBe("unauthorized");

    const metrics = await (await fetch(`http://127.0.0.1:${PORTS.metrics}/metrics`)).text();
    const counted = Number(/^tollgate_token_lookups_shed_total (\d+)/m.exec(metrics)?.[1]);
    expect(counted).toBe(shed.length);
    // Once the flood is over, the lane takes values again: an unknown one gets its 401.
    expect(await call(generateToken())).toMatchObject({ status: 401, code: "unauthorized" });
  });
});
