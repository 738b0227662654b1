// Per-token request limits: RateLimit-* headers on every authenticated
// response, 429 rate_limited with Retry-After past the limit, counted only
// from allowed addresses, and (on PostgreSQL) one budget across servers.
import { afterAll, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db/client";
import { env } from "@/lib/env";
import { callAction, signIn } from "../../scripts/lib/app-client";
import { contractFetch } from "../support/contract";
import { freshWorkspace } from "../support/factories";
import { BASE_URL, SECOND_BASE_URL } from "../support/servers";
import { expectError, makeToken } from "./helpers";

afterAll(() => db.$disconnect());

const checkedFetch = contractFetch();
const call = (token: string, base = BASE_URL, path = "/api/v1/token") =>
  checkedFetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

const limitHeaders = (res: Response) => ({
  limit: Number(res.headers.get("ratelimit-limit")),
  remaining: Number(res.headers.get("ratelimit-remaining")),
  reset: Number(res.headers.get("ratelimit-reset")),
});

describe("per-token rate limits", () => {
  it("counts down in RateLimit-* headers and answers 429 with Retry-After past the limit", async () => {
    const token = await makeToken({ label: "limited", rateLimitPerMinute: 5 });
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(token.value);
      expect(res.status).toBe(200);
      const h = limitHeaders(res);
      expect(h.limit).toBe(5);
      expect(h.reset).toBeGreaterThanOrEqual(1);
      expect(h.reset).toBeLessThanOrEqual(60);
      remaining.push(h.remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    // The current draft's structured fields say the same, by policy name.
    const last = await call(token.value, BASE_URL, "/api/v1/token");
    expect(last.headers.get("ratelimit-policy")).toBe('"token";q=5;w=60');
    expect(last.headers.get("ratelimit")).toMatch(/^"token";r=0;t=([1-9]|[1-5]\d|60)$/);
    expect(last.status).toBe(429);
    await last.arrayBuffer();
    const refused = await call(token.value);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limitHeaders(refused)).toMatchObject({ limit: 5, remaining: 0 });
    const error = await expectError(refused, 429, "rate_limited");
    expect(error.message).toContain("5 requests per minute");
    // Another token of the same workspace is not affected.
    const other = await makeToken({ label: "neighbour", rateLimitPerMinute: 5 });
    expect((await call(other.value)).status).toBe(200);
  });

  it("gives a token without its own limit the server default, and puts the headers on a 403 too", async () => {
    const token = await makeToken({ label: "default limit", scopes: ["sites:read"] });
    const ok = await call(token.value);
    expect(ok.status).toBe(200);
    expect(limitHeaders(ok).limit).toBe(1000);
    const forbidden = await call(token.value, BASE_URL, "/api/v1/devices");
    expect(limitHeaders(forbidden)).toMatchObject({ limit: 1000, remaining: 998 });
    await expectError(forbidden, 403, "forbidden");
  });

  it("does not count requests refused by the IP allowlist, so a leaked copy elsewhere cannot use up the owner's limit", async () => {
    const token = await makeToken({ label: "office, limited", rateLimitPerMinute: 3, ipAllowlist: ["198.51.100.0/24"] });
    for (let i = 0; i < 5; i++) await expectError(await call(token.value), 403, "ip_not_allowed");
    // The trusted-proxy server reports the office address: the whole limit is still there.
    const fromOffice = await checkedFetch(`${SECOND_BASE_URL}/api/v1/token`, {
      headers: { authorization: `Bearer ${token.value}`, "x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "https" },
    });
    expect(fromOffice.status).toBe(200);
    expect(limitHeaders(fromOffice)).toMatchObject({ limit: 3, remaining: 2 });
  });

  it(`holds across two servers on one database (${provider})`, async () => {
    const token = await makeToken({ label: "two servers", rateLimitPerMinute: 8 });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(token.value, i % 2 === 0 ? BASE_URL : SECOND_BASE_URL)).status);
    const allowed = statuses.filter((s) => s === 200).length;
    if (provider === "postgres") {
      // One budget in the shared rate_limits table: eight in all, whichever server answers.
      expect(allowed).toBe(8);
    } else {
      // SQLite is the one-server setup: each server counts in its own memory (README says so).
      expect(allowed).toBe(12);
    }
    expect(statuses.filter((s) => s !== 200).every((s) => s === 429)).toBe(true);
  });
});

