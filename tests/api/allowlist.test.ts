// Per-token IP allowlists: the address checked is the one the edge decided
// (the socket, or what a trusted proxy reported), so a forged X-Forwarded-For
// can neither pass nor block the check.
import { afterAll, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db/client";
import { contractFetch } from "../support/contract";
import { callAction, signIn } from "../support/actions";
import { BASE_URL, SECOND_BASE_URL } from "../support/servers";
import { expectError, makeToken, uniqueName } from "./helpers";

afterAll(() => db.$disconnect());

const checkedFetch = contractFetch();

/**
 * GET /api/v1/token with this token, from 127.0.0.1, claiming `forwardedFor`
 * over HTTPS (as a TLS-terminating proxy reports it; a server that trusts no
 * proxy ignores both headers).
 */
function call(base: string, token: string, forwardedFor?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (forwardedFor) {
    headers["x-forwarded-for"] = forwardedFor;
    headers["x-forwarded-proto"] = "https";
  }
  return checkedFetch(`${base}/api/v1/token`, { headers });
}

describe("IP allowlist", () => {
  it("allows listed addresses and refuses others with 403 ip_not_allowed, without revealing the list", async () => {
    const local = await makeToken({ label: "loopback only", ipAllowlist: ["127.0.0.1"] });
    expect((await call(BASE_URL, local.value)).status).toBe(200);

    const office = await makeToken({ label: "office only", ipAllowlist: ["198.51.100.0/24", "2001:db8::/32"] });
    const refused = await call(BASE_URL, office.value);
    const body = await expectError(refused, 403, "ip_not_allowed");
    expect(JSON.stringify(body)).not.toContain("198.51.100");
    expect(JSON.stringify(body)).not.toContain("2001:db8");
  });

  it("without a trusted proxy a forged X-Forwarded-For neither passes nor blocks the check", async () => {
    const office = await makeToken({ label: "office only", ipAllowlist: ["198.51.100.0/24"] });
    await expectError(await call(BASE_URL, office.value, "198.51.100.7"), 403, "ip_not_allowed");
    const local = await makeToken({ label: "loopback only", ipAllowlist: ["127.0.0.1"] });
    expect((await call(BASE_URL, local.value, "203.0.113.66")).status).toBe(200);
  });

  it("behind a trusted proxy the reported address counts, for IPv4, IPv6 and CIDR ranges", async () => {
    const office = await makeToken({ label: "office", ipAllowlist: ["198.51.100.0/24", "2001:db8::/32", "203.0.113.7"] });
    for (const allowed of ["198.51.100.250", "2001:db8:7::1", "203.0.113.7", "::ffff:203.0.113.7"]) {
      expect((await call(SECOND_BASE_URL, office.value, allowed)).status, allowed).toBe(200);
    }
    for (const refused of ["198.51.101.1", "2001:db9::1", "203.0.113.8"]) {
      await expectError(await call(SECOND_BASE_URL, office.value, refused), 403, "ip_not_allowed");
    }
  });

  it("an admin narrows the list (audited) and the next request is refused; bad entries get a field error and change nothing", async () => {
    const token = await makeToken({ label: "to narrow" });
    expect((await call(BASE_URL, token.value)).status).toBe(200);
    const cookie = await signIn(BASE_URL, "admin@acme.test");
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    const bad = await callAction(BASE_URL, cookie, "updateTokenAction", [
      "acme",
      { tokenId: token.id, version: row.version, name: row.name, description: "", ipAllowlist: "10.0.0.0/8\nnot-an-address" },
    ]);
    expect(bad.result?.ok).toBe(false);
    expect(bad.result?.fieldErrors?.ipAllowlist?.[0]).toContain("not-an-address");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).version).toBe(row.version);

    const renamed = uniqueName("Narrowed");
    const narrowed = await callAction(BASE_URL, cookie, "updateTokenAction", [
      "acme",
      { tokenId: token.id, version: row.version, name: renamed, description: "Only the office now", ipAllowlist: "10.0.0.0/8" },
    ]);
    expect(narrowed.result?.ok).toBe(true);
    // Evicted from the cache of the server that made the change, and on PostgreSQL of every server.
    await expectError(await call(BASE_URL, token.value), 403, "ip_not_allowed");
    if (provider === "postgres") await expectError(await call(SECOND_BASE_URL, token.value, "198.51.100.1"), 403, "ip_not_allowed");
    const after = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(after).toMatchObject({ name: renamed, description: "Only the office now", ipAllowlist: "10.0.0.0/8" });
    const events = await db.auditEvent.findMany({ where: { tokenId: token.id, action: "token.updated" } });
    expect(events.map((e) => e.tokenName)).toEqual([renamed]);

    // A stale version (someone else edited it meanwhile) changes nothing.
    const stale = await callAction(BASE_URL, cookie, "updateTokenAction", [
      "acme",
      { tokenId: token.id, version: row.version, name: uniqueName("Stale"), description: "", ipAllowlist: "" },
    ]);
    expect(stale.result?.ok).toBe(false);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).name).toBe(renamed);
  });
});

