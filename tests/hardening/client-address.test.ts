// Who is calling, tried as an attacker would: forged X-Forwarded-For,
// X-Real-IP, Forwarded and X-Forwarded-Proto against a server that trusts no
// proxy, and a client-supplied prefix behind a real appending proxy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { generateToken } from "@/lib/tokens/format";
import { createToken } from "@/lib/tokens/service";
import { callAction, signIn } from "../support/actions";
import { appendingProxy, loopbackClient, request, type Listening } from "../support/http";
import { actorFor, tokenInput, uniqueName } from "../support/factories";
import { BASE_URL, SECOND_BASE_URL, STRICT_BASE_URL } from "../support/servers";

const FORGED = {
  "x-forwarded-for": "203.0.113.66, <script>alert(1)</script>",
  "x-real-ip": "203.0.113.67",
  forwarded: "for=203.0.113.68;proto=https",
  "x-forwarded-proto": "https",
};

async function validToken() {
  const issued = await createToken(await actorFor("acme"), tokenInput());
  if (!issued.ok) throw new Error(issued.error);
  return issued.data;
}

async function lastUsedIp(id: string) {
  for (let i = 0; i < 50; i++) {
    const row = await db.apiToken.findUniqueOrThrow({ where: { id }, select: { lastUsedIp: true } });
    if (row.lastUsedIp) return row.lastUsedIp;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

/** 25 failed authentications; returns their statuses. */
async function junk(baseUrl: string, localAddress: string, forwardedFor: (i: number) => string) {
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) {
    const res = await request(`${baseUrl}/api/v1/token`, {
      headers: { authorization: `Bearer ${generateToken()}`, "x-forwarded-for": forwardedFor(i) },
      localAddress,
    });
    statuses.push(res.status);
  }
  return statuses;
}

afterAll(() => db.$disconnect());

describe("without a trusted proxy the client address is the socket's", () => {
  it("audit events record the socket address, whatever the forwarding headers say", async () => {
    const admin = await signIn(BASE_URL, "admin@acme.test");
    const name = uniqueName("Forged address");
    const created = await callAction(
      BASE_URL,
      admin,
      "createTokenAction",
      ["acme", { name, expiry: "7d", scopes: ["devices:read"], access: "all" }],
      { headers: FORGED },
    );
    expect(created.result?.ok).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { tokenName: name, action: "token.created" } });
    expect(event.ip).toBe("127.0.0.1");
  });

  it("last used records the socket address, never header text", async () => {
    const token = await validToken();
    const client = loopbackClient();
    const res = await request(`${STRICT_BASE_URL}/api/v1/token`, {
      headers: { authorization: `Bearer ${token.plaintext}`, ...FORGED },
      localAddress: client,
    });
    expect(res.status).toBe(200);
    expect(await lastUsedIp(token.id)).toBe(client);
  });

  it("a new X-Forwarded-For on every request does not reset the failure limit", async () => {
    const statuses = await junk(STRICT_BASE_URL, loopbackClient(), (i) => `198.51.100.${i + 1}`);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it("junk sent under a victim's forged address locks out only the sender", async () => {
    const victim = loopbackClient();
    const attacker = loopbackClient();
    const statuses = await junk(STRICT_BASE_URL, attacker, () => victim);
    expect(statuses.at(-1)).toBe(429);
    const token = await validToken();
    const res = await request(`${STRICT_BASE_URL}/api/v1/token`, {
      headers: { authorization: `Bearer ${token.plaintext}` },
      localAddress: victim,
    });
    expect(res.status).toBe(200);
  });
});

describe("behind a trusted proxy (TRUST_PROXY=1) only the hop the proxy appended counts", () => {
  let proxy: Listening;
  beforeAll(async () => {
    proxy = await appendingProxy(SECOND_BASE_URL);
  });
  afterAll(() => proxy.close());

  it("the client's own X-Forwarded-For prefix is ignored for last used", async () => {
    const token = await validToken();
    const client = loopbackClient();
    const res = await request(`${proxy.url}/api/v1/token`, {
      headers: { authorization: `Bearer ${token.plaintext}`, "x-forwarded-for": "198.51.100.200" },
      localAddress: client,
    });
    expect(res.status).toBe(200);
    expect(await lastUsedIp(token.id)).toBe(client);
  });

  it("rotating the client's prefix does not reset the failure limit", async () => {
    const statuses = await junk(proxy.url, loopbackClient(), (i) => `198.51.100.${i + 1}`);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it("an entry from a trusted proxy that is not an address is refused, not charged to the proxy", async () => {
    const res = await request(`${SECOND_BASE_URL}/api/v1/token`, { headers: { authorization: "Bearer x", "x-forwarded-for": "unix:" } });
    expect(res.status).toBe(400);
  });

  it("the HTTPS rule follows the proxy's scheme and address, not the client's claims", async () => {
    // A load balancer that saw an Internet client over plain HTTP.
    const plainLb = await appendingProxy(SECOND_BASE_URL, { address: "203.0.113.9", proto: "http" });
    const tlsLb = await appendingProxy(SECOND_BASE_URL, { address: "203.0.113.9", proto: "https" });
    try {
      const claims = { authorization: "Bearer nonsense", "x-forwarded-proto": "https", "x-forwarded-for": "127.0.0.1" };
      const refused = await request(`${plainLb.url}/api/v1/token`, { headers: claims });
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text).error.code).toBe("https_required");
      const passed = await request(`${tlsLb.url}/api/v1/token`, { headers: claims });
      expect(passed.status).toBe(401);
    } finally {
      await Promise.all([plainLb.close(), tlsLb.close()]);
    }
  });
});