describe("the address's failure budget in RateLimit fields (policy auth_failures)", () => {
  it("is on each 401 that counted against the address, counting down, and on neither a 200 nor the token policy", async () => {
    const policy = `"auth_failures";q=${env.API_AUTH_FAILURE_LIMIT};w=60`;
    const bad = () => call(`tg_live_${"0".repeat(33)}`);
    const first = await bad();
    const second = await bad();
    for (const res of [first, second]) {
      expect(res.headers.get("ratelimit-policy")).toBe(policy);
      expect(res.headers.get("ratelimit-limit")).toBeNull();
    }
    const left = (res: Response) => Number(/r=(\d+)/.exec(res.headers.get("ratelimit") ?? "")?.[1]);
    expect(left(first)).toBeLessThan(env.API_AUTH_FAILURE_LIMIT);
    // Other test files fail from this address too, so "fewer", not "exactly one fewer".
    expect(left(second)).toBeLessThan(left(first));
    await expectError(first, 401, "unauthorized");
    await expectError(second, 401, "unauthorized");
    const none = await checkedFetch(`${BASE_URL}/api/v1/token`);
    expect(none.headers.get("ratelimit-policy")).toBe(policy);
    await expectError(none, 401, "unauthorized");
    const good = await call((await makeToken({ label: "budget" })).value);
    expect(good.headers.get("ratelimit-policy")).toMatch(/^"token";/);
    await good.arrayBuffer();
  });
});

describe("a workspace's default request limit", () => {
  /** The limit a server applies on its next request: at once on PostgreSQL (a notification), within the cache lifetime on SQLite's other server. */
  async function limitSeen(
    base: string,
    token: string,
    expected: number,
    wait = provider === "postgres" || base === BASE_URL ? 0 : env.TOKEN_CACHE_TTL_MS + 1_500,
  ) {
    const deadline = Date.now() + wait;
    let seen = limitHeaders(await call(token, base)).limit;
    while (seen !== expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      seen = limitHeaders(await call(token, base)).limit;
    }
    return seen;
  }

  it("is set by owners only, validated, audited, and applies to tokens without their own limit on the next request of every server", async () => {
    const ws = await freshWorkspace("limits");
    const owner = await ws.person("owner");
    const admin = await ws.person("admin");
    const plain = await makeToken({ actor: owner.actor, label: "no own limit" });
    const own = await makeToken({ actor: owner.actor, label: "own limit", rateLimitPerMinute: 50 });
    // Cached on both servers with the server default first.
    for (const base of [BASE_URL, SECOND_BASE_URL]) expect(limitHeaders(await call(plain.value, base)).limit).toBe(1000);
    const set = async (cookie: string, perMinute: unknown) =>
      (await callAction(BASE_URL, cookie, "setDefaultRateLimitAction", [ws.slug, { perMinute }], { slug: ws.slug })).result;
    const stored = async () => (await db.workspace.findUniqueOrThrow({ where: { id: ws.id } })).defaultRateLimitPerMinute;

    // An admin manages tokens but not this policy; a forged call changes nothing.
    const adminCookie = await signIn(BASE_URL, admin.email);
    expect(await set(adminCookie, "7")).toMatchObject({ ok: false, code: "forbidden" });
    expect(await stored()).toBeNull();

    const ownerCookie = await signIn(BASE_URL, owner.email);
    for (const bad of ["0", "-3", "lots", "2000000", 1.5]) {
      const refused = await set(ownerCookie, bad);
      expect(refused?.ok).toBe(false);
      expect(refused?.fieldErrors?.perMinute?.[0]).toMatch(/whole number from 1 to 1,000,000/);
    }
    expect(await stored()).toBeNull();

    expect(await set(ownerCookie, "7")).toMatchObject({ ok: true, data: { perMinute: 7, effective: 7 } });
    expect(await stored()).toBe(7);
    expect(await limitSeen(BASE_URL, plain.value, 7)).toBe(7);
    expect(await limitSeen(SECOND_BASE_URL, plain.value, 7)).toBe(7);
    // A token with its own limit keeps it.
    expect(limitHeaders(await call(own.value)).limit).toBe(50);
    const events = await db.auditEvent.findMany({ where: { workspaceId: ws.id, action: "workspace.rate_limit_changed" } });
    expect(events.map((e) => [e.actorEmail, e.detail])).toEqual([[owner.email, "to 7 per minute"]]);

    // Saying it again records nothing; empty goes back to the server default.
    expect((await set(ownerCookie, "7"))?.ok).toBe(true);
    expect(await db.auditEvent.count({ where: { workspaceId: ws.id, action: "workspace.rate_limit_changed" } })).toBe(1);
    expect(await set(ownerCookie, "")).toMatchObject({ ok: true, data: { perMinute: null, effective: 1000 } });
    expect(await stored()).toBeNull();
    expect(await limitSeen(BASE_URL, plain.value, 1000)).toBe(1000);
    const last = await db.auditEvent.findFirstOrThrow({
      where: { workspaceId: ws.id, action: "workspace.rate_limit_changed" },
      orderBy: { createdAt: "desc" },
    });
    expect(last.detail).toBe("to the server default (1,000 per minute)");
  });
});
