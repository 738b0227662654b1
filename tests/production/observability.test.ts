// What an operator can see (issue 21, findings 7 and 8): readiness apart from
// liveness, Prometheus metrics on their own port, one structured log line
// per API request that names the token by id and never by value, and bounded
// server-action bodies.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken } from "@/lib/tokens/format";
import { actionId } from "../support/actions";
import { logLines, PORTS, provider, type Running, seededServer } from "../support/deployment";
import { BASE_URL } from "../support/servers";

let server: Running;
let token: { id: string; plaintext: string };
beforeAll(async () => {
  ({ server, token } = await seededServer("observability", { METRICS_PORT: String(PORTS.metrics) }, "Observed"));
}, 120_000);
afterAll(() => server?.stop());

const scrape = async () => {
  const res = await fetch(`http://127.0.0.1:${PORTS.metrics}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};
const value = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
};

describe(`operator's view (${provider})`, () => {
  it("readiness checks the database; liveness does not", async () => {
    const ready = await fetch(`${BASE_URL}/api/ready`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", revocations: "ok" } });
    expect((await fetch(`${BASE_URL}/api/health`)).status).toBe(200);
  });

  it("serves Prometheus metrics on METRICS_PORT only, counting requests, verification, the cache and the pools", async () => {
    const before = await scrape();
    const ok = value(before, 'tollgate_api_requests_total{operation="getToken",status="200"}') ?? 0;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/api/v1/token`, { headers: { authorization: `Bearer ${token.plaintext}` } });
      expect(res.status).toBe(200);
    }
    const unknown = await fetch(`${server.url}/api/v1/token`, { headers: { authorization: `Bearer ${generateToken()}` } });
    expect(unknown.status).toBe(401);
    const after = await scrape();
    expect(value(after, 'tollgate_api_requests_total{operation="getToken",status="200"}')).toBe(ok + 3);
    expect(value(after, 'tollgate_api_requests_total{operation="getToken",status="401"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, "tollgate_token_verification_seconds_count")).toBeGreaterThanOrEqual(4);
    expect(value(after, 'tollgate_token_cache_events_total{event="hit"}')).toBeGreaterThanOrEqual(2);
    expect(value(after, 'tollgate_token_cache_events_total{event="miss"}')).toBeGreaterThanOrEqual(1);
    for (const series of [
      "tollgate_usage_buffer_records",
      "tollgate_usage_records_dropped_total",
      "tollgate_webhook_queue_depth",
      "tollgate_webhook_failures_total",
      'tollgate_db_pool_connections{state="in_use"}',
      'tollgate_db_pool_connections{state="waiting"}',
      "tollgate_process_cpu_seconds_total",
    ]) {
      expect(value(after, series), series).not.toBeNull();
    }
    expect(after).toContain("# TYPE tollgate_rate_limit_refusals_total counter");
    // Nothing secret in a label.
    expect(after).not.toContain(token.plaintext);
    expect(after).not.toContain(token.id);
    // Not on the public port.
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it("logs one JSON line per API request with its id, operation, status, latency and token id, never the value", async () => {
    const res = await fetch(`${server.url}/api/v1/token`, { headers: { "x-api-key": token.plaintext } });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id");
    await expect.poll(() => logLines(server.output()).find((l) => l.requestId === requestId)).toBeDefined();
    const line = logLines(server.output()).find((l) => l.requestId === requestId)!;
    expect(line).toMatchObject({
      msg: "api request",
      operation: "getToken",
      status: 200,
      tokenId: token.id,
      service: "tollgate",
      level: 30,
    });
    expect(typeof line.latencyMs).toBe("number");
    expect(typeof line.time).toBe("number");
    expect(server.output()).not.toContain(token.plaintext);
  });

  it("refuses an over-size server-action body with 413 and an unsized one with 411, before reading it", async () => {
    // Headers and the first bytes only: the answer must come from the headers alone, before the body is read.
    const send = (headers: Record<string, string | number>, first: Buffer, end: boolean) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${BASE_URL}/w/acme/settings/developers`, { method: "POST", headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on("error", (error: NodeJS.ErrnoException) =>
          error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error),
        );
        req.write(first);
        if (end) req.end();
      });
    const action = { "next-action": actionId("createTokenAction"), origin: BASE_URL, "content-type": "text/plain;charset=UTF-8" };
    expect(await send({ ...action, "content-length": 10 * 1024 * 1024 }, Buffer.alloc(64 * 1024, "a"), false)).toBe(413);
    expect(await send({ ...action, "transfer-encoding": "chunked" }, Buffer.from("[]"), false)).toBe(411);
    // The same action at an ordinary size still reaches the app (403 for an anonymous caller's missing session is its business).
    expect(await send({ ...action, "content-length": 2 }, Buffer.from("[]"), true)).not.toBe(413);
  });
});
