// Leaked-token reports: POST /api/v1/revocations without authentication.
// Valid values (current or old) are revoked everywhere, the answer never
// says which were valid, the owning workspace is told, and one address can
// only report so often.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db/client";
import { env } from "@/lib/env";
import { generateToken } from "@/lib/tokens/format";
import { contractFetch } from "../support/contract";
import { BASE_URL, SECOND_BASE_URL } from "../support/servers";
import { expectError, expectOk, makeToken } from "./helpers";

afterAll(() => db.$disconnect());

const checkedFetch = contractFetch();

function report(body: unknown, base = BASE_URL, headers: Record<string, string> = {}) {
  return checkedFetch(`${base}/api/v1/revocations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const status = async (token: string, base = BASE_URL) =>
  (await fetch(`${base}/api/v1/token`, { headers: { authorization: `Bearer ${token}` } })).status;

async function eventually(read: () => Promise<number>, expected: number) {
  const deadline = Date.now() + (provider === "postgres" ? 0 : env.TOKEN_CACHE_TTL_MS + 2_000);
  let seen = await read();
  while (seen !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    seen = await read();
  }
  return seen;
}

describe("leaked-token reports", () => {
  it("revoke every valid value in a mixed list on every server, and answer the same as for a list of nothing valid", async () => {
    const [a, b] = await Promise.all([makeToken({ label: "leaked a" }), makeToken({ label: "leaked b" })]);
    const keep = await makeToken({ label: "not leaked" });
    for (const t of [a, b, keep]) {
      expect(await status(t.value)).toBe(200);
      expect(await status(t.value, SECOND_BASE_URL)).toBe(200);
    }
    const strings = [a.value, "not a token", generateToken(), `${b.value.slice(0, -1)}x`, b.value];
    const mixed = await expectOk<{ data: { received: number } }>(
      await report({ tokens: strings, url: "https://gist.example.com/someone/abc123" }),
    );
    const none = await expectOk<{ data: { received: number } }>(
      await report({ tokens: ["not a token", generateToken(), generateToken(), "x", generateToken()] }),
    );
    // Same shape and numbers whether or not anything was valid.
    expect(mixed).toEqual({ data: { received: 5 } });
    expect(none).toEqual({ data: { received: 5 } });

    expect(await status(a.value)).toBe(401);
    expect(await status(b.value)).toBe(401);
    expect(await status(keep.value)).toBe(200);
    expect(await eventually(() => status(a.value, SECOND_BASE_URL), 401)).toBe(401);
    expect(await eventually(() => status(b.value, SECOND_BASE_URL), 401)).toBe(401);
    expect(await db.apiToken.count({ where: { id: { in: [a.id, b.id] } } })).toBe(0);

    const event = await db.auditEvent.findFirstOrThrow({ where: { tokenId: a.id, action: "token.leak_reported" } });
    expect(event.detail).toBe("(found at https://gist.example.com/someone/abc123)");
    expect(event.ip).toBe("127.0.0.1");
    expect(event.actorId).toBeNull();
    // The admins see it in the Developers tab's banner.
    const acme = await db.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
    expect(event.workspaceId).toBe(acme.id);
  });

  it("revokes a token reported by its old value during a rotation overlap", async () => {
    const token = await makeToken({ label: "rotated leak" });
    const old = token.value;
    const next = generateToken();
    const { hashToken, displayParts } = await import("@/lib/tokens/format");
    await db.apiToken.update({
      where: { id: token.id },
      data: {
        previousHash: hashToken(old),
        previousExpiresAt: new Date(Date.now() + 3_600_000),
        hash: hashToken(next),
        ...displayParts(next),
      },
    });
    await expectOk(await report({ tokens: [old] }));
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(0);
  });

  it("a dead old value (its overlap over) revokes nothing, and the live token keeps working", async () => {
    const token = await makeToken({ label: "dead old value" });
    const old = token.value;
    const next = generateToken();
    const { hashToken, displayParts } = await import("@/lib/tokens/format");
    await db.apiToken.update({
      where: { id: token.id },
      data: { previousHash: hashToken(old), previousExpiresAt: new Date(Date.now() - 1_000), hash: hashToken(next), ...displayParts(next) },
    });
    expect(await status(old)).toBe(401);
    await expectOk(await report({ tokens: [old] }));
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(1);
    expect(await status(next)).toBe(200);
    // The ended overlap's hash is gone from the row, so nothing can match it again.
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { previousHash: true } })).toEqual({
      previousHash: null,
    });
    // The current value still revokes it.
    await expectOk(await report({ tokens: [next] }));
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(0);
  });

  it("a report at its documented maximum (1,000 well-formed values) revokes the one real token among them", async () => {
    const token = await makeToken({ label: "big report" });
    const values = Array.from({ length: 999 }, () => generateToken());
    values.splice(637, 0, token.value);
    expect(values).toHaveLength(1_000);
    const res = await report({ tokens: values, url: "https://scanner.example/batch" });
    const body = await expectOk<{ data: { received: number } }>(res);
    expect(body.data.received).toBe(1_000);
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(0);
    expect(await eventually(() => status(token.value, SECOND_BASE_URL), 401)).toBe(401);
  });

  it("refuses what is not a report with a field-level 400 and revokes nothing", async () => {
    const token = await makeToken({ label: "bystander" });
    const tooMany = await expectError(await report({ tokens: Array.from({ length: 1001 }, () => token.value) }), 400, "invalid_request");
    expect(tooMany.details?.tokens?.[0]).toMatch(/at most 1,000/);
    await expectError(await report({ tokens: [token.value], url: "javascript:alert(1)" }), 400, "invalid_request");
    await expectError(await report({ tokens: [token.value], extra: 1 }), 400, "invalid_request");
    await expectError(await report("{not json"), 400, "invalid_request");
    expect(await status(token.value)).toBe(200);
  });

  it("limits reports per address, judged on the trusted client address", async () => {
    const address = `198.51.100.${randomBytes(1)[0] % 250}`;
    const from = { "x-forwarded-for": address, "x-forwarded-proto": "https" };
    let limited: Response | null = null;
    for (let i = 0; i <= env.LEAK_REPORT_LIMIT && !limited; i++) {
      const res = await report({ tokens: ["nothing"] }, SECOND_BASE_URL, from);
      if (res.status === 429) limited = res;
    }
    expect(limited, "the limit never applied").not.toBeNull();
    const error = await expectError(limited!, 429, "rate_limited");
    expect(error.message).toMatch(/leaked-token reports/);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    const other = await report({ tokens: ["nothing"] }, SECOND_BASE_URL, { ...from, "x-forwarded-for": "198.51.100.251" });
    expect(other.status).toBe(200);
  });
});
