// Rotation with overlap: regenerate keeps the old value working for a while,
// then only the new one works; delete and a second regeneration end it early.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db/client";
import { env } from "@/lib/env";
import { callAction, signIn } from "../support/actions";
import { contractFetch } from "../support/contract";
import { BASE_URL, SECOND_BASE_URL } from "../support/servers";
import { makeToken } from "./helpers";

afterAll(() => db.$disconnect());

const checkedFetch = contractFetch();
let cookie: string;
beforeAll(async () => {
  cookie = await signIn(BASE_URL, "admin@acme.test");
});

async function whoAmI(value: string, base = BASE_URL) {
  const response = await checkedFetch(`${base}/api/v1/token`, { headers: { authorization: `Bearer ${value}` } });
  const body = (await response.json()) as { data?: { old_value_expires_at: string | null } };
  return { status: response.status, oldValueExpiresAt: body.data?.old_value_expires_at };
}

/** Regenerates through the server (as the tab does), so its cache hears of it; returns the new value. */
async function regenerate(tokenId: string, overlap: "now" | "1h" | "24h" | "7d") {
  const { version } = await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
  const { result } = await callAction(BASE_URL, cookie, "regenerateTokenAction", ["acme", { tokenId, version, expiry: "30d", overlap }]);
  if (!result?.ok) throw new Error(`regenerate failed: ${result?.error}`);
  return (result.data as { plaintext: string }).plaintext;
}

describe("rotation with overlap", () => {
  it("both values work during the overlap, and the old one says until when", async () => {
    const token = await makeToken({ label: "rotating" });
    expect((await whoAmI(token.value)).status).toBe(200);
    const before = Date.now();
    const next = await regenerate(token.id, "1h");
    const old = await whoAmI(token.value);
    expect(old.status).toBe(200);
    const until = new Date(old.oldValueExpiresAt ?? 0).getTime();
    expect(until).toBeGreaterThan(before + 59 * 60_000);
    expect(until).toBeLessThan(Date.now() + 61 * 60_000);
    expect(await whoAmI(next)).toEqual({ status: 200, oldValueExpiresAt: null });
    // Every server, on PostgreSQL at once.
    if (provider === "postgres") expect((await whoAmI(token.value, SECOND_BASE_URL)).status).toBe(200);
  });

  it("after the overlap only the new value works", async () => {
    const token = await makeToken({ label: "overlap ends" });
    const next = await regenerate(token.id, "1h");
    // Pretend the hour has passed but for a moment (no value was cached since the regeneration).
    await db.apiToken.update({ where: { id: token.id }, data: { previousExpiresAt: new Date(Date.now() + 1_500) } });
    expect((await whoAmI(token.value)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_800));
    expect((await whoAmI(token.value)).status).toBe(401);
    expect((await whoAmI(next)).status).toBe(200);
  });

  it("a second regeneration ends the earlier overlap; delete ends both values at once", async () => {
    const token = await makeToken({ label: "twice" });
    const second = await regenerate(token.id, "1h");
    const third = await regenerate(token.id, "24h");
    expect((await whoAmI(token.value)).status).toBe(401);
    expect((await whoAmI(second)).status).toBe(200);
    expect((await whoAmI(third)).status).toBe(200);

    const { version } = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    const deleted = await callAction(BASE_URL, cookie, "deleteTokenAction", ["acme", { tokenId: token.id, version }]);
    expect(deleted.result?.ok).toBe(true);
    expect((await whoAmI(second)).status).toBe(401);
    expect((await whoAmI(third)).status).toBe(401);
  });

  it("'now' ends the old value at once, as before", async () => {
    const token = await makeToken({ label: "leaked" });
    expect((await whoAmI(token.value)).status).toBe(200);
    const next = await regenerate(token.id, "now");
    expect((await whoAmI(token.value)).status).toBe(401);
    expect((await whoAmI(next)).status).toBe(200);
  });

  it("delete during an overlap ends both values on the second server too", async () => {
    const token = await makeToken({ label: "overlap, deleted" });
    const next = await regenerate(token.id, "1h");
    // Both values are known (cached) on the second server before the delete.
    expect((await onSecond(token.value)).status).toBe(200);
    expect((await onSecond(next)).status).toBe(200);

    const { version } = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    const deleted = await callAction(BASE_URL, cookie, "deleteTokenAction", ["acme", { tokenId: token.id, version }]);
    expect(deleted.result?.ok).toBe(true);
    const since = Date.now();
    expect((await whoAmI(token.value)).status).toBe(401);
    expect((await whoAmI(next)).status).toBe(401);
    await expectRefusedOnSecond(token.value, since);
    await expectRefusedOnSecond(next, since);
  });

  it("a regeneration during an overlap ends the older value on the second server too; the others work there", async () => {
    const token = await makeToken({ label: "overlap, regenerated" });
    const second = await regenerate(token.id, "1h");
    expect((await onSecond(token.value)).status).toBe(200);
    expect((await onSecond(second)).status).toBe(200);

    const third = await regenerate(token.id, "24h");
    const since = Date.now();
    expect((await whoAmI(token.value)).status).toBe(401);
    await expectRefusedOnSecond(token.value, since);
    // The value it replaced is now the one in its overlap (said at once on PostgreSQL, whose servers
    // dropped their cached copy; on SQLite once that copy lapses), and the new one works everywhere.
    const old = await onSecond(second);
    expect(old.status).toBe(200);
    if (provider === "postgres") expect(new Date(old.oldValueExpiresAt ?? 0).getTime()).toBeGreaterThan(Date.now() + 23 * 60 * 60_000);
    expect(await onSecond(third)).toEqual({ status: 200, oldValueExpiresAt: null });
  });
});

// The second server trusts X-Forwarded-For and refuses 20 failed authentications a minute per client:
// this file's calls there come from an address of their own, so other files' failures cannot block them.
const viaProxy = {
  "x-forwarded-proto": "https",
  "x-forwarded-for": `127.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
};

async function onSecond(value: string) {
  const response = await checkedFetch(`${SECOND_BASE_URL}/api/v1/token`, { headers: { authorization: `Bearer ${value}`, ...viaProxy } });
  const body = (await response.json()) as { data?: { old_value_expires_at: string | null } };
  return { status: response.status, oldValueExpiresAt: body.data?.old_value_expires_at };
}

/**
 * As tests/hardening/two-servers.test.ts: on PostgreSQL (LISTEN/NOTIFY) the very next request on the second
 * server is refused; on SQLite its cached entry lapses within the token cache's lifetime after the change.
 */
async function expectRefusedOnSecond(value: string, since: number) {
  if (provider === "postgres") {
    expect((await onSecond(value)).status).toBe(401);
    return;
  }
  const deadline = since + env.TOKEN_CACHE_TTL_MS + 2_000;
  let status = (await onSecond(value)).status;
  while (status !== 401 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await onSecond(value)).status;
  }
  expect(status).toBe(401);
  expect(Date.now() - since).toBeLessThanOrEqual(env.TOKEN_CACHE_TTL_MS + 500);
}
