// Usage records: what a real request leaves behind (and what it must not),
// the daily rollup the charts read, the token page, and retention pruning.
import { subDays } from "date-fns";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { generateToken } from "@/lib/tokens/format";
import { pruneUsage } from "@/lib/usage/retention";
import { signIn } from "../support/actions";
import { freshWorkspace, tokenInput } from "../support/factories";
import { BASE_URL } from "../support/servers";
import { createToken } from "@/lib/tokens/service";
import { makeToken } from "./helpers";

afterAll(() => db.$disconnect());

const get = (path: string, token: string) => fetch(`${BASE_URL}${path}`, { headers: { authorization: `Bearer ${token}` } });

/** Records are written by the server's buffer about once a second: wait for `count` of them. */
async function recordsOf(tokenId: string, count: number) {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const rows = await db.usageRecord.findMany({ where: { tokenId }, orderBy: { at: "asc" } });
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("usage records", () => {
  it("record accepted and refused requests of a known token with route template, status, address and request id; never the secret", async () => {
    const token = await makeToken({ label: "usage", scopes: ["devices:read"] });
    const ok = await get("/api/v1/devices?limit=1", token.value);
    const forbidden = await get("/api/v1/sites", token.value);
    const device = await get("/api/v1/devices/NO-SUCH", token.value);
    expect([ok.status, forbidden.status, device.status]).toEqual([200, 403, 404]);
    const rows = await recordsOf(token.id, 3);
    expect(rows.map((r) => [r.method, r.route, r.status])).toEqual([
      ["GET", "/api/v1/devices", 200],
      ["GET", "/api/v1/sites", 403],
      ["GET", "/api/v1/devices/{serial}", 404],
    ]);
    expect(rows.map((r) => r.requestId)).toEqual([ok, forbidden, device].map((r) => r.headers.get("x-request-id")));
    for (const r of rows) {
      expect(r.ip).toBe("127.0.0.1");
      expect(r.environment).toBe("live");
      expect(r.latencyMs).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(r)).not.toContain(token.value);
    }
    const day = await db.usageDaily.findFirstOrThrow({ where: { tokenId: token.id } });
    expect(day.success + day.failure).toBe(3);
    expect(day.success).toBe(1);
  });

  it("record every response to a recognised token, 405 included, with the error code and the client's own request id", async () => {
    const token = await makeToken({ label: "usage codes", scopes: ["devices:read"] });
    const send = (method: string, path: string, headers: Record<string, string> = {}) =>
      fetch(`${BASE_URL}${path}`, { method, headers: { authorization: `Bearer ${token.value}`, ...headers } });
    const own = `client-${Date.now()}:retry.1_${"x".repeat(90)}`;
    const responses = [
      await send("GET", "/api/v1/token", { "x-request-id": own }),
      await send("DELETE", "/api/v1/devices/ACM-1001"),
      await send("POST", "/api/v1/token"),
      await send("GET", "/api/v1/sites"),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 405, 405, 403]);
    const rows = await recordsOf(token.id, 4);
    expect(rows.map((r) => [r.method, r.route, r.status, r.code])).toEqual([
      ["GET", "/api/v1/token", 200, null],
      ["DELETE", "/api/v1/devices/{serial}", 405, "method_not_allowed"],
      ["POST", "/api/v1/token", 405, "method_not_allowed"],
      ["GET", "/api/v1/sites", 403, "forbidden"],
    ]);
    expect(rows[0].requestId).toBe(own);
    expect(rows.map((r) => r.requestId)).toEqual(responses.map((r) => r.headers.get("x-request-id")));

    // A 405 without credentials, or with a value nobody holds, is answered the same and recorded for no one.
    const anonymous = await fetch(`${BASE_URL}/api/v1/token`, { method: "POST" });
    const stranger = await fetch(`${BASE_URL}/api/v1/token`, { method: "POST", headers: { authorization: `Bearer ${generateToken()}` } });
    expect([anonymous.status, stranger.status]).toEqual([405, 405]);
    await new Promise((r) => setTimeout(r, 1_500));
    const ids = [anonymous, stranger].map((r) => r.headers.get("x-request-id") ?? "");
    expect(await db.usageRecord.count({ where: { requestId: { in: ids } } })).toBe(0);
    expect(await db.usageRecord.count({ where: { tokenId: token.id } })).toBe(4);
  });

  it("record a known token refused as expired, and nothing for malformed or unknown values", async () => {
    const token = await makeToken({ label: "expired usage", expiresAt: new Date(Date.now() + 1_500) });
    await new Promise((r) => setTimeout(r, 1_600));
    expect((await get("/api/v1/token", token.value)).status).toBe(401);
    const rows = await recordsOf(token.id, 1);
    expect(rows.map((r) => r.status)).toEqual([401]);

    const unknown = generateToken();
    const refused = await Promise.all([unknown, `${unknown.slice(0, -1)}x`, "not-a-token"].map((value) => get("/api/v1/token", value)));
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 1_500));
    const ids = refused.map((r) => r.headers.get("x-request-id") ?? "");
    expect(await db.usageRecord.count({ where: { requestId: { in: ids } } })).toBe(0);
  });

  it("show on the token page: the daily table, the requests and their filters", async () => {
    const ws = await freshWorkspace("usage-page");
    const owner = await ws.person("owner");
    const issued = await createToken(owner.actor, tokenInput({ scopes: ["devices:read"] }));
    if (!issued.ok) throw new Error(issued.error);
    const listed = await get("/api/v1/devices", issued.data.plaintext);
    const refusedSites = await get("/api/v1/sites", issued.data.plaintext);
    await recordsOf(issued.data.id, 2);
    const [listedId, sitesId] = [listed, refusedSites].map((r) => r.headers.get("x-request-id") ?? "");
    const cookie = await signIn(BASE_URL, owner.email);
    const page = (q = "") => fetch(`${BASE_URL}/w/${ws.slug}/settings/developers/tokens/${issued.data.id}${q}`, { headers: { cookie } });
    const html = await (await page()).text();
    expect(html).toContain("2 requests in the last 30 days, 1 of them refused or failed.");
    expect(html).toContain("GET /api/v1/sites");
    const filtered = await (await page("?status=4xx")).text();
    expect(filtered).toContain("GET /api/v1/sites");
    expect(filtered).not.toContain("GET /api/v1/devices<");
    // Each request's whole id and its error code are on the page; one id finds that request alone.
    expect(html).toContain(listedId);
    expect(html).toContain(sitesId);
    expect(html).toContain(">forbidden<");
    const one = await (await page(`?request_id=${sitesId}`)).text();
    expect(one).toContain(sitesId);
    expect(one).not.toContain(listedId);
    expect(await (await page("?request_id=no-such-request")).text()).toContain("No requests match these filters.");
    // Another workspace's admin gets nothing.
    const other = await freshWorkspace("usage-other");
    const stranger = await other.person("owner");
    const theirs = await fetch(`${BASE_URL}/w/${other.slug}/settings/developers/tokens/${issued.data.id}`, {
      headers: { cookie: await signIn(BASE_URL, stranger.email) },
    });
    expect(theirs.status).toBe(404);
  });

  it("are pruned by age and by the per-workspace cap, oldest first", async () => {
    const ws = await freshWorkspace("usage-prune");
    // One clock reading for every row: reading it per row made two rows 1 ms apart land on the same millisecond.
    const now = new Date();
    const row = (daysAgo: number, i: number) => ({
      workspaceId: ws.id,
      tokenId: "pruned-token",
      environment: "live",
      at: new Date(subDays(now, daysAgo).getTime() - i),
      method: "GET",
      route: "/api/v1/token",
      status: 200,
      ip: "127.0.0.1",
      latencyMs: 1,
      requestId: `r-${daysAgo}-${i}`,
    });
    await db.usageRecord.createMany({
      data: [...Array.from({ length: 3 }, (_, i) => row(40, i)), ...Array.from({ length: 8 }, (_, i) => row(1, i))],
    });
    const result = await pruneUsage({ workspaceId: ws.id, maxRowsPerWorkspace: 5 });
    expect(result).toEqual({ expired: 3, overCap: 3 });
    const left = await db.usageRecord.findMany({ where: { workspaceId: ws.id }, orderBy: { at: "desc" } });
    expect(left.map((r) => r.requestId)).toEqual(["r-1-0", "r-1-1", "r-1-2", "r-1-3", "r-1-4"]);
  });
});