describe("editing a token", () => {
  it("to another token's name is refused with a field error and changes nothing", async () => {
    const taken = await makeToken({ label: "name taken" });
    const token = await makeToken({ label: "would rename" });
    expect((await call(BASE_URL, token.value)).status).toBe(200);
    const cookie = await signIn(BASE_URL, "admin@acme.test");
    // What an edit writes (last-used bookkeeping may land at any moment, so not the whole row).
    const editable = (id: string) =>
      db.apiToken.findUniqueOrThrow({ where: { id }, select: { name: true, description: true, ipAllowlist: true, version: true } });
    const before = await editable(token.id);
    const takenBefore = await editable(taken.id);
    // The name exactly, and as typed with spaces around it (trimmed to the same name).
    for (const name of [taken.name, `  ${taken.name} `]) {
      const clash = await callAction(BASE_URL, cookie, "updateTokenAction", [
        "acme",
        { tokenId: token.id, version: before.version, name, description: "Renamed onto another", ipAllowlist: "10.0.0.0/8" },
      ]);
      expect(clash.result).toMatchObject({ ok: false, code: "conflict" });
      expect(clash.result?.fieldErrors?.name?.[0]).toMatch(/already exists/);
    }
    // Neither row moved (name, description, allowlist, version), nothing was audited, and the allowlist did not narrow.
    expect(await editable(token.id)).toEqual(before);
    expect(await editable(taken.id)).toEqual(takenBefore);
    expect(await db.auditEvent.count({ where: { tokenId: token.id, action: "token.updated" } })).toBe(0);
    expect((await call(BASE_URL, token.value)).status).toBe(200);
    // The same edit under a free name goes through, so the refusal above was about the name alone.
    const free = uniqueName("Free name");
    const renamed = await callAction(BASE_URL, cookie, "updateTokenAction", [
      "acme",
      { tokenId: token.id, version: before.version, name: free, description: "", ipAllowlist: "" },
    ]);
    expect(renamed.result?.ok).toBe(true);
    expect(await editable(token.id)).toMatchObject({ name: free, version: before.version + 1 });
  });
});

describe("last use", () => {
  const lastUse = (id: string) => db.apiToken.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true, lastUsedIp: true } });

  it("is recorded only for an accepted request: a refusal for the address, the scope or the limit writes nothing there", async () => {
    // Refused for its address (behind the trusted proxy, from an address off the list).
    const office = await makeToken({ label: "last use, address", ipAllowlist: ["198.51.100.0/24"] });
    await expectError(await call(SECOND_BASE_URL, office.value, "203.0.113.99"), 403, "ip_not_allowed");
    // Refused for its scope: it can read devices only.
    const reader = await makeToken({ label: "last use, scope", scopes: ["devices:read"] });
    const audit = await checkedFetch(`${BASE_URL}/api/v1/audit-events`, { headers: { authorization: `Bearer ${reader.value}` } });
    await expectError(audit, 403, "forbidden");
    // Refused for its limit, after one accepted request.
    const limited = await makeToken({ label: "last use, limit", rateLimitPerMinute: 1 });
    expect((await call(SECOND_BASE_URL, limited.value, "198.51.100.1")).status).toBe(200);
    await expectError(await call(SECOND_BASE_URL, limited.value, "198.51.100.2"), 429, "rate_limited");

    await new Promise((r) => setTimeout(r, 500));
    expect(await lastUse(office.id)).toEqual({ lastUsedAt: null, lastUsedIp: null });
    expect(await lastUse(reader.id)).toEqual({ lastUsedAt: null, lastUsedIp: null });
    expect((await lastUse(limited.id)).lastUsedIp).toBe("198.51.100.1");

    // The accepted request is recorded, with the address it came from.
    expect((await call(SECOND_BASE_URL, office.value, "198.51.100.42")).status).toBe(200);
    await expect.poll(async () => (await lastUse(office.id)).lastUsedIp).toBe("198.51.100.42");
  });
});
