import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db/client";
import { callAction, signIn } from "../support/actions";
import { uniqueName } from "../support/factories";
import { BASE_URL, SECOND_BASE_URL } from "../support/servers";

const A = BASE_URL;
const B = SECOND_BASE_URL;
// B trusts X-Forwarded-For and has a low failure limit: give this file a client address of its own.
const viaProxy = {
  "x-forwarded-proto": "https",
  "x-forwarded-for": `127.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
};
const TTL_MS = Number(process.env.TOKEN_CACHE_TTL_MS ?? 5000);

let admin: string;
beforeAll(async () => {
  admin = await signIn(A, "admin@acme.test");
});
afterAll(() => db.$disconnect());

async function introspect(base: string, token: string) {
  const res = await fetch(`${base}/api/v1/token`, { headers: { authorization: `Bearer ${token}`, ...viaProxy } });
  await res.arrayBuffer();
  return res.status;
}

async function createOnA() {
  const created = await callAction(A, admin, "createTokenAction", [
    "acme",
    { name: uniqueName("Two servers"), expiry: "7d", scopes: ["devices:read"], access: "all" },
  ]);
  expect(created.result?.ok).toBe(true);
  return created.result!.data as { id: string; plaintext: string };
}

/** Polls until `base` refuses `token`; returns how long that took. */
async function msUntilRefused(base: string, token: string, limitMs: number) {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    if ((await introspect(base, token)) === 401) return Date.now() - start;
  }
  return Infinity;
}

describe("two servers on one database", () => {
  it("a token created on A works on B, and a delete on A is refused on B within the stated bound", async () => {
    const token = await createOnA();
    expect(await introspect(B, token.plaintext)).toBe(200);
    expect(await introspect(A, token.plaintext)).toBe(200);
    const deleted = await callAction(A, admin, "deleteTokenAction", ["acme", { tokenId: token.id, version: 1 }]);
    expect(deleted.result?.ok).toBe(true);
    expect(await introspect(A, token.plaintext)).toBe(401);
    if (provider === "postgres") {
      // LISTEN/NOTIFY: the very next request on B is refused.
      expect(await introspect(B, token.plaintext)).toBe(401);
    } else {
      expect(await msUntilRefused(B, token.plaintext, TTL_MS + 2000)).toBeLessThanOrEqual(TTL_MS + 500);
    }
  });

  it("a regenerate on A retires the old value on B, and the new one works there", async () => {
    const token = await createOnA();
    expect(await introspect(B, token.plaintext)).toBe(200);
    const regenerated = await callAction(A, admin, "regenerateTokenAction", ["acme", { tokenId: token.id, version: 1, expiry: "30d" }]);
    const fresh = regenerated.result?.data as { plaintext: string };
    expect(fresh.plaintext).not.toBe(token.plaintext);
    expect(await introspect(B, fresh.plaintext)).toBe(200);
    if (provider === "postgres") expect(await introspect(B, token.plaintext)).toBe(401);
    else expect(await msUntilRefused(B, token.plaintext, TTL_MS + 2000)).toBeLessThanOrEqual(TTL_MS + 500);
  });

  it("last-used updates from both servers are kept", async () => {
    const token = await createOnA();
    expect(await introspect(A, token.plaintext)).toBe(200);
    const readLastUsed = async () => (await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    const waitFor = async (check: (d: Date | null) => boolean) => {
      for (let i = 0; i < 50; i++) {
        const value = await readLastUsed();
        if (check(value)) return value;
        await new Promise((r) => setTimeout(r, 100));
      }
      return readLastUsed();
    };
    const first = await waitFor((d) => d !== null);
    expect(first).not.toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect(await introspect(B, token.plaintext)).toBe(200);
    const second = await waitFor((d) => d !== null && d.getTime() > first!.getTime());
    expect(second!.getTime()).toBeGreaterThan(first!.getTime());
  });
});
